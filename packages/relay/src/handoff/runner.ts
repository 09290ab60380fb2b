import { type HandoffAdapter, type HandoffContext, HandoffError, type HandoffTicket } from '@tandem/handoff';
import type { Message } from '@tandem/protocol';
import type { ConversationService } from '../conversation/conversation-service.ts';
import type { HandoffRequestInput } from '../conversation/handoff-request.ts';
import type { Logger } from '../observability/logger.ts';
import type { ConversationRecord } from '../store/store.ts';
import { buildContextPacket, type HandoffSummarizer, type SentimentScorer } from './context-packet.ts';
import { createHandoffMetrics, type HandoffMetrics } from './handoff-metrics.ts';
import { HandoffRecords, type PendingHandoff, type TicketRecord } from './handoff-records.ts';
import { isInboxHandoff } from './inbox/inbox-adapter.ts';
import type { ResolvedHandoffOptions } from './options.ts';
import { realSleep, type Sleep, withRetry } from './retry.ts';
import { chooseRoute, type ResolvedStep, resolveChain } from './routing.ts';

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

export interface RetryPendingResult {
  /** Kept handoffs tried in this pass. */
  attempted: number;
  /** Of those, how many now have a ticket. */
  opened: number;
  /** Handoffs still kept after the pass. */
  pending: number;
}

/** Every adapter in the chain failed to open a ticket; `failures` says how each failed. */
export class HandoffUndeliveredError extends Error {
  constructor(readonly failures: { adapter: string; error: unknown }[]) {
    super(
      `[tandem] [relay] [handoff] no adapter accepted the handoff: ${failures
        .map(({ adapter, error }) => `${adapter}: ${error instanceof Error ? error.message : String(error)}`)
        .join('; ')}`,
    );
    this.name = 'HandoffUndeliveredError';
  }
}

/**
 * Runs handoffs through the configured adapters: builds the context packet, routes it to a chain, retries each
 * adapter with backoff and fails over to the next; keeps what no adapter took and retries it later; forwards later
 * visitor messages and the close to the ticket. Plugs into the conversation service through its hooks.
 */
export class HandoffRunner {
  readonly adapters: ReadonlyMap<string, HandoffAdapter>;
  readonly records: HandoffRecords;
  readonly metrics: HandoffMetrics;
  private readonly logger: Logger;
  private readonly sleep: Sleep;
  /** Opens in progress in this process, so a visitor message during an open waits for its ticket. */
  private readonly opening = new Map<string, Promise<HandoffOutcome>>();
  private readonly flushing = new Map<string, Promise<boolean>>();
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryPass: Promise<RetryPendingResult> | undefined;
  private removeHooks: (() => void) | undefined;

  constructor(private readonly runnerOptions: HandoffRunnerOptions) {
    const { conversations, options } = runnerOptions;
    this.adapters = new Map(options.adapters.map((adapter) => [adapter.name, adapter]));
    this.records = new HandoffRecords(conversations.store, options.ticketTtlSeconds);
    this.metrics = createHandoffMetrics(conversations.metrics.registry);
    this.logger = conversations.logger.child({ component: 'handoff' });
    this.sleep = runnerOptions.sleep ?? realSleep;
  }

  private get conversations(): ConversationService {
    return this.runnerOptions.conversations;
  }

  private get options(): ResolvedHandoffOptions {
    return this.runnerOptions.options;
  }

  /** Registers the runner's hooks on the conversation service. */
  start(): this {
    this.removeHooks ??= this.conversations.hooks.add({
      onHandoffRequested: (conversation, request) => this.handoff(conversation, request),
      onVisitorMessage: (conversation, message) => this.forward(conversation, message),
      onClosed: (conversation) => this.closeTicket(conversation),
    });
    return this;
  }

  /** Removes the hooks and stops the background retry; kept handoffs stay in the store. */
  stop(): void {
    this.removeHooks?.();
    this.removeHooks = undefined;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  /**
   * Opens a ticket for a requested handoff. When no adapter takes it, the visitor is told (handoff unavailable, the
   * widget offers the email form) and the handoff is kept for the background retry. Rejects only when the store
   * itself fails.
   */
  handoff(conversation: ConversationRecord, request: HandoffRequestInput): Promise<HandoffOutcome> {
    // Registered before any await, so a visitor message sent right after the request finds it.
    const outcome = this.openOrKeep(conversation, request).finally(() => this.opening.delete(conversation.id));
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
      this.scheduleRetry();
      return;
    }
    await this.flushOutbox(conversation.id);
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
    this.retryPass ??= this.runRetryPass().finally(() => {
      this.retryPass = undefined;
    });
    return this.retryPass;
  }

  /** The ticket of a conversation's current handoff. */
  async ticketOf(conversationId: string): Promise<TicketRecord | undefined> {
    return this.records.ticketOf(conversationId);
  }

  adapter(name: string): HandoffAdapter | undefined {
    return this.adapters.get(name);
  }

  // --- internal ---

  private async openOrKeep(conversation: ConversationRecord, request: HandoffRequestInput): Promise<HandoffOutcome> {
    const handoffKey = handoffKeyOf(conversation);
    try {
      return await this.open(conversation, request, handoffKey);
    } catch (error) {
      const lastError = error instanceof Error ? error.message : String(error);
      this.logger.error('handoff kept for retry: no adapter accepted it', {
        conversationId: conversation.id,
        error: lastError,
      });
      await this.records.savePending({
        conversationId: conversation.id,
        handoffKey,
        request: copyRequest(request),
        failedAt: new Date().toISOString(),
        retries: 0,
        lastError,
      });
      await this.refreshPendingGauge();
      await this.conversations.markHandoffUnavailable(conversation.id, 'adapters_unavailable');
      this.scheduleRetry();
      return { ticket: undefined, transcriptIds: new Set() };
    }
  }

  /** Opens the ticket, or returns the one already opened for this very handoff (a retried open never opens two). */
  private async open(
    conversation: ConversationRecord,
    request: HandoffRequestInput,
    handoffKey: string,
  ): Promise<HandoffOutcome> {
    const existing = await this.records.ticketOf(conversation.id);
    if (existing && existing.handoffKey === handoffKey) {
      return { ticket: existing.ticket, transcriptIds: new Set() };
    }
    const context = await buildContextPacket({
      store: this.conversations.store,
      conversation,
      request: withContactNote(conversation, request),
      summarize: this.runnerOptions.summarize,
      scoreSentiment: this.runnerOptions.scoreSentiment,
      conversationUrl: this.conversationUrl(conversation.id),
      logger: this.logger,
    });
    const decision = chooseRoute(
      context,
      this.options.routes,
      this.options.chain ?? resolveChain(this.options.adapters.map((adapter) => adapter.name)),
    );
    const ticket = await this.openThroughChain(context, decision.chain, handoffKey);
    await this.records.saveTicket(conversation.id, {
      ticket,
      handoffKey,
      openedAt: new Date().toISOString(),
      rule: decision.rule,
      closed: false,
    });
    await this.records.removePending(conversation.id);
    await this.refreshPendingGauge();
    this.metrics.tickets.increment({ adapter: ticket.adapter, rule: decision.rule });
    this.logger.info('handoff ticket opened', {
      conversationId: conversation.id,
      adapter: ticket.adapter,
      ticketId: ticket.id,
      rule: decision.rule,
    });
    return { ticket, transcriptIds: new Set(context.transcript.map((message) => message.id)) };
  }

  private async openThroughChain(
    context: HandoffContext,
    chain: ResolvedStep[],
    handoffKey: string,
  ): Promise<HandoffTicket> {
    const failures: { adapter: string; error: unknown }[] = [];
    for (const step of chain) {
      const adapter = this.adapters.get(step.adapter);
      if (!adapter) continue;
      try {
        const ticket = await this.call(adapter, 'open', () =>
          adapter.open(context, { idempotencyKey: handoffKey, ...(step.route ? { route: step.route } : {}) }),
        );
        if (ticket.adapter !== adapter.name || ticket.id.length === 0) {
          throw new HandoffError('rejected', `open() returned a ticket for "${ticket.adapter}" without an id`, {
            adapter: adapter.name,
            retryable: false,
          });
        }
        return ticket;
      } catch (error) {
        failures.push({ adapter: adapter.name, error });
        this.metrics.failovers.increment({ adapter: adapter.name });
        this.logger.warn('adapter gave up opening the ticket', {
          conversationId: context.conversationId,
          adapter: adapter.name,
          error,
        });
      }
    }
    throw new HandoffUndeliveredError(failures);
  }

  /** One adapter operation, retried with backoff as the options say, and counted. */
  private async call<T>(adapter: HandoffAdapter, operation: string, task: () => Promise<T>): Promise<T> {
    return withRetry(
      async () => {
        try {
          const result = await task();
          this.metrics.adapterCalls.increment({ adapter: adapter.name, operation, outcome: 'ok' });
          return result;
        } catch (error) {
          this.metrics.adapterCalls.increment({ adapter: adapter.name, operation, outcome: 'error' });
          throw error;
        }
      },
      this.options.retry,
      this.sleep,
    );
  }

  /** One flush per conversation at a time in this process, so no message is sent twice. */
  private flushOutbox(conversationId: string): Promise<boolean> {
    const previous = this.flushing.get(conversationId) ?? Promise.resolve(true);
    const next = previous.then(() => this.sendOutbox(conversationId));
    this.flushing.set(conversationId, next);
    const release = () => {
      if (this.flushing.get(conversationId) === next) this.flushing.delete(conversationId);
    };
    next.then(release, release);
    return next;
  }

  /** Sends the conversation's waiting visitor messages in order; stops at the first the adapter does not take. */
  private async sendOutbox(conversationId: string): Promise<boolean> {
    const record = await this.records.ticketOf(conversationId);
    const adapter = record && !record.closed ? this.adapterFor(record.ticket) : undefined;
    const messages = await this.records.outboxOf(conversationId);
    if (!record || !adapter) {
      await this.records.dropFromOutbox(conversationId, messages.length);
      return true;
    }
    for (const [index, message] of messages.entries()) {
      try {
        await this.call(adapter, 'send', () => adapter.send(record.ticket, message));
      } catch (error) {
        this.logger.error('visitor message kept for retry: the adapter did not take it', {
          conversationId,
          adapter: adapter.name,
          messageId: message.id,
          error,
        });
        await this.records.dropFromOutbox(conversationId, index);
        this.scheduleRetry();
        return false;
      }
    }
    // Messages added while these were sending stay for the next flush.
    const remaining = await this.records.dropFromOutbox(conversationId, messages.length);
    if (remaining > 0) return this.sendOutbox(conversationId);
    return true;
  }

  private async runRetryPass(): Promise<RetryPendingResult> {
    let attempted = 0;
    let opened = 0;
    for (const conversationId of await this.records.pendingIds()) {
      const pending = await this.records.pendingOf(conversationId);
      const conversation = await this.conversations.store.getConversation(conversationId);
      if (!pending || !conversation) {
        await this.records.removePending(conversationId);
        continue;
      }
      attempted++;
      try {
        await this.open(conversation, pending.request, pending.handoffKey);
        opened++;
      } catch (error) {
        await this.records.savePending({
          ...pending,
          retries: pending.retries + 1,
          lastError: error instanceof Error ? error.message : String(error),
        });
      }
    }
    for (const conversationId of await this.records.outboxIds()) await this.flushOutbox(conversationId);
    const pending = await this.refreshPendingGauge();
    return { attempted, opened, pending };
  }

  /** One timer at most, only while handoffs are kept, so an idle relay holds no timer (and Workers start none). */
  private scheduleRetry(): void {
    const interval = this.options.pending.retryIntervalMs;
    if (interval === 0 || this.retryTimer || !this.removeHooks) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.backgroundPass();
    }, interval);
    // Node: a kept handoff must not keep a finished process alive.
    (this.retryTimer as { unref?: () => void }).unref?.();
  }

  private async backgroundPass(): Promise<void> {
    try {
      await this.retryPendingHandoffs();
    } catch (error) {
      this.logger.error('background handoff retry failed', { error });
    }
    const due: PendingHandoff[] = [];
    for (const id of await this.records.pendingIds()) {
      const pending = await this.records.pendingOf(id);
      if (pending && pending.retries < this.options.pending.maxRetries) due.push(pending);
      else if (pending && pending.retries === this.options.pending.maxRetries) {
        this.logger.error('handoff still undelivered after the background retries; call retryPendingHandoffs()', {
          conversationId: id,
          lastError: pending.lastError,
        });
      }
    }
    if (due.length > 0 || (await this.records.outboxIds()).length > 0) this.scheduleRetry();
  }

  private async refreshPendingGauge(): Promise<number> {
    const count = (await this.records.pendingIds()).length;
    this.metrics.pending.set(count);
    return count;
  }

  /** The agent page, when the relay serves one and knows its public address. */
  private conversationUrl(conversationId: string): string | undefined {
    const { publicUrl, adapters } = this.options;
    if (!publicUrl || !adapters.some(isInboxHandoff)) return undefined;
    return `${publicUrl}/agent#conversation=${encodeURIComponent(conversationId)}`;
  }

  private adapterFor(ticket: HandoffTicket): HandoffAdapter | undefined {
    const adapter = this.adapters.get(ticket.adapter);
    if (!adapter) this.logger.error('ticket of an adapter no longer configured', { adapter: ticket.adapter });
    return adapter;
  }
}

/** What became of one handoff. */
export interface HandoffOutcome {
  /** Undefined when no adapter took the handoff and it was kept for retry. */
  ticket: HandoffTicket | undefined;
  /** Messages the context packet carried, so they are not forwarded a second time. */
  transcriptIds: Set<string>;
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
