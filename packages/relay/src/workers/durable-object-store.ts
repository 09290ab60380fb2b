import type { ConversationEvent, NewConversationEvent } from '@tandem/protocol';
import type {
  ConversationRecord,
  ConversationStore,
  CounterValue,
  TransitionResult,
  VisitorMessageOutcome,
} from '../store/store.ts';
import type { DurableObjectNamespaceLike, DurableObjectStubLike } from './durable-object-types.ts';
import {
  conversationOfKey,
  decodeEventLine,
  encodePatch,
  OBJECT_ORIGIN,
  SUBSCRIBER_HEADER,
} from './durable-object-wire.ts';

const STORE_NAME = 'durable-object';

export interface DurableObjectStoreOptions {
  /** The `TandemConversation` Durable Object namespace binding, e.g. `env.TANDEM_CONVERSATIONS`. */
  namespace: DurableObjectNamespaceLike;
}

/**
 * A ConversationStore for Cloudflare Workers: one `TandemConversation` Durable Object per conversation (its
 * record, event log and live subscribers, its rate-limit counter and its visitors' client message ids) and one per
 * other idempotency key or rate-limit counter. With the conversation's own keys in its object, a visitor's message
 * sent in one request and the separate calls (a message to a person, the other routes) share one set of claims and
 * one budget, and the one-request send costs no extra round trip. Every isolate of every Worker bound to the
 * namespace sees the same conversations, which the memory store cannot offer.
 *
 * @example
 * export { TandemConversation } from '@tandem/relay/workers';
 * export default createWorkersHandler({
 *   store: (bindings) => createDurableObjectStore({ namespace: bindings.TANDEM_CONVERSATIONS as never }),
 * });
 */
export interface DurableObjectStore extends ConversationStore {
  /** Resolves when the requests that ending subscriptions send to their objects have finished. */
  settled(): Promise<void>;
}

export function createDurableObjectStore({ namespace }: DurableObjectStoreOptions): DurableObjectStore {
  const unsubscribing = new Set<Promise<unknown>>();
  const conversation = (conversationId: string) =>
    namespace.get(namespace.idFromName(`conversation:${conversationId}`) as never);
  const keyObject = (key: string) => namespace.get(namespace.idFromName(`key:${key}`) as never);
  /** The object keeping `key` and the path of the operation there: its conversation's, or a key object of its own. */
  const keyCall = async (key: string, operation: 'get' | 'claim' | 'set' | 'delete' | 'increment', body = {}) => {
    const conversationId = conversationOfKey(key);
    if (conversationId !== undefined) {
      return call(conversation(conversationId), 'POST', `/conversation/key/${operation}`, { key, ...body });
    }
    return operation === 'get'
      ? call(keyObject(key), 'GET', '/key')
      : call(keyObject(key), 'POST', `/key/${operation}`, body);
  };

  return {
    name: STORE_NAME,

    async createConversation(record) {
      await call(conversation(record.id), 'POST', '/conversation/create', { record });
    },

    async getConversation(conversationId) {
      const response = await conversation(conversationId).fetch(`${OBJECT_ORIGIN}/conversation`);
      if (response.status === 404) {
        await response.body?.cancel();
        return undefined;
      }
      return (await ensureOk(response, 'GET /conversation').json()) as ConversationRecord;
    },

    async updateConversation(conversationId, patch, condition) {
      const { record } = (await call(conversation(conversationId), 'POST', '/conversation/update', {
        patch: encodePatch(patch),
        ...(condition?.ifModeIn ? { ifModeIn: condition.ifModeIn } : {}),
        ...(condition?.ifAwaitingAnswer !== undefined ? { ifAwaitingAnswer: condition.ifAwaitingAnswer } : {}),
      })) as { record: ConversationRecord | null };
      return record ?? undefined;
    },

    async transition(conversationId, { ifModeIn, patch, events }) {
      const result = (await call(conversation(conversationId), 'POST', '/conversation/transition', {
        patch: encodePatch(patch),
        events,
        ...(ifModeIn ? { ifModeIn } : {}),
      })) as { record: ConversationRecord; events: ConversationEvent[] } | { record: null };
      return result.record === null ? undefined : (result as TransitionResult);
    },

    /** One request instead of about six in a row: the object checks and stores the visitor's message at once. */
    async acceptVisitorMessage(conversationId, input) {
      return (await call(conversation(conversationId), 'POST', '/conversation/send', input)) as VisitorMessageOutcome;
    },

    async appendEvent(conversationId, event: NewConversationEvent) {
      return (await call(conversation(conversationId), 'POST', '/conversation/events', { event })) as ConversationEvent;
    },

    async readEvents(conversationId, afterId) {
      return (await call(
        conversation(conversationId),
        'GET',
        `/conversation/events?after=${afterId}`,
      )) as ConversationEvent[];
    },

    async deleteConversation(conversationId) {
      const { deleted } = (await call(conversation(conversationId), 'POST', '/conversation/delete', {})) as {
        deleted: boolean;
      };
      return deleted;
    },

    subscribe(conversationId, afterId, signal) {
      return followObject(conversation(conversationId), afterId, signal, unsubscribing);
    },

    async settled() {
      while (unsubscribing.size > 0) await Promise.allSettled([...unsubscribing]);
    },

    async claimKey(key, value, ttlSeconds) {
      const { existing } = (await keyCall(key, 'claim', { value, ttlSeconds })) as { existing: string | null };
      return existing ?? undefined;
    },

    async setKey(key, value, ttlSeconds) {
      await keyCall(key, 'set', { value, ttlSeconds });
    },

    async getKey(key) {
      const { value } = (await keyCall(key, 'get')) as { value: string | null };
      return value ?? undefined;
    },

    async deleteKey(key) {
      await keyCall(key, 'delete');
    },

    async incrementCounter(key, windowSeconds) {
      return (await keyCall(key, 'increment', { windowSeconds })) as CounterValue;
    },
  };
}

// --- internal ---

async function call(
  stub: DurableObjectStubLike,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<unknown> {
  const response = await stub.fetch(`${OBJECT_ORIGIN}${path}`, {
    method,
    ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  });
  return ensureOk(response, `${method} ${path}`).json();
}

function ensureOk(response: Response, operation: string): Response {
  if (response.ok) return response;
  throw new StoreRequestError(operation, response);
}

class StoreRequestError extends Error {
  constructor(operation: string, response: Response) {
    super(`[tandem] [store] [durable-object] ${operation} failed with ${response.status}`);
    this.name = 'StoreRequestError';
    void response.body?.cancel();
  }
}

async function* followObject(
  stub: DurableObjectStubLike,
  afterId: number,
  signal: AbortSignal,
  unsubscribing: Set<Promise<unknown>>,
): AsyncGenerator<ConversationEvent> {
  if (signal.aborted) return;
  const response = ensureOk(
    await stub.fetch(`${OBJECT_ORIGIN}/conversation/subscribe?after=${afterId}`),
    'GET /conversation/subscribe',
  );
  if (!response.body) return;
  const reader = response.body.getReader();
  const subscriber = response.headers.get(SUBSCRIBER_HEADER);
  let stopped = false;
  // Cancelling the body alone does not reach the object, so it is told to drop the subscriber as well.
  const stop = () => {
    if (stopped) return;
    stopped = true;
    void reader.cancel().catch(() => undefined);
    if (subscriber) {
      const request = stub
        .fetch(`${OBJECT_ORIGIN}/conversation/unsubscribe`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ subscriber }),
        })
        .then((answer) => answer.body?.cancel())
        .catch(() => undefined)
        .finally(() => unsubscribing.delete(request));
      unsubscribing.add(request);
    }
  };
  signal.addEventListener('abort', stop, { once: true });
  const decoder = new TextDecoder();
  let buffered = '';
  try {
    while (!signal.aborted) {
      const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (chunk.done) return;
      buffered += decoder.decode(chunk.value, { stream: true });
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.length > 0) yield decodeEventLine(line);
        if (signal.aborted) return;
        newline = buffered.indexOf('\n');
      }
    }
  } finally {
    signal.removeEventListener('abort', stop);
    stop();
  }
}
