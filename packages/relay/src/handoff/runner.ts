import type { HandoffAdapter, HandoffTicket } from '@tandem/handoff';
import type { ContactRequest, Message } from '@tandem/protocol';
import type { ConversationService } from '../conversation/conversation-service.ts';
import type { HandoffPort } from '../conversation/handoff-port.ts';
import type { Logger } from '../observability/logger.ts';
import type { HandoffRequestInput } from '../policy/handoff-request.ts';
import type { ConversationRecord } from '../store/store.ts';
import { type CallAdapter, createAdapterCall } from './adapter-call.ts';
import type { HandoffSummarizer, SentimentScorer } from './context-packet.ts';
import { createHandoffMetrics, type HandoffMetrics } from './handoff-metrics.ts';
import { HandoffRecords, type TicketRecord } from './handoff-records.ts';
import { HandoffOpener, type HandoffOutcome } from './open-handoff.ts';
import type { ResolvedHandoffOptions } from './options.ts';
import { OutboxFlush } from './outbox-flush.ts';
import { PendingRetry, type RetryPendingResult } from './pending-retry.ts';
import { realSleep, type Sleep } from './retry.ts';

export type { HandoffOutcome } from './open-handoff.ts';
export { HandoffUndeliveredError } from './open-through-chain.ts';
export type { RetryPendingResult } from './pending-retry.ts';

export interface HandoffRunnerOptions {
  conversations: ConversationService;
  options: ResolvedHandoffOptions;
  /** Writes the summary and suggested reply for the agent. Without it the visitor's last messages serve. */
  summarize?: HandoffSummarizer | undefined;
  /** Scores each visitor message for the sentiment trajectory. */
  scoreSentiment?: SentimentScorer | undefined;
  /** Waits between retries; tests pass one that does not sleep. */
  sleep?: Sleep;
}

/**
 * Runs handoffs through the configured adapters: builds the context packet, routes it to a chain, retries each
 * adapter with backoff and fails over to the next; keeps what no adapter took and retries it later; forwards later
 * visitor messages and the close to the ticket. The conversation service calls it through the HandoffPort it was
 * built with.
 */
export class HandoffRunner implements HandoffPort {
  readonly adapters: ReadonlyMap<string, HandoffAdapter>;
  readonly records: HandoffRecords;
  readonly metrics: HandoffMetrics;
  private readonly logger: Logger;
  private readonly call: CallAdapter;
  private readonly opener: HandoffOpener;
  private readonly outbox: OutboxFlush;
  private readonly pendingRetry: PendingRetry;
  /** Opens in progress in this process, so a visitor message during an open waits for its ticket. */
  private readonly opening = new Map<string, Promise<HandoffOutcome>>();
  private started = false;

  constructor(private readonly runnerOptions: HandoffRunnerOptions) {
    const { conversations, options } = runnerOptions;
    this.adapters = new Map(options.adapters.map((adapter) => [adapter.name, adapter]));
    this.records = new HandoffRecords(conversations.store, options.ticketTtlSeconds);
    this.metrics = createHandoffMetrics(conversations.metrics.registry);
    this.logger = conversations.logger.child({ component: 'handoff' });
    this.call = createAdapterCall(this.metrics, options, runnerOptions.sleep ?? realSleep);
    const shared = { conversations, options, records: this.records, metrics: this.metrics, logger: this.logger };
    // Arrow functions: the parts call each other, and the last one (pendingRetry) does not exist yet here.
    const scheduleRetry = () => this.pendingRetry.schedule();
    this.opener = new HandoffOpener({
      ...shared,
      adapters: this.adapters,
      call: this.call,
      summarize: runnerOptions.summarize,
      scoreSentiment: runnerOptions.scoreSentiment,
      onKept: scheduleRetry,
    });
    this.outbox = new OutboxFlush({
      ...shared,
      call: this.call,
      adapterFor: (ticket) => this.adapterFor(ticket),
      onKept: scheduleRetry,
      filesOf: (conversationId) => conversations.attachments?.files(conversationId),
    });
    this.pendingRetry = new PendingRetry({
      ...shared,
      open: (conversation, request, handoffKey) => this.opener.open(conversation, request, handoffKey),
      flushOutbox: (conversationId) => this.outbox.flush(conversationId),
      isStarted: () => this.started,
    });
  }

  private get conversations(): ConversationService {
    return this.runnerOptions.conversations;
  }

  /** Starts acting on what the conversation service reports (a new runner is started). */
  start(): this {
    this.started = true;
    return this;
  }

  /** Stops acting on reports and the background retry; kept handoffs stay in the store for another instance. */
  stop(): void {
    this.started = false;
    this.pendingRetry.cancel();
  }

  /**
   * After a restart: tries every handoff kept in the store and sends every visitor message still waiting for its
   * ticket, then keeps retrying in the background while any are left. Needs no timer of the process that died.
   */
  async recover(): Promise<RetryPendingResult> {
    const result = await this.retryPendingHandoffs();
    if (result.pending > 0 || (await this.records.outboxIds()).length > 0) this.pendingRetry.schedule();
    return result;
  }

  // --- HandoffPort ---

  async handoffRequested(conversation: ConversationRecord, request: HandoffRequestInput): Promise<void> {
    if (this.started) await this.handoff(conversation, request);
  }

  async visitorMessage(conversation: ConversationRecord, message: Message): Promise<void> {
    if (this.started) await this.forward(conversation, message);
  }

  async closed(conversation: ConversationRecord): Promise<void> {
    if (this.started) await this.closeTicket(conversation);
  }

  async contactSaved(conversation: ConversationRecord, contact: ContactRequest): Promise<void> {
    if (this.started) await this.deliverContact(conversation, contact);
  }

  /**
   * Opens a ticket for a requested handoff. When no adapter takes it, the visitor is told (handoff unavailable, the
   * widget offers the email form) and the handoff is kept for the background retry. Rejects only when the store
   * itself fails.
   */
  handoff(conversation: ConversationRecord, request: HandoffRequestInput): Promise<HandoffOutcome> {
    // Registered before any await, so a visitor message sent right after the request finds it.
    const outcome = this.opener.openOrKeep(conversation, request).finally(() => this.opening.delete(conversation.id));
    this.opening.set(conversation.id, outcome);
    return outcome;
  }

  /**
   * Sends a later visitor message to the conversation's ticket, if it has one. A message the adapter does not take
   * after its retries waits in the conversation's outbox, with any after it so their order holds, and goes out with
   * the next retry pass.
   */
  async forward(conversation: ConversationRecord, message: Message): Promise<void> {
    const inFlight = this.opening.get(conversation.id);
    if (inFlight) {
      const outcome = await inFlight;
      if (outcome.transcriptIds.has(message.id)) return;
    }
    const record = await this.records.ticketOf(conversation.id);
    // No ticket yet: the handoff is kept, and the retry rebuilds the transcript with this message in it.
    if (!record || record.closed) return;
    const waitingBefore = await this.records.appendOutbox(conversation.id, message);
    if (waitingBefore > 0) {
      this.pendingRetry.schedule();
      return;
    }
    await this.outbox.flush(conversation.id);
  }

  /**
   * Puts a left address in front of people: on the conversation's open ticket as a note, or (no ticket yet) in a
   * new ticket whose context names it. A handoff already kept for retry carries it when it is delivered.
   */
  async deliverContact(conversation: ConversationRecord, contact: ContactRequest): Promise<void> {
    await this.opening.get(conversation.id)?.catch(() => undefined);
    const record = await this.records.ticketOf(conversation.id);
    if (record && !record.closed) {
      const note: Message = {
        id: crypto.randomUUID(),
        role: 'system',
        text: `The customer left an address for a reply: ${contact.email}${contact.message ? ` (“${contact.message}”)` : ''}`,
        createdAt: new Date().toISOString(),
      };
      await this.forward(conversation, note);
      return;
    }
    if (await this.records.pendingOf(conversation.id)) return;
    await this.handoff(conversation, { reasons: ['contact_left'], priority: 'normal', source: 'visitor' });
  }

  /** Tells the helpdesk the conversation ended, unless the helpdesk itself closed it. */
  async closeTicket(conversation: ConversationRecord): Promise<void> {
    const record = await this.records.ticketOf(conversation.id);
    if (!record || record.closed) return;
    await this.records.saveTicket(conversation.id, { ...record, closed: true });
    if (conversation.closedBy === 'agent') return;
    const adapter = this.adapterFor(record.ticket);
    if (!adapter) return;
    const reason =
      conversation.closedBy === 'visitor' ? 'The customer closed the chat.' : 'The conversation was closed.';
    try {
      await this.call(adapter, 'close', () => adapter.close(record.ticket, { reason }));
    } catch (error) {
      this.logger.error('ticket not closed', { conversationId: conversation.id, adapter: adapter.name, error });
    }
  }

  /**
   * Tries every kept handoff again, each through its whole chain, then sends visitor messages waiting for their
   * ticket. Runs by itself in the background while any are kept; call it after fixing a helpdesk's credentials to
   * deliver at once. Passes never overlap.
   */
  retryPendingHandoffs(): Promise<RetryPendingResult> {
    return this.pendingRetry.retryPendingHandoffs();
  }

  /** The ticket of a conversation's current handoff. */
  async ticketOf(conversationId: string): Promise<TicketRecord | undefined> {
    return this.records.ticketOf(conversationId);
  }

  /** Forgets the conversation's ticket mapping, kept handoff and queued messages (a visitor's data deletion). */
  forget(conversationId: string): Promise<void> {
    return this.records.forget(conversationId);
  }

  adapter(name: string): HandoffAdapter | undefined {
    return this.adapters.get(name);
  }

  // --- internal ---

  private adapterFor(ticket: HandoffTicket): HandoffAdapter | undefined {
    const adapter = this.adapters.get(ticket.adapter);
    if (!adapter) this.logger.error('ticket of an adapter no longer configured', { adapter: ticket.adapter });
    return adapter;
  }
}
