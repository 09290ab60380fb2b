import type {
  Author,
  ContactRequest,
  ConversationEvent,
  ConversationMode,
  HandoffStatus,
  Identity,
  Message,
  NewConversationEvent,
  Priority,
  RatingRequest,
} from '@tandem/protocol';

/** Where a handoff stands, kept on the conversation so a restart or another instance knows. */
export interface HandoffState {
  status: HandoffStatus;
  reasons: string[];
  priority: Priority;
  /** Who started it: the visitor, the escalation policy, or an agent who answered directly. */
  source: 'visitor' | 'policy' | 'agent';
  requestedAt: string;
  note?: string;
  agent?: Author;
}

export interface ConversationRecord {
  id: string;
  siteId: string;
  createdAt: string;
  mode: ConversationMode;
  locale?: string;
  pageUrl?: string;
  /** The visitor's identity as sent; `userHash` is not kept. */
  identity?: Identity;
  /** True only when the identity's userHash was verified against the identity secret. */
  identityVerified: boolean;
  /** The latest handoff; present once a person was asked for. */
  handoff?: HandoffState;
  /** Where to reply later, left when nobody was available. */
  contact?: ContactRequest & { savedAt: string };
  /** The visitor's satisfaction score, at most one per conversation. */
  rating?: RatingRequest & { savedAt: string };
  closedAt?: string;
  closedBy?: 'visitor' | 'agent' | 'system';
  /**
   * Work in flight: the id of a visitor message stored but not yet answered. Set in the same write as the message
   * and cleared with the answer, so a relay that died in between finds it on restart and answers it.
   */
  awaitingAnswer?: string | undefined;
}

/** The fields of a record that may change after it is created. */
export type ConversationPatch = Partial<Omit<ConversationRecord, 'id' | 'siteId' | 'createdAt'>>;

export interface UpdateCondition {
  /** Apply the patch only when the conversation is currently in one of these modes. */
  ifModeIn?: readonly ConversationMode[];
  /**
   * Apply the patch only when the record's `awaitingAnswer` is this message id: clearing the note of a message
   * answered must not clear the note a newer message set meanwhile (read and write in one step).
   */
  ifAwaitingAnswer?: string;
}

/** One change of a conversation: a conditional patch of its record and the events that tell the widget of it. */
export interface TransitionRequest {
  /** Apply only when the conversation is currently in one of these modes; otherwise nothing changes. */
  ifModeIn?: readonly ConversationMode[];
  /** Apply only when the record's `awaitingAnswer` is this message id (see `UpdateCondition`). */
  ifAwaitingAnswer?: string;
  patch: ConversationPatch;
  /** Appended in this order, with the next ids of the conversation. */
  events: readonly NewConversationEvent[];
}

export interface TransitionResult {
  /** The record after the patch. */
  record: ConversationRecord;
  /** The appended events with their ids and times. */
  events: ConversationEvent[];
}

export interface CounterValue {
  /** The count in the current window, this increment included. */
  count: number;
  /** Milliseconds since the epoch at which the window ends and the count starts again from zero. */
  resetAt: number;
}

/**
 * Where a relay keeps conversations and their event logs, and how live subscribers hear of new events.
 *
 * The interface fits three engines: memory (one process), Redis (several Node instances, `MULTI`/Lua for the
 * atomic parts, pub/sub for live events) and a Durable Object per conversation on Cloudflare (single-threaded, so
 * every method is atomic by construction). Every implementation must pass `testStore()` from `@tandem/relay/test`.
 *
 * Keys and counters live in one flat namespace with an expiry; callers prefix them (`client-message:<conversation>:…`,
 * `rate:ip:…`, `ticket:…`).
 */
export interface ConversationStore {
  readonly name: string;
  /** Throws when a conversation with this id exists. */
  createConversation(record: ConversationRecord): Promise<void>;
  getConversation(conversationId: string): Promise<ConversationRecord | undefined>;
  /**
   * Merges `patch` into the record atomically and returns the updated record. With `ifModeIn`, the patch applies
   * only when the current mode is one of those; otherwise nothing changes and `undefined` is returned (a
   * compare-and-set, so two racing transitions cannot both win). Throws for an unknown conversation.
   */
  updateConversation(
    conversationId: string,
    patch: ConversationPatch,
    condition?: UpdateCondition,
  ): Promise<ConversationRecord | undefined>;

  /**
   * Patches the record and appends the events together, all or nothing: no reader (nor a restart) ever sees the
   * new mode without its events or the events without the new mode. With `ifModeIn`, nothing changes unless the
   * current mode is one of those, and `undefined` is returned (a compare-and-set, so of two racing transitions one
   * wins whole). Throws for an unknown conversation.
   */
  transition(conversationId: string, request: TransitionRequest): Promise<TransitionResult | undefined>;

  /**
   * Appends an event, giving it the next id of this conversation (ids start at 1 and never repeat). A `message`
   * event replaces the `message-delta` events of the same message id: a stored conversation holds messages, not
   * words, and a reader resuming after a dropped delta's id gets the whole message instead.
   */
  appendEvent(conversationId: string, event: NewConversationEvent): Promise<ConversationEvent>;
  /** Events with an id greater than `afterId`, in order. */
  readEvents(conversationId: string, afterId: number): Promise<ConversationEvent[]>;
  /**
   * Replays the events after `afterId`, then yields new ones as they are appended, until `signal` aborts.
   * Nothing appended between the replay and going live is missed or yielded twice. When the signal aborts, the
   * subscription lets go of every listener it held.
   */
  subscribe(conversationId: string, afterId: number, signal: AbortSignal): AsyncIterable<ConversationEvent>;

  /**
   * Stores `value` under `key` for `ttlSeconds` unless the key holds a live value already, in which case that value
   * is returned and nothing changes. The building block of idempotency (client message ids, webhook replays).
   */
  claimKey(key: string, value: string, ttlSeconds: number): Promise<string | undefined>;
  /** Sets `key` for `ttlSeconds`, replacing any value. */
  setKey(key: string, value: string, ttlSeconds: number): Promise<void>;
  /** The live value of `key`, or undefined when missing or expired. */
  getKey(key: string): Promise<string | undefined>;
  deleteKey(key: string): Promise<void>;
  /**
   * Adds one to a fixed-window counter. The first increment opens a window of `windowSeconds`; when it ends the
   * counter starts again from zero.
   */
  incrementCounter(key: string, windowSeconds: number): Promise<CounterValue>;

  /** Forgets a conversation, its record and every event (a visitor's request to delete their data). */
  deleteConversation(conversationId: string): Promise<boolean>;
  /**
   * Conversations whose `awaitingAnswer` is set, oldest first: work a relay that died left undone. Stores that
   * cannot list (one Durable Object per conversation) leave it out, and recovery is skipped there.
   */
  conversationsAwaitingAnswer?(): Promise<string[]>;

  /**
   * True when several relay processes share this store (Redis): then each piece of work (answering a visitor
   * message, retrying a handoff) is leased with an expiring key so exactly one instance does it, and an instance
   * that dies lets its leases lapse for another to take over. Single-process stores leave it out.
   */
  readonly shared?: boolean;
  /** Extends `key` by `ttlSeconds` only while it still holds `value` (a compare-and-set); returns whether it did. */
  renewKey?(key: string, value: string, ttlSeconds: number): Promise<boolean>;
  /** Deletes `key` only while it still holds `value`; returns whether it did. */
  releaseKey?(key: string, value: string): Promise<boolean>;

  /** Lets go of connections and timers, if the store holds any. */
  close?(): Promise<void>;

  /**
   * Optional, for stores where every call is a network hop (a Durable Object per conversation) or a commit of its
   * own (SQLite): a visitor's message checked and stored in one request, or one transaction. The conversation's site,
   * its rate limit, the client message id, the cap on events and, in assistant mode, the transition that stores the
   * message awaiting an answer, all at once; the whole log comes back for the assistant's turn. In any other mode nothing is stored (`elsewhere`): the caller
   * goes on as with any store, the rate limit already counted. A store may also answer `elsewhere` for a client
   * message id claimed by the separate calls whose message is not stored yet: those calls wait for it or take an
   * abandoned claim over. Stores without it take the separate calls.
   */
  acceptVisitorMessage?(conversationId: string, input: VisitorMessageInput): Promise<VisitorMessageOutcome>;
}

export interface VisitorMessageInput {
  /** The site the visitor's token was issued for: another site's conversation is refused. */
  siteId: string;
  message: Message;
  rateLimit: { limit: number; windowSeconds: number };
  idempotencyTtlSeconds: number;
  /** A conversation whose log has passed this many events takes no more visitor messages. */
  maxEvents?: number | undefined;
  /**
   * The keys the separate calls count this conversation's rate limit and claim this client message id under. The
   * store counts and claims under these very keys, so a send checked here and a request checked by the separate calls
   * (another route counting against the same limit, a message to a person) count and dedupe alike.
   */
  keys: { rateLimit: string; clientMessage: string };
}

export type VisitorMessageOutcome =
  | { outcome: 'unknown-conversation' }
  | { outcome: 'other-site' }
  | { outcome: 'rate-limited'; resetAt: number }
  | { outcome: 'duplicate'; message: Message }
  | { outcome: 'full' }
  | { outcome: 'stored'; record: ConversationRecord; events: ConversationEvent[] }
  | { outcome: 'elsewhere'; record: ConversationRecord };
