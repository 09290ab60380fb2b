import type {
  Author,
  ContactRequest,
  CreateConversationRequest,
  CreateConversationResponse,
  Message,
  RatingRequest,
  RefreshTokenResponse,
  SendMessageRequest,
  SendMessageResponse,
} from '@tandem/protocol';
import type { Assistant } from '../assistant/assistant.ts';
import { RelayError } from '../errors.ts';
import { instrumentStore } from '../observability/instrumented-store.ts';
import { createLogger, type Logger } from '../observability/logger.ts';
import { createRelayMetrics, type RelayMetrics } from '../observability/relay-metrics.ts';
import type { ConversationRecord, ConversationStore } from '../store/store.ts';
import { runAssistantTurn, type TurnEscalation } from './assistant-turn.ts';
import { BackgroundTasks } from './background-tasks.ts';
import { claimMessage, requireConversation } from './conversation-records.ts';
import type { HandoffRequestInput } from './handoff-request.ts';
import { HandoffTransitions } from './handoff-transitions.ts';
import { type ConversationHooks, type HookName, HookRegistry } from './hooks.ts';
import { ConversationLifecycle } from './lifecycle.ts';
import { saveRating } from './rating.ts';
import { SessionTokens } from './session-token.ts';

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

/** The conversation rules every route goes through: who may do what, and what each action appends. */
export class ConversationService {
  /** Extension points for the handoff runner and the escalation policy; see ConversationHooks. */
  readonly hooks = new HookRegistry();
  readonly metrics: RelayMetrics;
  readonly logger: Logger;
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
    this.tokens = new SessionTokens(this.instrumentedStore, options);
    this.handoffs = new HandoffTransitions({
      store: this.instrumentedStore,
      metrics: this.metrics,
      logger: this.logger,
      runHandoffRequestedHooks: (conversation, request) => this.runHooks('onHandoffRequested', conversation, request),
    });
    this.lifecycle = new ConversationLifecycle({
      store: this.instrumentedStore,
      metrics: this.metrics,
      logger: this.logger,
      identitySecret: () => options.identitySecret,
      issueToken: (conversation) => this.tokens.issue(conversation),
      runClosedHooks: (conversation) => this.runHooks('onClosed', conversation),
    });
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

  /** A fresh token for a conversation whose current token is still valid (the route checks that first). */
  refreshToken(conversation: ConversationRecord): Promise<RefreshTokenResponse> {
    return this.tokens.issue(conversation);
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
    const key = `client-message:${conversation.id}:${request.clientMessageId}`;
    const earlier = await claimMessage(this.store, key, message, this.idempotencyTtlSeconds);
    if (earlier) return { message: earlier, duplicate: true };

    if (conversation.mode === 'closed') await this.lifecycle.reopen(conversation.id);
    await this.appendMessage(conversation.id, message);
    const current = await requireConversation(this.store, conversation.id);
    if (current.mode === 'assistant') this.track(this.answer(current));
    else this.runHooks('onVisitorMessage', current, message);
    return { message, duplicate: false };
  }

  /**
   * Asks for a person: assistant → waiting, appending mode(waiting) and handoff(requested, reasons), then runs the
   * `onHandoffRequested` hooks. Nothing happens when a person is already asked for or answering. Refused for a
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
  saveRating(conversationId: string, rating: RatingRequest): Promise<void> {
    return saveRating(this.store, conversationId, rating);
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

  private async appendMessage(conversationId: string, message: Message): Promise<void> {
    await this.store.appendEvent(conversationId, { type: 'message', message });
  }

  private async answer(conversation: ConversationRecord): Promise<void> {
    const started = performance.now();
    const latency = await runAssistantTurn({
      store: this.store,
      assistant: this.options.assistant,
      conversation,
      ...(this.options.escalation ? { escalation: { ...this.options.escalation, conversations: this } } : {}),
    });
    this.metrics.assistantLatency.observe((performance.now() - started) / 1000);
    if (latency?.firstText !== undefined) this.metrics.firstToken.observe(latency.firstText / 1000);
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
