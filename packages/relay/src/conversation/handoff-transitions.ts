import type { Author } from '@tandem/protocol';
import type { Logger } from '../observability/logger.ts';
import type { RelayMetrics } from '../observability/relay-metrics.ts';
import type { HandoffRequestInput } from '../policy/handoff-request.ts';
import type { ConversationStore } from '../store/store.ts';
import type { HandoffPort } from './handoff-port.ts';
import { applyModeChange } from './state-machine.ts';

export interface HandoffTransitionDependencies {
  store: ConversationStore;
  metrics: RelayMetrics;
  logger: Logger;
  /** Tells the handoff runner, in the background, once a request is stored. */
  notify: (call: (port: HandoffPort) => Promise<unknown>, conversationId: string) => void;
}

/**
 * The moves between the assistant, waiting for a person and a person answering: each one row of the table in
 * state-machine.ts, stored as one transition, followed by its metrics and the runner's part.
 */
export class HandoffTransitions {
  constructor(private readonly dependencies: HandoffTransitionDependencies) {}

  async request(conversationId: string, request: HandoffRequestInput): Promise<void> {
    const { store, metrics, notify } = this.dependencies;
    const updated = await applyModeChange(store, conversationId, 'handoff-requested', { request });
    if (!updated) return;
    for (const reason of request.reasons.length > 0 ? request.reasons : ['unspecified']) {
      metrics.handoffs.increment({ reason });
    }
    notify((port) => port.handoffRequested(updated, request), conversationId);
  }

  async markUnavailable(conversationId: string, reason: string): Promise<void> {
    const { store, metrics, logger } = this.dependencies;
    const updated = await applyModeChange(store, conversationId, 'handoff-unavailable', { reason });
    if (!updated) {
      logger.debug('handoff unavailable ignored', { conversationId, reason });
      return;
    }
    metrics.handoffOutcomes.increment({ status: 'unavailable' });
  }

  async markFailed(conversationId: string, reason: string): Promise<void> {
    const { store, metrics } = this.dependencies;
    const updated = await applyModeChange(store, conversationId, 'handoff-failed', { reason });
    if (updated) metrics.handoffOutcomes.increment({ status: 'failed' });
  }

  async agentJoined(conversationId: string, agent: Author): Promise<void> {
    const { store, metrics } = this.dependencies;
    const updated = await applyModeChange(store, conversationId, 'agent-joined', { agent });
    if (updated) metrics.handoffOutcomes.increment({ status: 'connected' });
  }

  async handBack(conversationId: string): Promise<void> {
    await applyModeChange(this.dependencies.store, conversationId, 'hand-back', {});
  }
}
