import type { ConversationEvent, Message, NewConversationEvent } from '@tandem/protocol';
import type { ConversationRecord, ConversationStore } from './store.ts';

const STORE_NAME = 'memory';

interface ConversationState {
  record: ConversationRecord;
  events: ConversationEvent[];
  listeners: Set<(event: ConversationEvent) => void>;
  clientMessages: Map<string, Message>;
}

/** Keeps everything in this process: the embedded default for development, tests and single-node deployments. */
export function createMemoryStore(): ConversationStore {
  const conversations = new Map<string, ConversationState>();

  function stateOf(conversationId: string): ConversationState {
    const state = conversations.get(conversationId);
    if (!state) throw new Error(`[tandem] [store] [memory] unknown conversation ${conversationId}`);
    return state;
  }

  return {
    name: STORE_NAME,

    async createConversation(record) {
      if (conversations.has(record.id)) throw new Error(`[tandem] [store] [memory] conversation ${record.id} exists`);
      conversations.set(record.id, {
        record: structuredClone(record),
        events: [],
        listeners: new Set(),
        clientMessages: new Map(),
      });
    },

    async getConversation(conversationId) {
      const state = conversations.get(conversationId);
      return state ? structuredClone(state.record) : undefined;
    },

    async updateConversation(conversationId, patch) {
      const state = stateOf(conversationId);
      state.record = { ...state.record, ...structuredClone(patch) };
    },

    async appendEvent(conversationId, event: NewConversationEvent) {
      const state = stateOf(conversationId);
      const last = state.events.at(-1);
      const stored = {
        ...structuredClone(event),
        id: (last?.id ?? 0) + 1,
        createdAt: new Date().toISOString(),
      } as ConversationEvent;
      state.events.push(stored);
      for (const listener of state.listeners) listener(stored);
      return stored;
    },

    async readEvents(conversationId, afterId) {
      return stateOf(conversationId).events.filter((event) => event.id > afterId);
    },

    subscribe(conversationId, afterId, signal) {
      const state = stateOf(conversationId);
      return followEvents(state, afterId, signal);
    },

    async claimClientMessage(conversationId, clientMessageId, message) {
      const state = stateOf(conversationId);
      const existing = state.clientMessages.get(clientMessageId);
      if (existing) return existing;
      state.clientMessages.set(clientMessageId, message);
      return undefined;
    },
  };
}

// --- internal ---

async function* followEvents(
  state: ConversationState,
  afterId: number,
  signal: AbortSignal,
): AsyncGenerator<ConversationEvent> {
  // Listen before replaying so nothing appended in between is missed; ids filter out repeats.
  const pending: ConversationEvent[] = [];
  let wake: (() => void) | undefined;
  const listener = (event: ConversationEvent) => {
    pending.push(event);
    wake?.();
  };
  const onAbort = () => wake?.();
  state.listeners.add(listener);
  signal.addEventListener('abort', onAbort);
  try {
    let lastId = afterId;
    for (const event of state.events) {
      if (event.id <= lastId) continue;
      if (signal.aborted) return;
      lastId = event.id;
      yield event;
    }
    while (!signal.aborted) {
      const event = pending.shift();
      if (event) {
        if (event.id <= lastId) continue;
        lastId = event.id;
        yield event;
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  } finally {
    state.listeners.delete(listener);
    signal.removeEventListener('abort', onAbort);
  }
}
