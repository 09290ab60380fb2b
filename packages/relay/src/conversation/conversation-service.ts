import {
  type Author,
  type ContactRequest,
  type ConversationMode,
  type CreateConversationRequest,
  type CreateConversationResponse,
  type Message,
  messageSchema,
  type NewConversationEvent,
  type RatingRequest,
  type RefreshTokenResponse,
  type SendMessageRequest,
  type SendMessageResponse,
} from '@tandem/protocol';
import type { Assistant } from '../assistant/assistant.ts';
import { RelayError } from '../errors.ts';
import { instrumentStore } from '../observability/instrumented-store.ts';
import { createLogger, type Logger } from '../observability/logger.ts';
import { createRelayMetrics, type RelayMetrics } from '../observability/relay-metrics.ts';
import { checkIdentity } from '../security/identity.ts';
import { signToken, verifyToken } from '../security/token.ts';
import type { ConversationPatch, ConversationRecord, ConversationStore } from '../store/store.ts';
import { runAssistantTurn, type TurnEscalation } from './assistant-turn.ts';
import type { HandoffRequestInput } from './handoff-request.ts';
import { type ConversationHooks, type HookName, HookRegistry } from './hooks.ts';
import { IllegalTransitionError, modesLeadingTo } from './state-machine.ts';

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
}

const DEFAULT_IDEMPOTENCY_TTL_SECONDS = 7 * 24 * 60 * 60;
const OPEN_MODES: readonly ConversationMode[] = ['assistant', 'waiting', 'human'];

/** The conversation rules every route goes through: who may do what, and what each action appends. */
export class ConversationService {
  /** Extension points for the handoff runner and the escalation policy; see ConversationHooks. */
  readonly hooks = new HookRegistry();
  readonly metrics: RelayMetrics;
  readonly logger: Logger;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly idempotencyTtlSeconds: number;
  private readonly instrumentedStore: ConversationStore;

  constructor(private readonly options: ConversationServiceOptions) {
    this.metrics = options.metrics ?? createRelayMetrics();
    this.instrumentedStore = instrumentStore(options.store, this.metrics);
    this.logger = options.logger ?? createLogger();
    this.idempotencyTtlSeconds = options.idempotencyTtlSeconds ?? DEFAULT_IDEMPOTENCY_TTL_SECONDS;
  }

  /** The store, counting appended messages in `metrics.messages`. */
  get store(): ConversationStore {
    return this.instrumentedStore;
  }

  async create(request: CreateConversationRequest, siteId: string): Promise<CreateConversationResponse> {
    const identity = await checkIdentity(request.identity, this.options.identitySecret);
    if (request.identity?.userHash !== undefined && !identity.identityVerified) {
      this.logger.warn('identity not verified', { siteId, reason: 'userHash does not match identitySecret' });
    }
    const record: ConversationRecord = {
      id: crypto.randomUUID(),
      siteId,
      createdAt: new Date().toISOString(),
      mode: 'assistant',
      ...(request.locale ? { locale: request.locale } : {}),
      ...(request.pageUrl ? { pageUrl: request.pageUrl } : {}),
      ...identity,
    };
    await this.store.createConversation(record);
    this.metrics.openConversations.add(1);
    return { conversationId: record.id, ...(await this.issueToken(record)) };
  }

  /** Checks a bearer token and that it was issued for this very conversation and site. */
  async authorize(conversationId: string, authorization: string | undefined): Promise<ConversationRecord> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new RelayError('unauthorized', 'Send the conversation token as "Authorization: Bearer <token>".');
    const check = await verifyToken(this.options.tokenSecret, token);
    if (!check.valid) {
      throw new RelayError(
        'unauthorized',
        check.reason === 'expired' ? 'The token has expired.' : 'The token is not valid.',
      );
    }
    if (check.claims.conversationId !== conversationId) {
      throw new RelayError('forbidden', 'This token belongs to another conversation.');
    }
    const record = await this.store.getConversation(conversationId);
    if (!record) throw new RelayError('not_found', 'No such conversation.');
    if (record.siteId !== check.claims.siteId) throw new RelayError('forbidden', 'This token belongs to another site.');
    return record;
  }

  /** A fresh token for a conversation whose current token is still valid (the route checks that first). */
  refreshToken(conversation: ConversationRecord): Promise<RefreshTokenResponse> {
    return this.issueToken(conversation);
  }

  /**
   * Stores a visitor message once per clientMessageId; a repeat returns the original and does nothing else.
   * In assistant mode the assistant answers it; while a person is asked for or answering, it goes to the
   * `onVisitorMessage` hooks only. A message to a closed conversation reopens it with the assistant.
   */
  async sendVisitorMessage(
    conversation: ConversationRecord,
    request: SendMessageRequest,
  ): Promise<SendMessageResponse> {
    const message: Message = {
      id: crypto.randomUUID(),
      role: 'visitor',
      text: request.text,
      clientMessageId: request.clientMessageId,
      createdAt: new Date().toISOString(),
    };
    const existing = await this.store.claimKey(
      `client-message:${conversation.id}:${request.clientMessageId}`,
      JSON.stringify(message),
      this.idempotencyTtlSeconds,
    );
    if (existing !== undefined) return { message: messageSchema.parse(JSON.parse(existing)), duplicate: true };

    if (conversation.mode === 'closed') await this.reopen(conversation.id);
    await this.appendMessage(conversation.id, message);
    const current = await this.require(conversation.id);
    if (current.mode === 'assistant') this.track(this.answer(current));
    else this.runHooks('onVisitorMessage', current, message);
    return { message, duplicate: false };
  }

  /**
   * Asks for a person: assistant → waiting, appending mode(waiting) and handoff(requested, reasons), then runs the
   * `onHandoffRequested` hooks. Nothing happens when a person is already asked for or answering. Refused for a
   * closed conversation.
   */
  async requestHandoff(conversationId: string, request: HandoffRequestInput): Promise<void> {
    const updated = await this.store.updateConversation(
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
      const current = await this.require(conversationId);
      if (current.mode === 'waiting' || current.mode === 'human') return;
      throw new IllegalTransitionError(current.mode, 'waiting', 'ask for a person');
    }
    await this.appendEvents(conversationId, [
      { type: 'mode', mode: 'waiting' },
      { type: 'handoff', status: 'requested', reasons: [...request.reasons] },
    ]);
    for (const reason of request.reasons.length > 0 ? request.reasons : ['unspecified']) {
      this.metrics.handoffs.increment({ reason });
    }
    this.runHooks('onHandoffRequested', updated, request);
  }

  /**
   * Nobody can take the conversation (after hours, every adapter down): appends handoff(unavailable) and returns
   * a waiting conversation to the assistant, so the widget offers to leave an address. Does nothing unless waiting.
   */
  async markHandoffUnavailable(conversationId: string, reason: string): Promise<void> {
    const current = await this.require(conversationId);
    if (current.mode !== 'waiting') {
      this.logger.debug('handoff unavailable ignored', { conversationId, mode: current.mode, reason });
      return;
    }
    const updated = await this.store.updateConversation(
      conversationId,
      { mode: 'assistant', ...this.handoffPatch(current, { status: 'unavailable' }) },
      { ifModeIn: ['waiting'] },
    );
    if (!updated) return;
    await this.appendEvents(conversationId, [
      { type: 'handoff', status: 'unavailable', reasons: [reason] },
      { type: 'mode', mode: 'assistant' },
    ]);
    this.metrics.handoffOutcomes.increment({ status: 'unavailable' });
  }

  /** One attempt to reach a person failed (the runner may still try another adapter): appends handoff(failed). */
  async markHandoffFailed(conversationId: string, reason: string): Promise<void> {
    const current = await this.require(conversationId);
    if (current.mode === 'closed') return;
    await this.store.updateConversation(conversationId, this.handoffPatch(current, { status: 'failed' }));
    await this.appendEvents(conversationId, [{ type: 'handoff', status: 'failed', reasons: [reason] }]);
    this.metrics.handoffOutcomes.increment({ status: 'failed' });
  }

  /** A person took the conversation: waiting (or assistant) → human, appending mode(human) and handoff(connected). */
  async agentJoined(conversationId: string, agent: Author): Promise<void> {
    const current = await this.require(conversationId);
    if (current.mode === 'human') return;
    if (current.mode === 'closed') throw new IllegalTransitionError(current.mode, 'human', 'let a person join');
    const updated = await this.store.updateConversation(
      conversationId,
      { mode: 'human', ...this.handoffPatch(current, { status: 'connected', agent }) },
      { ifModeIn: modesLeadingTo('human') },
    );
    if (!updated) return this.agentJoined(conversationId, agent);
    await this.appendEvents(conversationId, [
      { type: 'mode', mode: 'human' },
      { type: 'handoff', status: 'connected', agent },
    ]);
    this.metrics.handoffOutcomes.increment({ status: 'connected' });
  }

  /**
   * A person's reply from the helpdesk, stored once per `externalId` (a replayed webhook never shows twice).
   * Joins the agent first when the conversation is not yet with a person. On a closed conversation the reply is
   * still shown (a follow-up to a left address) and the conversation stays closed.
   */
  async appendAgentMessage(
    conversationId: string,
    input: { author: Author; text: string; externalId: string },
  ): Promise<{ message: Message; duplicate: boolean }> {
    if (input.text.trim().length === 0) throw new RelayError('bad_request', 'An agent message needs text.');
    const message: Message = {
      id: crypto.randomUUID(),
      role: 'agent',
      text: input.text,
      author: input.author,
      createdAt: new Date().toISOString(),
    };
    const current = await this.require(conversationId);
    const existing = await this.store.claimKey(
      `agent-message:${conversationId}:${input.externalId}`,
      JSON.stringify(message),
      this.idempotencyTtlSeconds,
    );
    if (existing !== undefined) return { message: messageSchema.parse(JSON.parse(existing)), duplicate: true };
    if (current.mode === 'assistant' || current.mode === 'waiting')
      await this.agentJoined(conversationId, input.author);
    await this.appendMessage(conversationId, message);
    return { message, duplicate: false };
  }

  /** Ends the conversation from any open mode; closing a closed conversation does nothing. */
  async closeConversation(conversationId: string, by: 'visitor' | 'agent' | 'system'): Promise<void> {
    const updated = await this.store.updateConversation(
      conversationId,
      { mode: 'closed', closedAt: new Date().toISOString(), closedBy: by },
      { ifModeIn: OPEN_MODES },
    );
    if (!updated) {
      await this.require(conversationId);
      return;
    }
    await this.appendEvents(conversationId, [{ type: 'mode', mode: 'closed' }]);
    this.metrics.openConversations.add(-1);
    this.runHooks('onClosed', updated);
  }

  /** The person hands the conversation back to the assistant (also cancels a pending request). */
  async handBack(conversationId: string): Promise<void> {
    const updated = await this.store.updateConversation(
      conversationId,
      { mode: 'assistant' },
      { ifModeIn: ['human', 'waiting'] },
    );
    if (!updated) {
      const current = await this.require(conversationId);
      if (current.mode === 'assistant') return;
      throw new IllegalTransitionError(current.mode, 'assistant', 'hand back to the assistant');
    }
    await this.appendEvents(conversationId, [{ type: 'mode', mode: 'assistant' }]);
  }

  /**
   * Where to reply later; a second address replaces the first. Runs the `onContactSaved` hooks. Changes the record
   * only, not the transcript: the widget confirms on its own, in the visitor's language.
   */
  async saveContact(conversationId: string, contact: ContactRequest): Promise<void> {
    const updated = await this.store.updateConversation(conversationId, {
      contact: { ...contact, savedAt: new Date().toISOString() },
    });
    if (updated) this.runHooks('onContactSaved', updated, contact);
  }

  /**
   * The visitor's satisfaction score. Accepted once the conversation is closed or after a person was asked for
   * (that is when the question is asked); once per conversation, though repeating the same rating is harmless.
   * Changes the record only, not the transcript.
   */
  async saveRating(conversationId: string, rating: RatingRequest): Promise<void> {
    const current = await this.require(conversationId);
    if (current.rating) {
      if (current.rating.score === rating.score && current.rating.comment === rating.comment) return;
      throw new RelayError('conflict', 'This conversation has been rated already.');
    }
    if (current.mode !== 'closed' && !current.handoff) {
      throw new RelayError('conflict', 'A conversation can be rated once it is closed or after talking to a person.');
    }
    await this.store.updateConversation(conversationId, { rating: { ...rating, savedAt: new Date().toISOString() } });
  }

  /** Resolves when every answer and hook started so far has finished. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Keeps a background task alive: on Workers through `waitUntil`, elsewhere by holding the promise. */
  track(task: Promise<unknown>, waitUntil?: (promise: Promise<unknown>) => void): Promise<unknown> {
    this.pending.add(task);
    const settled = task.finally(() => this.pending.delete(task));
    waitUntil?.(settled);
    return settled;
  }

  // --- internal ---

  private async issueToken(conversation: Pick<ConversationRecord, 'id' | 'siteId'>): Promise<RefreshTokenResponse> {
    const expiresAt = Math.floor(Date.now() / 1000) + this.options.tokenTtlSeconds;
    const token = await signToken(this.options.tokenSecret, {
      conversationId: conversation.id,
      siteId: conversation.siteId,
      expiresAt,
    });
    return { token, expiresAt: new Date(expiresAt * 1000).toISOString() };
  }

  private async require(conversationId: string): Promise<ConversationRecord> {
    const record = await this.store.getConversation(conversationId);
    if (!record) throw new RelayError('not_found', 'No such conversation.');
    return record;
  }

  private async reopen(conversationId: string): Promise<void> {
    const updated = await this.store.updateConversation(
      conversationId,
      { mode: 'assistant' },
      { ifModeIn: ['closed'] },
    );
    if (!updated) return;
    await this.appendEvents(conversationId, [{ type: 'mode', mode: 'assistant' }]);
    this.metrics.openConversations.add(1);
  }

  private handoffPatch(current: ConversationRecord, change: Partial<NonNullable<ConversationRecord['handoff']>>) {
    const base = current.handoff ?? {
      status: 'requested' as const,
      reasons: ['agent_joined'],
      priority: 'normal' as const,
      source: 'agent' as const,
      requestedAt: new Date().toISOString(),
    };
    return { handoff: { ...base, ...change } } satisfies ConversationPatch;
  }

  private async appendEvents(conversationId: string, events: NewConversationEvent[]): Promise<void> {
    for (const event of events) await this.store.appendEvent(conversationId, event);
  }

  private async appendMessage(conversationId: string, message: Message): Promise<void> {
    await this.store.appendEvent(conversationId, { type: 'message', message });
  }

  private async answer(conversation: ConversationRecord): Promise<void> {
    const started = performance.now();
    await runAssistantTurn({
      store: this.store,
      assistant: this.options.assistant,
      conversation,
      ...(this.options.escalation ? { escalation: { ...this.options.escalation, conversations: this } } : {}),
    });
    this.metrics.assistantLatency.observe((performance.now() - started) / 1000);
  }

  private runHooks<Name extends HookName>(
    name: Name,
    ...parameters: Parameters<NonNullable<ConversationHooks[Name]>>
  ): void {
    for (const hook of this.hooks.listeners(name)) {
      const run = async () => (hook as (...values: unknown[]) => unknown)(...parameters);
      this.track(
        run().catch((error: unknown) =>
          this.logger.error('hook failed', { hook: name, conversationId: parameters[0].id, error }),
        ),
      );
    }
  }
}
