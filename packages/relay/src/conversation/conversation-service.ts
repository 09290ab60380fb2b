import type {
  CreateConversationRequest,
  CreateConversationResponse,
  Message,
  SendMessageRequest,
  SendMessageResponse,
} from '@tandem/protocol';
import type { Assistant } from '../assistant/assistant.ts';
import { RelayError } from '../errors.ts';
import { signToken, verifyToken } from '../security/token.ts';
import type { ConversationRecord, ConversationStore } from '../store/store.ts';
import { runAssistantTurn } from './assistant-turn.ts';

export interface ConversationServiceOptions {
  store: ConversationStore;
  assistant: Assistant;
  tokenSecret: string;
  tokenTtlSeconds: number;
}

/** The conversation rules every route goes through: who may do what, and what each action appends. */
export class ConversationService {
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly options: ConversationServiceOptions) {}

  get store(): ConversationStore {
    return this.options.store;
  }

  async create(request: CreateConversationRequest, siteId: string): Promise<CreateConversationResponse> {
    const record: ConversationRecord = {
      id: crypto.randomUUID(),
      siteId,
      createdAt: new Date().toISOString(),
      mode: 'assistant',
      identityVerified: false,
      ...(request.locale ? { locale: request.locale } : {}),
      ...(request.pageUrl ? { pageUrl: request.pageUrl } : {}),
      ...(request.identity ? { identity: request.identity } : {}),
    };
    await this.options.store.createConversation(record);
    const expiresAt = Math.floor(Date.now() / 1000) + this.options.tokenTtlSeconds;
    const token = await signToken(this.options.tokenSecret, { conversationId: record.id, siteId, expiresAt });
    return { conversationId: record.id, token, expiresAt: new Date(expiresAt * 1000).toISOString() };
  }

  /** Checks a bearer token and that it was issued for this very conversation. */
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
    const record = await this.options.store.getConversation(conversationId);
    if (!record) throw new RelayError('not_found', 'No such conversation.');
    return record;
  }

  /** Stores a visitor message once per clientMessageId and starts the answer; a repeat returns the original. */
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
    const existing = await this.options.store.claimClientMessage(conversation.id, request.clientMessageId, message);
    if (existing) return { message: existing, duplicate: true };
    await this.options.store.appendEvent(conversation.id, { type: 'message', message });
    if (conversation.mode === 'assistant') {
      this.track(runAssistantTurn({ store: this.options.store, assistant: this.options.assistant, conversation }));
    }
    return { message, duplicate: false };
  }

  /** Resolves when every answer started so far has finished. */
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
}
