import type { HandoffAdapter, HandoffTicket } from '@tandem/handoff';
import type { ConversationService } from '../conversation/conversation-service.ts';
import type { Logger } from '../observability/logger.ts';
import type { HandoffRequestInput } from '../policy/handoff-request.ts';
import type { ConversationRecord } from '../store/store.ts';
import type { CallAdapter } from './adapter-call.ts';
import { buildContextPacket, type HandoffSummarizer, type SentimentScorer } from './context-packet.ts';
import { type HandoffMetrics, refreshPendingGauge } from './handoff-metrics.ts';
import type { HandoffRecords, PendingHandoff } from './handoff-records.ts';
import { isInboxHandoff } from './inbox/inbox-adapter.ts';
import { openThroughChain } from './open-through-chain.ts';
import type { ResolvedHandoffOptions } from './options.ts';
import { chooseRoute, resolveChain } from './routing.ts';

/** What became of one handoff. */
export interface HandoffOutcome {
  /** Undefined when no adapter took the handoff and it was kept for retry. */
  ticket: HandoffTicket | undefined;
  /** Messages the context packet carried, so they are not forwarded a second time. */
  transcriptIds: Set<string>;
}

export interface HandoffOpenerDependencies {
  conversations: ConversationService;
  options: ResolvedHandoffOptions;
  adapters: ReadonlyMap<string, HandoffAdapter>;
  records: HandoffRecords;
  metrics: HandoffMetrics;
  logger: Logger;
  call: CallAdapter;
  summarize?: HandoffSummarizer | undefined;
  scoreSentiment?: SentimentScorer | undefined;
  /** A handoff was kept because no adapter took it; the background retry should run. */
  onKept: () => void;
}

/** Opens the ticket of a handoff through its routed chain, or keeps the handoff for the retry. */
export class HandoffOpener {
  constructor(private readonly dependencies: HandoffOpenerDependencies) {}

  /** Opens the ticket; when no adapter takes it, tells the visitor and keeps the handoff. */
  async openOrKeep(conversation: ConversationRecord, request: HandoffRequestInput): Promise<HandoffOutcome> {
    const { records, metrics, logger, conversations, onKept } = this.dependencies;
    const handoffKey = handoffKeyOf(conversation);
    try {
      return await this.open(conversation, request, handoffKey);
    } catch (error) {
      const lastError = error instanceof Error ? error.message : String(error);
      logger.error('handoff kept for retry: no adapter accepted it', {
        conversationId: conversation.id,
        error: lastError,
      });
      await records.savePending({
        conversationId: conversation.id,
        handoffKey,
        request: copyRequest(request),
        failedAt: new Date().toISOString(),
        retries: 0,
        lastError,
      });
      await refreshPendingGauge(metrics, records);
      await conversations.markHandoffUnavailable(conversation.id, 'adapters_unavailable');
      onKept();
      return { ticket: undefined, transcriptIds: new Set() };
    }
  }

  /** Opens the ticket, or returns the one already opened for this very handoff (a retried open never opens two). */
  async open(
    conversation: ConversationRecord,
    request: HandoffRequestInput,
    handoffKey: string,
  ): Promise<HandoffOutcome> {
    const { conversations, options, records, metrics, logger } = this.dependencies;
    const existing = await records.ticketOf(conversation.id);
    if (existing && existing.handoffKey === handoffKey) {
      return { ticket: existing.ticket, transcriptIds: new Set() };
    }
    const context = await buildContextPacket({
      store: conversations.store,
      conversation,
      request: withContactNote(conversation, request),
      summarize: this.dependencies.summarize,
      scoreSentiment: this.dependencies.scoreSentiment,
      conversationUrl: this.conversationUrl(conversation.id),
      logger,
    });
    const decision = chooseRoute(
      context,
      options.routes,
      options.chain ?? resolveChain(options.adapters.map((adapter) => adapter.name)),
    );
    const files = conversations.attachments?.files(conversation.id);
    const ticket = await openThroughChain(this.dependencies, context, decision.chain, handoffKey, files);
    await records.saveTicket(conversation.id, {
      ticket,
      handoffKey,
      openedAt: new Date().toISOString(),
      rule: decision.rule,
      closed: false,
    });
    await records.removePending(conversation.id);
    await refreshPendingGauge(metrics, records);
    metrics.tickets.increment({ adapter: ticket.adapter, rule: decision.rule });
    logger.info('handoff ticket opened', {
      conversationId: conversation.id,
      adapter: ticket.adapter,
      ticketId: ticket.id,
      rule: decision.rule,
    });
    return { ticket, transcriptIds: new Set(context.transcript.map((message) => message.id)) };
  }

  /** The agent page, when the relay serves one and knows its public address. */
  private conversationUrl(conversationId: string): string | undefined {
    const { publicUrl, adapters } = this.dependencies.options;
    if (!publicUrl || !adapters.some(isInboxHandoff)) return undefined;
    return `${publicUrl}/agent#conversation=${encodeURIComponent(conversationId)}`;
  }
}

/** Same handoff, same key: the conversation and when the person was asked for. */
function handoffKeyOf(conversation: ConversationRecord): string {
  const requestedAt = conversation.handoff?.requestedAt;
  const time = requestedAt ? Date.parse(requestedAt) : Number.NaN;
  return Number.isNaN(time) ? conversation.id : `${conversation.id}.${time}`;
}

function copyRequest(request: HandoffRequestInput): PendingHandoff['request'] {
  return {
    reasons: [...request.reasons],
    priority: request.priority,
    source: request.source,
    ...(request.note !== undefined ? { note: request.note } : {}),
    ...(request.topics !== undefined ? { topics: [...request.topics] } : {}),
  };
}

/** A handoff delivered late may reach people after the visitor left an address: put it in front of them. */
function withContactNote(conversation: ConversationRecord, request: HandoffRequestInput): HandoffRequestInput {
  if (!conversation.contact) return request;
  const contact = `reply to ${conversation.contact.email}${conversation.contact.message ? ` (“${conversation.contact.message}”)` : ''}`;
  return { ...request, note: request.note ? `${request.note}; ${contact}` : contact };
}
