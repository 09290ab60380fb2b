import type { Author } from '@tandem/protocol';
import type { Logger } from '../observability/logger.ts';
import type { RelayMetrics } from '../observability/relay-metrics.ts';
import type { ConversationPatch, ConversationRecord, ConversationStore } from '../store/store.ts';
import { appendEvents, requireConversation } from './conversation-records.ts';
import type { HandoffRequestInput } from './handoff-request.ts';
import type { ConversationHooks } from './hooks.ts';
import { IllegalTransitionError, modesLeadingTo } from './state-machine.ts';

export interface HandoffTransitionDependencies {
  store: ConversationStore;
  metrics: RelayMetrics;
  logger: Logger;
  /** Runs the `onHandoffRequested` hooks in the background. */
  runHandoffRequestedHooks: (...parameters: Parameters<NonNullable<ConversationHooks['onHandoffRequested']>>) => void;
}

/**
 * The moves between the assistant, waiting for a person and a person answering (see state-machine.ts). A mode
 * changes only from the modes it may leave, so when two moves race only the winner appends its events.
 */
export class HandoffTransitions {
  constructor(private readonly dependencies: HandoffTransitionDependencies) {}

  async request(conversationId: string, request: HandoffRequestInput): Promise<void> {
    const { store, metrics } = this.dependencies;
    const updated = await store.updateConversation(
      conversationId,
      {
        mode: 'waiting',
        handoff: {
          status: 'requested',
          reasons: [...request.reasons],
          priority: request.priority,
          source: request.source,
          requestedAt: new Date().toISOString(),
          ...(request.note !== undefined ? { note: request.note } : {}),
        },
      },
      { ifModeIn: ['assistant'] },
    );
    if (!updated) {
      const current = await requireConversation(store, conversationId);
      if (current.mode === 'waiting' || current.mode === 'human') return;
      throw new IllegalTransitionError(current.mode, 'waiting', 'ask for a person');
    }
    await appendEvents(store, conversationId, [
      { type: 'mode', mode: 'waiting' },
      { type: 'handoff', status: 'requested', reasons: [...request.reasons] },
    ]);
    for (const reason of request.reasons.length > 0 ? request.reasons : ['unspecified']) {
      metrics.handoffs.increment({ reason });
    }
    this.dependencies.runHandoffRequestedHooks(updated, request);
  }

  async markUnavailable(conversationId: string, reason: string): Promise<void> {
    const { store, metrics, logger } = this.dependencies;
    const current = await requireConversation(store, conversationId);
    if (current.mode !== 'waiting') {
      logger.debug('handoff unavailable ignored', { conversationId, mode: current.mode, reason });
      return;
    }
    const updated = await store.updateConversation(
      conversationId,
      { mode: 'assistant', ...handoffPatch(current, { status: 'unavailable' }) },
      { ifModeIn: ['waiting'] },
    );
    if (!updated) return;
    await appendEvents(store, conversationId, [
      { type: 'handoff', status: 'unavailable', reasons: [reason] },
      { type: 'mode', mode: 'assistant' },
    ]);
    metrics.handoffOutcomes.increment({ status: 'unavailable' });
  }

  async markFailed(conversationId: string, reason: string): Promise<void> {
    const { store, metrics } = this.dependencies;
    const current = await requireConversation(store, conversationId);
    if (current.mode === 'closed') return;
    await store.updateConversation(conversationId, handoffPatch(current, { status: 'failed' }));
    await appendEvents(store, conversationId, [{ type: 'handoff', status: 'failed', reasons: [reason] }]);
    metrics.handoffOutcomes.increment({ status: 'failed' });
  }

  async agentJoined(conversationId: string, agent: Author): Promise<void> {
    const { store, metrics } = this.dependencies;
    const current = await requireConversation(store, conversationId);
    if (current.mode === 'human') return;
    if (current.mode === 'closed') throw new IllegalTransitionError(current.mode, 'human', 'let a person join');
    const updated = await store.updateConversation(
      conversationId,
      { mode: 'human', ...handoffPatch(current, { status: 'connected', agent }) },
      { ifModeIn: modesLeadingTo('human') },
    );
    // Another move won the race: decide again from the mode it left.
    if (!updated) return this.agentJoined(conversationId, agent);
    await appendEvents(store, conversationId, [
      { type: 'mode', mode: 'human' },
      { type: 'handoff', status: 'connected', agent },
    ]);
    metrics.handoffOutcomes.increment({ status: 'connected' });
  }

  async handBack(conversationId: string): Promise<void> {
    const { store } = this.dependencies;
    const updated = await store.updateConversation(
      conversationId,
      { mode: 'assistant' },
      { ifModeIn: ['human', 'waiting'] },
    );
    if (!updated) {
      const current = await requireConversation(store, conversationId);
      if (current.mode === 'assistant') return;
      throw new IllegalTransitionError(current.mode, 'assistant', 'hand back to the assistant');
    }
    await appendEvents(store, conversationId, [{ type: 'mode', mode: 'assistant' }]);
  }
}

/** A person may join without a request (a reply to a left address): such a handoff starts from a made-up request. */
function handoffPatch(current: ConversationRecord, change: Partial<NonNullable<ConversationRecord['handoff']>>) {
  const base = current.handoff ?? {
    status: 'requested' as const,
    reasons: ['agent_joined'],
    priority: 'normal' as const,
    source: 'agent' as const,
    requestedAt: new Date().toISOString(),
  };
  return { handoff: { ...base, ...change } } satisfies ConversationPatch;
}
