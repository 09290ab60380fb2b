import type { ConversationEvent, NewConversationEvent } from '@tandem/protocol';
import { copyEvent, type EventListener, followEvents } from './follow-events.ts';
import type { ConversationRecord, ConversationStore } from './store.ts';

const STORE_NAME = 'memory';
/** Expired keys are swept at most this often, on a write, so the store needs no timer of its own. */
const SWEEP_INTERVAL_MS = 10_000;

export interface MemoryStoreOptions {
  /** The clock, in milliseconds since the epoch; tests move it to expire keys. Default `Date.now`. */
  now?: () => number;
  /**
   * Forget a conversation (record and events) this many seconds after its last activity, unless someone is
   * subscribed to it. Keeps a long-running process's memory bounded. Default: keep every conversation.
   */
  conversationTtlSeconds?: number;
}

export interface MemoryStoreStatistics {
  conversations: number;
  /** Live subscriptions across all conversations. */
  listeners: number;
  /** Keys and counters not yet swept. */
  keys: number;
}

export interface MemoryStore extends ConversationStore {
  /** What the store holds right now, to prove that closed streams and expired keys are let go. */
  statistics(): MemoryStoreStatistics;
}

/** Keeps everything in this process: the embedded default for development, tests and single-node deployments. */
export function createMemoryStore({ now = Date.now, conversationTtlSeconds }: MemoryStoreOptions = {}): MemoryStore {
  const conversations = new Map<string, ConversationState>();
  const keys = new Map<string, { value: string; expiresAt: number }>();
  let lastSweep = now();

  function stateOf(conversationId: string): ConversationState {
    const state = conversations.get(conversationId);
    if (!state) throw new Error(`[tandem] [store] [memory] unknown conversation ${conversationId}`);
    return state;
  }

  function touch(state: ConversationState): ConversationState {
    state.lastActivity = now();
    sweep();
    return state;
  }

  function liveEntry(key: string) {
    const entry = keys.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now()) {
      keys.delete(key);
      return undefined;
    }
    return entry;
  }

  function append(state: ConversationState, event: NewConversationEvent): ConversationEvent {
    const stored = {
      ...copyEvent(event),
      id: (state.events.at(-1)?.id ?? 0) + 1,
      createdAt: new Date(now()).toISOString(),
    } as ConversationEvent;
    if (stored.type === 'message') {
      // The final message replaces its streamed pieces: memory holds messages, not words.
      const messageId = stored.message.id;
      state.events = state.events.filter((event) => event.type !== 'message-delta' || event.messageId !== messageId);
    }
    state.events.push(stored);
    for (const listener of state.listeners) listener(stored);
    return stored;
  }

  function sweep() {
    const time = now();
    if (time - lastSweep < SWEEP_INTERVAL_MS) return;
    lastSweep = time;
    for (const [key, entry] of keys) if (entry.expiresAt <= time) keys.delete(key);
    if (conversationTtlSeconds === undefined) return;
    for (const [id, state] of conversations) {
      const idle = state.listeners.size === 0 && state.lastActivity + conversationTtlSeconds * 1000 <= time;
      if (idle) conversations.delete(id);
    }
  }

  return {
    name: STORE_NAME,

    async createConversation(record) {
      if (conversations.has(record.id)) throw new Error(`[tandem] [store] [memory] conversation ${record.id} exists`);
      conversations.set(record.id, {
        record: structuredClone(record),
        events: [],
        listeners: new Set(),
        lastActivity: now(),
      });
      sweep();
    },

    async getConversation(conversationId) {
      const state = conversations.get(conversationId);
      return state ? structuredClone(state.record) : undefined;
    },

    async updateConversation(conversationId, patch, condition) {
      const state = touch(stateOf(conversationId));
      if (condition?.ifModeIn && !condition.ifModeIn.includes(state.record.mode)) return undefined;
      if (condition?.ifAwaitingAnswer !== undefined && state.record.awaitingAnswer !== condition.ifAwaitingAnswer) {
        return undefined;
      }
      state.record = { ...state.record, ...structuredClone(patch) };
      return structuredClone(state.record);
    },

    async transition(conversationId, { ifModeIn, patch, events }) {
      const state = touch(stateOf(conversationId));
      if (ifModeIn && !ifModeIn.includes(state.record.mode)) return undefined;
      // One synchronous step: no other call runs between the patch and the appends.
      state.record = { ...state.record, ...structuredClone(patch) };
      const stored = events.map((event) => append(state, event));
      return { record: structuredClone(state.record), events: stored.map((event) => copyEvent(event)) };
    },

    async appendEvent(conversationId, event: NewConversationEvent) {
      return copyEvent(append(touch(stateOf(conversationId)), event));
    },

    async readEvents(conversationId, afterId) {
      return structuredClone(stateOf(conversationId).events.filter((event) => event.id > afterId));
    },

    subscribe(conversationId, afterId, signal) {
      const state = stateOf(conversationId);
      return followEvents(state.listeners, () => state.events, afterId, signal);
    },

    async deleteConversation(conversationId) {
      return conversations.delete(conversationId);
    },

    async conversationsAwaitingAnswer() {
      return [...conversations.values()]
        .filter((state) => state.record.awaitingAnswer !== undefined)
        .sort((a, b) => a.lastActivity - b.lastActivity)
        .map((state) => state.record.id);
    },

    async claimKey(key, value, ttlSeconds) {
      sweep();
      const existing = liveEntry(key);
      if (existing) return existing.value;
      keys.set(key, { value, expiresAt: now() + ttlSeconds * 1000 });
      return undefined;
    },

    async setKey(key, value, ttlSeconds) {
      sweep();
      keys.set(key, { value, expiresAt: now() + ttlSeconds * 1000 });
    },

    async getKey(key) {
      return liveEntry(key)?.value;
    },

    async deleteKey(key) {
      keys.delete(key);
    },

    async incrementCounter(key, windowSeconds) {
      sweep();
      const entry = liveEntry(key);
      const count = (entry ? Number(entry.value) : 0) + 1;
      const expiresAt = entry?.expiresAt ?? now() + windowSeconds * 1000;
      keys.set(key, { value: String(count), expiresAt });
      return { count, resetAt: expiresAt };
    },

    statistics() {
      let listeners = 0;
      for (const state of conversations.values()) listeners += state.listeners.size;
      return { conversations: conversations.size, listeners, keys: keys.size };
    },
  };
}

// --- internal ---

interface ConversationState {
  record: ConversationRecord;
  events: ConversationEvent[];
  listeners: Set<EventListener>;
  /** Milliseconds since the epoch of the last change, for `conversationTtlSeconds`. */
  lastActivity: number;
}
