import type { ConversationEvent, NewConversationEvent } from '@tandem/protocol';
import type { Redis } from 'ioredis';
import type { ConversationRecord, ConversationStore, TransitionRequest, TransitionResult } from '../store.ts';
import {
  createConnection,
  DEFAULT_UNAVAILABLE_AFTER_MS,
  ready,
  unavailableOrSelf,
  withConnection,
} from './connection.ts';
import { LiveEvents, type LiveFollower } from './live-events.ts';
import {
  CONVERSATION_EXISTS_REPLY,
  createScript,
  deleteScript,
  incrementScript,
  releaseScript,
  renewScript,
  runScript,
  transitionScript,
  UNKNOWN_CONVERSATION_REPLY,
} from './scripts.ts';

const STORE_NAME = 'redis';
const DEFAULT_PREFIX = 'tandem:';

export interface RedisStoreOptions {
  /** `redis://[:password@]host:port[/db]` or `rediss://` for TLS. */
  url: string;
  /** Put before every key and channel, so several relays (or tests) can share one Redis. Default `tandem:`. */
  prefix?: string;
  /**
   * Forget a conversation (record, events) this many seconds after its last change: Redis expires its keys
   * itself. Default: keep every conversation.
   */
  conversationTtlSeconds?: number;
  /** How long a call waits for a lost connection to come back before it throws StoreUnavailableError. Default 1 s. */
  unavailableAfterMs?: number;
  /** Told of every connection error (Redis down, refused, reset); the store keeps reconnecting by itself. */
  onConnectionError?: (error: Error) => void;
}

export interface RedisStore extends ConversationStore {
  /** The command connection, for health checks. */
  readonly client: Redis;
  /** Local live streams and the channels they need; one subscriber connection serves them all. */
  statistics(): { followers: number; channels: number };
  renewKey(key: string, value: string, ttlSeconds: number): Promise<boolean>;
  releaseKey(key: string, value: string): Promise<boolean>;
  conversationsAwaitingAnswer(): Promise<string[]>;
  close(): Promise<void>;
  /** Resolves once the command connection is ready (or throws StoreUnavailableError after `unavailableAfterMs`). */
  ready(): Promise<void>;
}

/**
 * A ConversationStore in Redis, shared by every relay instance that points at it: records in hashes, each
 * conversation's events in a Redis Stream whose ids are the SSE event ids (`N-0`), every change one Lua script, and
 * live events published from those scripts to a single subscriber connection per process. Node only (ioredis).
 *
 * Run Redis with the append-only file on (`appendonly yes`, `appendfsync everysec` or `always`) so a Redis restart
 * loses at most a second, or nothing (docs/scaling.md).
 *
 * @example
 * import { createRedisStore } from '@tandem/relay/store/redis';
 * const relay = createRelay({ store: createRedisStore({ url: process.env.TANDEM_REDIS_URL }), ... });
 */
export function createRedisStore(options: RedisStoreOptions): RedisStore {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const ttlMs = options.conversationTtlSeconds === undefined ? 0 : options.conversationTtlSeconds * 1000;
  const waitMs = options.unavailableAfterMs ?? DEFAULT_UNAVAILABLE_AFTER_MS;
  const onError = options.onConnectionError ?? (() => undefined);
  const client = createConnection(options.url, onError);
  let live: LiveEvents | undefined;
  let subscriber: Redis | undefined;

  const keys = {
    record: (id: string) => `${prefix}conversation:{${id}}`,
    events: (id: string) => `${prefix}events:{${id}}`,
    deltas: (id: string) => `${prefix}deltas:{${id}}`,
    awaiting: `${prefix}awaiting`,
    channel: (id: string) => `${prefix}live:${id}`,
    key: (key: string) => `${prefix}key:${key}`,
  };
  const conversationKeys = (id: string) => [keys.record(id), keys.events(id), keys.deltas(id), keys.awaiting];
  const call = <T>(operation: () => Promise<T>) => withConnection(client, waitMs, operation);

  /** One subscriber connection for the whole process, opened with the first live stream. */
  function liveEvents(): LiveEvents {
    if (!live) {
      const connection = client.duplicate();
      connection.on('error', onError);
      subscriber = connection;
      live = new LiveEvents(connection, keys.channel, () => ready(connection, waitMs));
    }
    return live;
  }

  async function readAfter(conversationId: string, afterId: number): Promise<ConversationEvent[]> {
    const entries = await call(() => client.xrange(keys.events(conversationId), `(${afterId}-0`, '+'));
    return entries.map(([, fields]) => JSON.parse(fields[1] ?? 'null') as ConversationEvent);
  }

  async function requireConversation(conversationId: string): Promise<void> {
    const exists = await call(() => client.exists(keys.record(conversationId)));
    if (exists === 0) throw unknownConversation(conversationId);
  }

  async function runTransition(
    conversationId: string,
    { ifModeIn, ifAwaitingAnswer, patch, events }: TransitionRequest,
  ): Promise<TransitionResult | undefined> {
    const set: string[] = [];
    const remove: string[] = [];
    for (const [field, value] of Object.entries(patch)) {
      if (field === 'id' || field === 'siteId' || field === 'createdAt') continue;
      if (value === undefined) remove.push(field);
      else set.push(field, JSON.stringify(value));
    }
    const createdAt = new Date().toISOString();
    const eventArguments = events.flatMap((event) => [...eventKind(event), JSON.stringify(event)]);
    const reply = await call(() =>
      runScript(client, transitionScript, conversationKeys(conversationId), [
        conversationId,
        ifModeIn?.join(',') ?? '',
        createdAt,
        Date.now(),
        ttlMs,
        keys.channel(conversationId),
        ifAwaitingAnswer ?? '',
        set.length / 2,
        ...set,
        remove.length,
        ...remove,
        events.length,
        ...eventArguments,
      ]),
    ).catch((error: unknown) => {
      throw replyError(error, conversationId);
    });
    if (reply === null) return undefined;
    const [first, ...fields] = reply as [number, ...string[]];
    const stored = events.map(
      (event, index) => ({ ...structuredClone(event), id: first + index, createdAt }) as ConversationEvent,
    );
    return { record: recordFromFields(fields), events: stored };
  }

  return {
    name: STORE_NAME,
    client,
    shared: true,

    ready: () => call(async () => undefined),

    async createConversation(record) {
      const fields = Object.entries(record).flatMap(([field, value]) =>
        value === undefined ? [] : [field, JSON.stringify(value)],
      );
      await call(() =>
        runScript(
          client,
          createScript,
          [keys.record(record.id), keys.awaiting],
          [record.id, Date.now(), ttlMs, ...fields],
        ),
      ).catch((error: unknown) => {
        if (error instanceof Error && error.message.includes(CONVERSATION_EXISTS_REPLY)) {
          throw new Error(`[tandem] [store] [redis] conversation ${record.id} exists`);
        }
        throw error;
      });
    },

    async getConversation(conversationId) {
      const fields = await call(() => client.hgetall(keys.record(conversationId)));
      return Object.keys(fields).length === 0 ? undefined : recordFromObject(fields);
    },

    async updateConversation(conversationId, patch, condition) {
      const result = await runTransition(conversationId, {
        patch,
        events: [],
        ...(condition?.ifModeIn ? { ifModeIn: condition.ifModeIn } : {}),
        ...(condition?.ifAwaitingAnswer !== undefined ? { ifAwaitingAnswer: condition.ifAwaitingAnswer } : {}),
      });
      return result?.record;
    },

    transition: runTransition,

    async appendEvent(conversationId, event) {
      const result = await runTransition(conversationId, { patch: {}, events: [event] });
      const stored = result?.events[0];
      if (!stored) throw new Error('[tandem] [store] [redis] append stored nothing');
      return stored;
    },

    async readEvents(conversationId, afterId) {
      await requireConversation(conversationId);
      return readAfter(conversationId, afterId);
    },

    subscribe(conversationId, afterId, signal) {
      return follow(conversationId, afterId, signal);
    },

    async deleteConversation(conversationId) {
      const existed = await call(() =>
        runScript(client, deleteScript, conversationKeys(conversationId), [conversationId]),
      );
      return existed === 1;
    },

    async conversationsAwaitingAnswer() {
      const ids = await call(() => client.zrange(keys.awaiting, 0, -1));
      const present: string[] = [];
      for (const id of ids) {
        // A conversation that expired while awaiting leaves its entry behind: drop it here.
        if ((await call(() => client.exists(keys.record(id)))) === 1) present.push(id);
        else await call(() => client.zrem(keys.awaiting, id));
      }
      return present;
    },

    async claimKey(key, value, ttlSeconds) {
      // SET NX GET: stores unless a live value exists, and returns that value (Redis ≥ 7.0).
      const earlier = await call(() => client.set(keys.key(key), value, 'PX', ttlSeconds * 1000, 'NX', 'GET'));
      return earlier ?? undefined;
    },

    async setKey(key, value, ttlSeconds) {
      await call(() => client.set(keys.key(key), value, 'PX', ttlSeconds * 1000));
    },

    async getKey(key) {
      return (await call(() => client.get(keys.key(key)))) ?? undefined;
    },

    async deleteKey(key) {
      await call(() => client.del(keys.key(key)));
    },

    async renewKey(key, value, ttlSeconds) {
      const renewed = await call(() => runScript(client, renewScript, [keys.key(key)], [value, ttlSeconds * 1000]));
      return renewed === 1;
    },

    async releaseKey(key, value) {
      const released = await call(() => runScript(client, releaseScript, [keys.key(key)], [value]));
      return released === 1;
    },

    async incrementCounter(key, windowSeconds) {
      const [count, resetAt] = (await call(() =>
        runScript(client, incrementScript, [keys.key(key)], [windowSeconds * 1000]),
      )) as [number, string];
      return { count, resetAt: Number(resetAt) };
    },

    statistics() {
      return live?.counts() ?? { followers: 0, channels: 0 };
    },

    async close() {
      client.disconnect();
      subscriber?.disconnect();
    },
  };

  /**
   * Follows the channel first, then replays the stream after `afterId`, then yields what was published; ids drop
   * what both gave. A jump in the ids, or a reconnect of the subscriber connection, is filled from the stream.
   */
  async function* follow(conversationId: string, afterId: number, signal: AbortSignal) {
    if (signal.aborted) return;
    await requireConversation(conversationId);
    const pending: ConversationEvent[] = [];
    let mustResync = false;
    let wake: (() => void) | undefined;
    const follower: LiveFollower = {
      events(events) {
        pending.push(...events);
        wake?.();
      },
      resync() {
        mustResync = true;
        wake?.();
      },
    };
    const onAbort = () => wake?.();
    signal.addEventListener('abort', onAbort);
    let stop: (() => void) | undefined;
    try {
      stop = await liveEvents()
        .follow(conversationId, follower)
        .catch((error: unknown) => {
          throw unavailableOrSelf(error);
        });
      let lastId = afterId;
      for (const event of await readAfter(conversationId, lastId)) {
        if (signal.aborted) return;
        lastId = event.id;
        yield event;
      }
      while (!signal.aborted) {
        const next = pending.shift();
        if (mustResync || (next && next.id > lastId + 1)) {
          mustResync = false;
          const limit = next?.id ?? Number.POSITIVE_INFINITY;
          for (const missed of await readAfter(conversationId, lastId)) {
            if (missed.id >= limit || signal.aborted) break;
            lastId = missed.id;
            yield missed;
          }
        }
        if (next) {
          if (next.id <= lastId) continue;
          lastId = next.id;
          yield structuredClone(next);
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          if (mustResync || pending.length > 0 || signal.aborted) resolve();
        });
        wake = undefined;
      }
    } finally {
      stop?.();
      signal.removeEventListener('abort', onAbort);
    }
  }
}

// --- internal ---

function eventKind(event: NewConversationEvent): [kind: string, messageId: string] {
  if (event.type === 'message-delta') return ['d', event.messageId];
  if (event.type === 'message') return ['m', event.message.id];
  return ['-', ''];
}

function recordFromFields(flat: readonly string[]): ConversationRecord {
  const fields: Record<string, string> = {};
  for (let index = 0; index + 1 < flat.length; index += 2) fields[flat[index] as string] = flat[index + 1] as string;
  return recordFromObject(fields);
}

/** Every field but the store's own (`@last`, `@updated`) is one JSON value of the record. */
function recordFromObject(fields: Record<string, string>): ConversationRecord {
  const record: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) if (!field.startsWith('@')) record[field] = JSON.parse(value);
  return record as unknown as ConversationRecord;
}

function unknownConversation(conversationId: string): Error {
  return new Error(`[tandem] [store] [redis] unknown conversation ${conversationId}`);
}

function replyError(error: unknown, conversationId: string): unknown {
  if (error instanceof Error && error.message.includes(UNKNOWN_CONVERSATION_REPLY)) {
    return unknownConversation(conversationId);
  }
  return error;
}
