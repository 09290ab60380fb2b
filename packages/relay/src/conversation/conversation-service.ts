import type {
  Attachment,
  Author,
  ContactRequest,
  ConversationEvent,
  CreateConversationRequest,
  CreateConversationResponse,
  Message,
  RatingRequest,
  RefreshTokenResponse,
  SendMessageRequest,
  SendMessageResponse,
} from '@tandem/protocol';
import type { Assistant } from '../assistant/assistant.ts';
import type { AttachmentService } from '../attachments/attachment-service.ts';
import { RelayError } from '../errors.ts';
import { instrumentStore } from '../observability/instrumented-store.ts';
import { createLogger, type Logger } from '../observability/logger.ts';
import { createRelayMetrics, type RelayMetrics } from '../observability/relay-metrics.ts';
import type { HandoffRequestInput } from '../policy/handoff-request.ts';
import type { TurnEscalation } from '../policy/turn-escalation.ts';
import { conversationLimit, type RateLimit, rateLimitCounter, rateLimitedError } from '../security/rate-limit.ts';
import type { TokenClaims } from '../security/token.ts';
import type { ConversationRecord, ConversationStore } from '../store/store.ts';
import { runAssistantTurn } from './assistant-turn.ts';
import { BackgroundTasks } from './background-tasks.ts';
import { claimMessage, requireConversation } from './conversation-records.ts';
import type { HandoffPort } from './handoff-port.ts';
import { HandoffTransitions } from './handoff-transitions.ts';
import { ConversationLifecycle } from './lifecycle.ts';
import { saveRating } from './rating.ts';
import { SessionTokens } from './session-token.ts';
import { claimVisitorMessage } from './visitor-message-claim.ts';
import { type WorkLease, WorkLeases } from './work-leases.ts';

export interface ConversationServiceOptions {
  store: ConversationStore;
  assistant: Assistant;
  tokenSecret: string;
  tokenTtlSeconds: number;
  /** Verifies `identity.userHash`; without it no identity is verified. */
  identitySecret?: string | undefined;
  /** How long a clientMessageId or a webhook's external id is remembered. Default 7 days. */
  idempotencyTtlSeconds?: number;
  metrics?: RelayMetrics;
  logger?: Logger;
  /** The escalation policy and audit log each assistant turn consults (docs/assistant.md); without it, no policy. */
  escalation?: Omit<TurnEscalation, 'conversations'> | undefined;
  /**
   * Builds the people side (the handoff runner) for this service; the service tells it of requests, visitor
   * messages, closes and left addresses. Without it, nobody is told.
   */
  handoff?: ((conversations: ConversationService) => HandoffPort) | undefined;
  /**
   * On a store several instances share: how long a lease on one piece of work (an answer, a handoff retry) lives
   * unrenewed, so a dead instance's work is taken over after about this long. Default 5 seconds.
   */
  leaseSeconds?: number | undefined;
  /** Past this last event id a conversation takes no more visitor messages (409). Default: no cap. */
  maxEventsPerConversation?: number | undefined;
  /** Files sent with messages; without it a message with `attachmentIds` is refused. */
  attachments?: AttachmentService | undefined;
}

const DEFAULT_IDEMPOTENCY_TTL_SECONDS = 7 * 24 * 60 * 60;

/** The conversation rules every route goes through: who may do what, and what each action appends. */
export class ConversationService {
  /** The people side, told of every change it acts on; undefined when no handoff is configured. */
  readonly handoff: HandoffPort | undefined;
  readonly metrics: RelayMetrics;
  readonly logger: Logger;
  /** Who does which piece of work when several instances share the store (docs/scaling.md). */
  readonly leases: WorkLeases;
  /** Files sent in conversations, when configured (the relay always configures them). */
  readonly attachments: AttachmentService | undefined;
  private readonly background = new BackgroundTasks();
  private readonly idempotencyTtlSeconds: number;
  private readonly instrumentedStore: ConversationStore;
  private readonly tokens: SessionTokens;
  private readonly handoffs: HandoffTransitions;
  private readonly lifecycle: ConversationLifecycle;

  constructor(private readonly options: ConversationServiceOptions) {
    this.metrics = options.metrics ?? createRelayMetrics();
    this.instrumentedStore = instrumentStore(options.store, this.metrics);
    this.logger = options.logger ?? createLogger();
    this.idempotencyTtlSeconds = options.idempotencyTtlSeconds ?? DEFAULT_IDEMPOTENCY_TTL_SECONDS;
    this.attachments = options.attachments;
    this.tokens = new SessionTokens(this.instrumentedStore, options);
    this.leases = new WorkLeases(this.instrumentedStore, options.leaseSeconds, (name) =>
      this.logger.warn('lost a work lease while working; another instance may take the work over', { name }),
    );
    this.handoffs = new HandoffTransitions({
      store: this.instrumentedStore,
      metrics: this.metrics,
      logger: this.logger,
      notify: (call, conversationId) => this.notify(call, conversationId),
    });
    this.lifecycle = new ConversationLifecycle({
      store: this.instrumentedStore,
      metrics: this.metrics,
      logger: this.logger,
      identitySecret: () => options.identitySecret,
      issueToken: (conversation) => this.tokens.issue(conversation),
      notify: (call, conversationId) => this.notify(call, conversationId),
    });
    this.handoff = options.handoff?.(this);
  }

  /** The store, counting appended messages in `metrics.messages`. */
  get store(): ConversationStore {
    return this.instrumentedStore;
  }

  create(request: CreateConversationRequest, siteId: string): Promise<CreateConversationResponse> {
    return this.lifecycle.create(request, siteId);
  }

  /** Checks a bearer token and that it was issued for this very conversation and site. */
  authorize(conversationId: string, authorization: string | undefined): Promise<ConversationRecord> {
    return this.tokens.authorize(conversationId, authorization);
  }

  /** The token's own check, without reading the conversation (see `sendVisitorMessageAtOnce`). */
  tokenClaims(conversationId: string, authorization: string | undefined): Promise<TokenClaims> {
    return this.tokens.claimsOf(conversationId, authorization);
  }

  /** Whether the store checks and stores a visitor's message in one request (`sendVisitorMessageAtOnce`). */
  get acceptsVisitorMessagesAtOnce(): boolean {
    return this.store.acceptVisitorMessage !== undefined;
  }

  /**
   * `sendVisitorMessage` where every store call is a network hop (a Durable Object) or a commit (SQLite): the
   * conversation's site, its rate limit, the client message id, the cap on events and the stored message in one
   * request to the store, which also hands back the log the assistant's turn reads. Between the send and the first
   * streamed word there are then this request, the typing event (sent while the model is asked) and the first delta.
   * Outside assistant mode the message takes the usual path, its rate limit already counted.
   */
  async sendVisitorMessageAtOnce(
    claims: TokenClaims,
    request: SendMessageRequest,
    rateLimit: RateLimit,
  ): Promise<SendMessageResponse> {
    const accept = this.store.acceptVisitorMessage?.bind(this.store);
    if (!accept) throw new Error('sendVisitorMessageAtOnce needs a store with acceptVisitorMessage');
    const message = visitorMessage(request);
    // Claimed for this client message id, so a repeat of the message (a duplicate) finds them its own again.
    const attachments = await this.attachmentsOf(claims.conversationId, request);
    if (attachments.length > 0) message.attachments = attachments;
    const accepted = await accept(claims.conversationId, {
      siteId: claims.siteId,
      message,
      rateLimit,
      idempotencyTtlSeconds: this.idempotencyTtlSeconds,
      maxEvents: this.options.maxEventsPerConversation,
      keys: {
        rateLimit: rateLimitCounter(conversationLimit(claims.conversationId)),
        clientMessage: clientMessageKey(claims.conversationId, request.clientMessageId),
      },
    });
    switch (accepted.outcome) {
      case 'unknown-conversation':
        throw new RelayError('not_found', 'No such conversation.');
      case 'other-site':
        throw new RelayError('forbidden', 'This token belongs to another site.');
      case 'rate-limited':
        throw rateLimitedError(accepted.resetAt);
      case 'duplicate':
        return { message: accepted.message, duplicate: true };
      case 'full':
        throw new RelayError('conflict', TOO_LONG);
      case 'elsewhere':
        return this.sendVisitorMessage(accepted.record, request);
      case 'stored':
        this.track(
          this.answer(accepted.record, message.id, accepted.events).catch((error: unknown) =>
            this.logger.error('answer interrupted', { conversationId: claims.conversationId, error }),
          ),
        );
        return { message, duplicate: false };
    }
  }

  /** A fresh token for a conversation whose current token is still valid (the route checks that first). */
  refreshToken(conversation: ConversationRecord): Promise<RefreshTokenResponse> {
    return this.tokens.issue(conversation);
  }

  /**
   * Stores a visitor message once per clientMessageId; a repeat returns the original and does nothing else.
   * In assistant mode the assistant answers it; while a person is asked for or answering, it goes to the
   * handoff port only. A message to a closed conversation reopens it with the assistant.
   */
  async sendVisitorMessage(
    conversation: ConversationRecord,
    request: SendMessageRequest,
  ): Promise<SendMessageResponse> {
    const message = visitorMessage(request);
    const key = clientMessageKey(conversation.id, request.clientMessageId);
    const earlier = await this.store.getKey(key);
    if (earlier === undefined) {
      await this.refuseWhenFull(conversation.id);
      const attachments = await this.attachmentsOf(conversation.id, request);
      if (attachments.length > 0) message.attachments = attachments;
    }
    const claimed = await claimVisitorMessage(this.store, conversation.id, key, message, this.idempotencyTtlSeconds);
    if (claimed) return { message: claimed, duplicate: true };

    let lease: WorkLease | undefined;
    const stored = await (async () => {
      if (conversation.mode === 'closed') await this.lifecycle.reopen(conversation.id);
      // Leased before it is stored, so no other instance's recovery pass takes a message this one is about to
      // answer; nobody else knows the fresh message id, so the lease is always granted.
      lease = await this.leases.acquire(answerLeaseOf(conversation.id, message.id));
      // The message and the note that it awaits an answer are stored together: a relay that dies before answering
      // finds the note on restart, or another instance finds it once the lease lapses (see `recoverUnanswered`).
      return this.store.transition(conversation.id, {
        ifModeIn: ['assistant'],
        patch: { awaitingAnswer: message.id },
        events: [{ type: 'message', message }],
      });
    })().catch(async (error: unknown) => {
      await lease?.release().catch(() => undefined);
      // Unclaim the client message id, so the widget's retry stores the message instead of calling it a duplicate
      // (when the store is away this fails too, and the retry finds a claim without a message: see
      // claimVisitorMessage).
      await this.store.deleteKey(key).catch(() => undefined);
      throw error;
    });
    if (stored && lease) {
      this.track(this.answerUnderLease(stored.record, message.id, lease));
    } else {
      await lease?.release();
      await this.appendMessage(conversation.id, message);
      const current = await requireConversation(this.store, conversation.id);
      if (current.mode === 'assistant') {
        this.track(
          this.answer(current).catch((error: unknown) =>
            this.logger.error('answer interrupted', { conversationId: current.id, error }),
          ),
        );
      } else this.notify((port) => port.visitorMessage(current, message), current.id);
    }
    return { message, duplicate: false };
  }

  /**
   * Asks for a person: assistant → waiting, appending mode(waiting) and handoff(requested, reasons), then runs the
   * handoff port. Nothing happens when a person is already asked for or answering. Refused for a
   * closed conversation.
   */
  requestHandoff(conversationId: string, request: HandoffRequestInput): Promise<void> {
    return this.handoffs.request(conversationId, request);
  }

  /**
   * Nobody can take the conversation (after hours, every adapter down): appends handoff(unavailable) and returns
   * a waiting conversation to the assistant, so the widget offers to leave an address. Does nothing unless waiting.
   */
  markHandoffUnavailable(conversationId: string, reason: string): Promise<void> {
    return this.handoffs.markUnavailable(conversationId, reason);
  }

  /** One attempt to reach a person failed (the runner may still try another adapter): appends handoff(failed). */
  markHandoffFailed(conversationId: string, reason: string): Promise<void> {
    return this.handoffs.markFailed(conversationId, reason);
  }

  /** A person took the conversation: waiting (or assistant) → human, appending mode(human) and handoff(connected). */
  agentJoined(conversationId: string, agent: Author): Promise<void> {
    return this.handoffs.agentJoined(conversationId, agent);
  }

  /**
   * A person's reply from the helpdesk, stored once per `externalId` (a replayed webhook never shows twice).
   * Joins the agent first when the conversation is not yet with a person. On a closed conversation the reply is
   * still shown (a follow-up to a left address) and the conversation stays closed.
   */
  async appendAgentMessage(
    conversationId: string,
    input: { author: Author; text: string; externalId: string; attachments?: Attachment[] | undefined },
  ): Promise<{ message: Message; duplicate: boolean }> {
    const attachments = input.attachments ?? [];
    if (input.text.trim().length === 0 && attachments.length === 0) {
      throw new RelayError('bad_request', 'An agent message needs text or a file.');
    }
    const message: Message = {
      id: crypto.randomUUID(),
      role: 'agent',
      text: input.text,
      author: input.author,
      createdAt: new Date().toISOString(),
      ...(attachments.length > 0 ? { attachments } : {}),
    };
    const current = await requireConversation(this.store, conversationId);
    const key = `agent-message:${conversationId}:${input.externalId}`;
    const earlier = await claimMessage(this.store, key, message, this.idempotencyTtlSeconds);
    if (earlier) return { message: earlier, duplicate: true };
    if (current.mode === 'assistant' || current.mode === 'waiting')
      await this.agentJoined(conversationId, input.author);
    await this.appendMessage(conversationId, message);
    return { message, duplicate: false };
  }

  /** Ends the conversation from any open mode; closing a closed conversation does nothing. */
  closeConversation(conversationId: string, by: 'visitor' | 'agent' | 'system'): Promise<void> {
    return this.lifecycle.close(conversationId, by);
  }

  /** The person hands the conversation back to the assistant (also cancels a pending request). */
  handBack(conversationId: string): Promise<void> {
    return this.handoffs.handBack(conversationId);
  }

  /**
   * Where to reply later; a second address replaces the first. Tells the handoff port. Changes the record
   * only, not the transcript: the widget confirms on its own, in the visitor's language.
   */
  async saveContact(conversationId: string, contact: ContactRequest): Promise<void> {
    const updated = await this.store.updateConversation(conversationId, {
      contact: { ...contact, savedAt: new Date().toISOString() },
    });
    if (updated) this.notify((port) => port.contactSaved(updated, contact), conversationId);
  }

  /**
   * The visitor's satisfaction score. Accepted once the conversation is closed or after a person was asked for
   * (that is when the question is asked); once per conversation, though repeating the same rating is harmless.
   * Changes the record only, not the transcript.
   */
  saveRating(conversationId: string, rating: RatingRequest): Promise<void> {
    return saveRating(this.store, conversationId, rating);
  }

  /**
   * After a restart: answers every visitor message a relay stored but did not get to answer before it died. An answer
   * cut off by the crash is first marked as cut off, so the widget shows it as incomplete rather than waiting for
   * its end; then the assistant answers again (and, if it fails, the visitor is told plainly and offered a person).
   * Returns the conversations taken up. Stores that cannot list such work (Durable Objects) return none.
   */
  async recoverUnanswered(): Promise<string[]> {
    const ids = (await this.store.conversationsAwaitingAnswer?.()) ?? [];
    const recovered: string[] = [];
    for (const conversationId of ids) {
      const listed = await this.store.getConversation(conversationId);
      if (listed?.awaitingAnswer === undefined) continue;
      // On a shared store, the instance answering it holds the lease; only a lapsed one (its holder died) is free.
      const lease = await this.leases.acquire(answerLeaseOf(conversationId, listed.awaitingAnswer));
      if (!lease) continue;
      // Read again under the lease: the holder may have finished between the list and the claim.
      const conversation = await this.store.getConversation(conversationId);
      const visitorMessageId = conversation?.awaitingAnswer;
      if (!conversation || visitorMessageId !== listed.awaitingAnswer) {
        await lease.release();
        continue;
      }
      try {
        const events = await this.store.readEvents(conversationId, 0);
        await closeCutOffAnswers(this.store, conversationId, events);
        if (conversation.mode !== 'assistant' || answeredAfter(events, visitorMessageId)) {
          await this.answered(conversationId, visitorMessageId);
          await lease.release();
          continue;
        }
      } catch (error) {
        await lease.release();
        throw error;
      }
      this.logger.info('answering a message left unanswered by a restart', { conversationId });
      recovered.push(conversationId);
      this.track(this.answerUnderLease(conversation, visitorMessageId, lease));
    }
    return recovered;
  }

  /** Resolves when every answer and hook started so far has finished. */
  idle(): Promise<void> {
    return this.background.idle();
  }

  /** Keeps a background task alive: on Workers through `waitUntil`, elsewhere by holding the promise. */
  track(task: Promise<unknown>, waitUntil?: (promise: Promise<unknown>) => void): Promise<unknown> {
    return this.background.track(task, waitUntil);
  }

  // --- internal ---

  /** The files the visitor sends with this message, checked and claimed for it (400/409 otherwise). */
  private async attachmentsOf(conversationId: string, request: SendMessageRequest): Promise<Attachment[]> {
    const ids = request.attachmentIds ?? [];
    if (ids.length === 0) return [];
    if (!this.attachments) throw new RelayError('bad_request', 'attachmentIds: this relay takes no files.');
    return this.attachments.attachToMessage(conversationId, ids, request.clientMessageId);
  }

  private async appendMessage(conversationId: string, message: Message): Promise<void> {
    await this.store.appendEvent(conversationId, { type: 'message', message });
  }

  /**
   * Answers under the message's lease, then lets it go. A failure here (the store went away mid-answer) is logged,
   * never thrown at the process: the message stays marked as awaiting an answer, and a recovery pass takes it up
   * once the store is back.
   */
  private async answerUnderLease(
    conversation: ConversationRecord,
    visitorMessageId: string,
    lease: WorkLease,
  ): Promise<void> {
    try {
      await this.answer(conversation, visitorMessageId);
    } catch (error) {
      this.logger.error('answer interrupted; a recovery pass will take it up again', {
        conversationId: conversation.id,
        error,
      });
    } finally {
      await lease.release();
    }
  }

  private async answer(
    conversation: ConversationRecord,
    visitorMessageId?: string,
    events?: readonly ConversationEvent[],
  ): Promise<void> {
    const started = performance.now();
    try {
      const latency = await runAssistantTurn({
        store: this.store,
        assistant: this.options.assistant,
        conversation,
        ...(events ? { events } : {}),
        ...(this.options.escalation ? { escalation: { ...this.options.escalation, conversations: this } } : {}),
      });
      this.metrics.assistantLatency.observe((performance.now() - started) / 1000);
      if (latency?.firstText !== undefined) this.metrics.firstToken.observe(latency.firstText / 1000);
    } finally {
      if (visitorMessageId !== undefined) await this.answered(conversation.id, visitorMessageId);
    }
  }

  /** Bounded growth: a conversation whose log reached the cap takes no more visitor messages. */
  private async refuseWhenFull(conversationId: string): Promise<void> {
    const limit = this.options.maxEventsPerConversation;
    if (limit === undefined) return;
    const beyond = await this.store.readEvents(conversationId, limit);
    if (beyond.length > 0) {
      throw new RelayError('conflict', TOO_LONG);
    }
  }

  /** Clears the work-in-flight note, unless a newer message has set its own meanwhile. */
  private async answered(conversationId: string, visitorMessageId: string): Promise<void> {
    const current = await this.store.getConversation(conversationId);
    if (current?.awaitingAnswer === visitorMessageId) {
      // Conditional in the store: a newer message may set its own note between the read above and this write.
      await this.store.updateConversation(
        conversationId,
        { awaitingAnswer: undefined },
        { ifAwaitingAnswer: visitorMessageId },
      );
    }
  }

  /** Tells the handoff port in the background: its failure is logged, never the visitor's. */
  private notify(call: (port: HandoffPort) => Promise<unknown>, conversationId: string): void {
    const port = this.handoff;
    if (!port) return;
    this.track(
      call(port).catch((error: unknown) => this.logger.error('handoff port failed', { conversationId, error })),
    );
  }
}

/** Where a visitor message's client id is claimed, whichever way the message is stored. */
function clientMessageKey(conversationId: string, clientMessageId: string): string {
  return `client-message:${conversationId}:${clientMessageId}`;
}

function answerLeaseOf(conversationId: string, visitorMessageId: string): string {
  return `answer:${conversationId}:${visitorMessageId}`;
}

/** Deltas whose message never came and that were never marked as failed: the process died while streaming them. */
async function closeCutOffAnswers(
  store: ConversationStore,
  conversationId: string,
  events: readonly ConversationEvent[],
): Promise<void> {
  const streamed = new Set<string>();
  for (const event of events) {
    if (event.type === 'message-delta') streamed.add(event.messageId);
    else if (event.type === 'message') streamed.delete(event.message.id);
    else if (event.type === 'error' && event.messageId !== undefined) streamed.delete(event.messageId);
  }
  for (const messageId of streamed) {
    await store.appendEvent(conversationId, {
      type: 'error',
      code: 'assistant_failed',
      message: 'The answer was cut off.',
      messageId,
    });
  }
  const lastTyping = events.findLast((event) => event.type === 'typing' && event.role === 'assistant');
  if (lastTyping?.type === 'typing' && lastTyping.typing) {
    await store.appendEvent(conversationId, { type: 'typing', role: 'assistant', typing: false });
  }
}

/** Whether the assistant, a person or the relay said anything after the visitor's message. */
function answeredAfter(events: readonly ConversationEvent[], visitorMessageId: string): boolean {
  const index = events.findIndex((event) => event.type === 'message' && event.message.id === visitorMessageId);
  if (index === -1) return true;
  return events.slice(index + 1).some((event) => event.type === 'message' && event.message.role !== 'visitor');
}

const TOO_LONG = 'This conversation is too long to go on; please start a new one.';

function visitorMessage(request: SendMessageRequest): Message & { clientMessageId: string } {
  return {
    id: crypto.randomUUID(),
    role: 'visitor',
    text: request.text,
    clientMessageId: request.clientMessageId,
    createdAt: new Date().toISOString(),
  };
}
