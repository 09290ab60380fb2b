import type { ConversationEvent, ConversationMode, Identity, Message, NewConversationEvent } from '@tandem/protocol';

export interface ConversationRecord {
  id: string;
  siteId: string;
  createdAt: string;
  mode: ConversationMode;
  locale?: string;
  pageUrl?: string;
  identity?: Identity;
  /** True only when the identity's userHash was verified against the identity secret. */
  identityVerified: boolean;
}

/**
 * Where a relay keeps conversations and their event logs, and how live subscribers hear of new events.
 * Implementations: memory (one process), redis (several Node instances), durable-object (Workers).
 * Every implementation must pass `testStore()`.
 */
export interface ConversationStore {
  readonly name: string;
  createConversation(record: ConversationRecord): Promise<void>;
  getConversation(conversationId: string): Promise<ConversationRecord | undefined>;
  updateConversation(conversationId: string, patch: Partial<Omit<ConversationRecord, 'id'>>): Promise<void>;

  /** Appends an event, giving it the next id of this conversation (ids start at 1 and never repeat). */
  appendEvent(conversationId: string, event: NewConversationEvent): Promise<ConversationEvent>;
  /** Events with an id greater than `afterId`, in order. */
  readEvents(conversationId: string, afterId: number): Promise<ConversationEvent[]>;
  /**
   * Replays the events after `afterId`, then yields new ones as they are appended, until `signal` aborts.
   * Nothing appended between the replay and going live is missed or yielded twice.
   */
  subscribe(conversationId: string, afterId: number, signal: AbortSignal): AsyncIterable<ConversationEvent>;

  /**
   * Records the message stored for a visitor's clientMessageId, unless one is recorded already,
   * in which case that one is returned and nothing changes.
   */
  claimClientMessage(conversationId: string, clientMessageId: string, message: Message): Promise<Message | undefined>;
}
