import { type ConversationEvent, messageSchema, type NewConversationEvent } from '@tandem/protocol';
import { type EventListener, followEvents } from '../follow-events.ts';
import type {
  ConversationRecord,
  ConversationStore,
  CounterValue,
  TransitionResult,
  VisitorMessageInput,
  VisitorMessageOutcome,
} from '../store.ts';
import { openSqliteDatabase, type SqliteDatabase } from './database.ts';

const STORE_NAME = 'sqlite';
/** Expired keys and conversations past their retention are swept at most this often, on a write. */
const SWEEP_INTERVAL_MS = 60_000;
/** At most this many conversations are forgotten per sweep, so one write is never held up for long. */
const SWEEP_BATCH = 500;

export interface SqliteStoreOptions {
  /** The database file, such as `./data/tandem.db`; `':memory:'` for a throwaway one. Ignored with `database`. */
  path?: string;
  /** An open database (to share one file with `createSqliteAuditLog`). Closed by `close()` only if opened here. */
  database?: SqliteDatabase;
  /** The clock, in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
  /**
   * Forget a conversation (record and events) this many seconds after its last change, unless someone is
   * subscribed to it. Default: keep every conversation.
   */
  conversationTtlSeconds?: number;
}

export interface SqliteStore extends ConversationStore {
  readonly database: SqliteDatabase;
  /** What the store holds right now. */
  statistics(): { conversations: number; events: number; keys: number; listeners: number };
}

/**
 * A ConversationStore in one SQLite file, for a single Node process that must not lose anything when it dies:
 * every call commits before it returns (WAL, one transaction per call), and live subscribers in this process are fed
 * after the commit. better-sqlite3 is synchronous, so each call is atomic in this process by construction.
 *
 * @example
 * import { createSqliteStore } from '@tandem/relay/store/sqlite';
 * const relay = createRelay({ store: createSqliteStore({ path: './data/tandem.db' }), ... });
 */
export function createSqliteStore(options: SqliteStoreOptions = {}): SqliteStore {
  const ownsDatabase = options.database === undefined;
  const database = options.database ?? openSqliteDatabase(options.path ?? ':memory:');
  const now = options.now ?? Date.now;
  const listeners = new Map<string, Set<EventListener>>();
  const statements = prepare(database);
  let lastSweep = 0;

  function recordOf(conversationId: string): { record: ConversationRecord; lastEventId: number } | undefined {
    const row = statements.getConversation.get(conversationId) as ConversationRow | undefined;
    return row ? { record: JSON.parse(row.record) as ConversationRecord, lastEventId: row.last_event_id } : undefined;
  }

  function requireRecord(conversationId: string) {
    const found = recordOf(conversationId);
    if (!found) throw new Error(`[tandem] [store] [sqlite] unknown conversation ${conversationId}`);
    return found;
  }

  /**
   * Appends inside the caller's transaction; returns the stored events for the listeners, fed after the commit. With
   * `record`, the patched record is written in the same update of the conversation's row.
   */
  function appendAll(
    conversationId: string,
    lastEventId: number,
    events: readonly NewConversationEvent[],
    record?: ConversationRecord,
  ) {
    const createdAt = new Date(now()).toISOString();
    const stored = events.map(
      (event, index) => ({ ...event, id: lastEventId + index + 1, createdAt }) as ConversationEvent,
    );
    for (const event of stored) {
      statements.insertEvent.run(
        conversationId,
        event.id,
        JSON.stringify(event),
        event.type === 'message-delta' ? event.messageId : null,
      );
      // A stored conversation holds messages, not words: the final message replaces its streamed pieces.
      if (event.type === 'message') statements.deleteDeltas.run(conversationId, event.message.id);
    }
    const last = lastEventId + stored.length;
    if (record) {
      statements.updateRecord.run(JSON.stringify(record), last, stored.length, now(), conversationId);
    } else if (stored.every((event) => event.type === 'message-delta')) {
      // A streamed word is not a change the retention counts (its message, moments later, is): leaving `updated_at`
      // alone spares a write of its index on the append that carries the first word, and on every later one.
      statements.countEvents.run(last, stored.length, conversationId);
    } else statements.touchConversation.run(last, stored.length, now(), conversationId);
    return stored;
  }

  function notify(conversationId: string, events: readonly ConversationEvent[]) {
    const set = listeners.get(conversationId);
    if (!set) return;
    for (const event of events) for (const listener of set) listener(event);
  }

  const transitionTransaction = database.transaction(
    (conversationId: string, request: Parameters<ConversationStore['transition']>[1]) => {
      const { record, lastEventId } = requireRecord(conversationId);
      if (request.ifModeIn && !request.ifModeIn.includes(record.mode)) return undefined;
      if (request.ifAwaitingAnswer !== undefined && record.awaitingAnswer !== request.ifAwaitingAnswer)
        return undefined;
      const next = patched(record, request.patch);
      return { record: next, events: appendAll(conversationId, lastEventId, request.events, next) };
    },
  );

  const appendTransaction = database.transaction((conversationId: string, event: NewConversationEvent) => {
    // The last id alone: an append has no use for the record, so it is not parsed.
    const row = statements.lastEventId.get(conversationId) as { last_event_id: number } | undefined;
    if (!row) throw new Error(`[tandem] [store] [sqlite] unknown conversation ${conversationId}`);
    return appendAll(conversationId, row.last_event_id, [event]);
  });

  const claimTransaction = database.transaction((key: string, value: string, ttlSeconds: number) => {
    const existing = liveValue(key);
    if (existing !== undefined) return existing;
    statements.setKey.run(key, value, now() + ttlSeconds * 1000);
    return undefined;
  });

  /** One more in a fixed-window counter, inside the caller's transaction. */
  function increment(key: string, windowSeconds: number): CounterValue {
    const row = statements.getKey.get(key) as KeyRow | undefined;
    const live = row && row.expires_at > now() ? row : undefined;
    const count = (live ? Number(live.value) : 0) + 1;
    const expiresAt = live?.expires_at ?? now() + windowSeconds * 1000;
    statements.setKey.run(key, String(count), expiresAt);
    return { count, resetAt: expiresAt };
  }

  const incrementTransaction = database.transaction(increment);

  /**
   * A visitor's message checked and stored in one transaction: one commit where the separate calls make three (the
   * rate-limit counter, the claim of the client message id, the message with its awaiting-answer note), with reads
   * between them. Every check is the separate calls' own, in their order, on their keys (`input.keys`): the conversation's
   * site, its rate limit (counted even for a retry), a claim of the client message id (a duplicate once its message
   * is stored), the cap on events, assistant mode. `stored` is for the listeners, told after the commit.
   */
  const acceptTransaction = database.transaction(
    (
      conversationId: string,
      input: VisitorMessageInput,
    ): { outcome: VisitorMessageOutcome; stored?: ConversationEvent[] } => {
      const found = recordOf(conversationId);
      if (!found) return { outcome: { outcome: 'unknown-conversation' } };
      const { record, lastEventId } = found;
      if (record.siteId !== input.siteId) return { outcome: { outcome: 'other-site' } };
      const counted = increment(input.keys.rateLimit, input.rateLimit.windowSeconds);
      if (counted.count > input.rateLimit.limit) {
        return { outcome: { outcome: 'rate-limited', resetAt: counted.resetAt } };
      }
      const claimed = liveValue(input.keys.clientMessage);
      if (claimed !== undefined) {
        const earlier = messageSchema.parse(JSON.parse(claimed));
        // A claim counts once its message is stored (see `claimVisitorMessage`). One without it was made by the
        // separate calls (a message to a person) that are still writing, or were cut short: they wait for it or take
        // the abandoned claim over, so the message goes their way.
        if (statements.storedMessage.get(conversationId, earlier.id) === undefined) {
          return { outcome: { outcome: 'elsewhere', record } };
        }
        return { outcome: { outcome: 'duplicate', message: earlier } };
      }
      if (input.maxEvents !== undefined && statements.eventAfter.get(conversationId, input.maxEvents) !== undefined) {
        return { outcome: { outcome: 'full' } };
      }
      if (record.mode !== 'assistant') return { outcome: { outcome: 'elsewhere', record } };
      statements.setKey.run(
        input.keys.clientMessage,
        JSON.stringify(input.message),
        now() + input.idempotencyTtlSeconds * 1000,
      );
      const next = patched(record, { awaitingAnswer: input.message.id });
      const stored = appendAll(conversationId, lastEventId, [{ type: 'message', message: input.message }], next);
      return { outcome: { outcome: 'stored', record: next, events: readAfter(conversationId, 0) }, stored };
    },
  );

  const deleteTransaction = database.transaction((conversationId: string) => {
    statements.deleteEvents.run(conversationId);
    return statements.deleteConversation.run(conversationId).changes > 0;
  });

  function liveValue(key: string): string | undefined {
    const row = statements.getKey.get(key) as KeyRow | undefined;
    return row && row.expires_at > now() ? row.value : undefined;
  }

  /** Forgets expired keys and conversations past their retention; never one someone is subscribed to. */
  function sweep() {
    const time = now();
    if (time - lastSweep < SWEEP_INTERVAL_MS) return;
    lastSweep = time;
    statements.deleteExpiredKeys.run(time);
    if (options.conversationTtlSeconds === undefined) return;
    const idle = statements.idleConversations.all(time - options.conversationTtlSeconds * 1000, SWEEP_BATCH) as {
      id: string;
    }[];
    for (const { id } of idle) if (!listeners.get(id)?.size) deleteTransaction(id);
  }

  return {
    name: STORE_NAME,
    database,

    async createConversation(record) {
      sweep();
      try {
        statements.insertConversation.run(record.id, JSON.stringify(record), now());
      } catch (error) {
        if ((error as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) {
          throw new Error(`[tandem] [store] [sqlite] conversation ${record.id} exists`);
        }
        throw error;
      }
    },

    async getConversation(conversationId) {
      return recordOf(conversationId)?.record;
    },

    async updateConversation(conversationId, patch, condition) {
      const result = transitionTransaction(conversationId, {
        patch,
        events: [],
        ...(condition?.ifModeIn ? { ifModeIn: condition.ifModeIn } : {}),
        ...(condition?.ifAwaitingAnswer !== undefined ? { ifAwaitingAnswer: condition.ifAwaitingAnswer } : {}),
      });
      return result?.record;
    },

    async transition(conversationId, request): Promise<TransitionResult | undefined> {
      const result = transitionTransaction(conversationId, request);
      if (result) notify(conversationId, result.events);
      return result;
    },

    async acceptVisitorMessage(conversationId, input) {
      sweep();
      const { outcome, stored } = acceptTransaction(conversationId, input);
      if (stored) notify(conversationId, stored);
      return outcome;
    },

    async appendEvent(conversationId, event) {
      const [stored] = appendTransaction(conversationId, event);
      if (!stored) throw new Error('[tandem] [store] [sqlite] append stored nothing');
      notify(conversationId, [stored]);
      return stored;
    },

    async readEvents(conversationId, afterId) {
      requireRecord(conversationId);
      return readAfter(conversationId, afterId);
    },

    subscribe(conversationId, afterId, signal) {
      requireRecord(conversationId);
      let set = listeners.get(conversationId);
      if (!set) {
        set = new Set();
        listeners.set(conversationId, set);
      }
      const following = set;
      return (async function* () {
        try {
          yield* followEvents(following, (after) => readAfter(conversationId, after), afterId, signal);
        } finally {
          if (following.size === 0 && listeners.get(conversationId) === following) listeners.delete(conversationId);
        }
      })();
    },

    async deleteConversation(conversationId) {
      return deleteTransaction(conversationId);
    },

    async conversationsAwaitingAnswer() {
      return (statements.awaitingAnswer.all() as { id: string }[]).map((row) => row.id);
    },

    async claimKey(key, value, ttlSeconds) {
      sweep();
      return claimTransaction(key, value, ttlSeconds);
    },

    async setKey(key, value, ttlSeconds) {
      sweep();
      statements.setKey.run(key, value, now() + ttlSeconds * 1000);
    },

    async getKey(key) {
      return liveValue(key);
    },

    async deleteKey(key) {
      statements.deleteKey.run(key);
    },

    async incrementCounter(key, windowSeconds) {
      sweep();
      return incrementTransaction(key, windowSeconds);
    },

    statistics() {
      const count = (sql: string) => (database.prepare(sql).get() as { count: number }).count;
      let listening = 0;
      for (const set of listeners.values()) listening += set.size;
      return {
        conversations: count('SELECT count(*) AS count FROM conversations'),
        events: count('SELECT count(*) AS count FROM events'),
        keys: count('SELECT count(*) AS count FROM keys'),
        listeners: listening,
      };
    },

    async close() {
      if (ownsDatabase && database.open) database.close();
    },
  };

  function readAfter(conversationId: string, afterId: number): ConversationEvent[] {
    return (statements.readEvents.all(conversationId, afterId) as { event: string }[]).map(
      (row) => JSON.parse(row.event) as ConversationEvent,
    );
  }
}

// --- internal ---

interface ConversationRow {
  record: string;
  last_event_id: number;
}

interface KeyRow {
  value: string;
  expires_at: number;
}

function prepare(database: SqliteDatabase) {
  return {
    insertConversation: database.prepare('INSERT INTO conversations (id, record, updated_at) VALUES (?, ?, ?)'),
    getConversation: database.prepare('SELECT record, last_event_id FROM conversations WHERE id = ?'),
    updateRecord: database.prepare(
      'UPDATE conversations SET record = ?, last_event_id = ?, event_count = event_count + ?, updated_at = ? WHERE id = ?',
    ),
    lastEventId: database.prepare('SELECT last_event_id FROM conversations WHERE id = ?'),
    countEvents: database.prepare(
      'UPDATE conversations SET last_event_id = ?, event_count = event_count + ? WHERE id = ?',
    ),
    touchConversation: database.prepare(
      'UPDATE conversations SET last_event_id = ?, event_count = event_count + ?, updated_at = ? WHERE id = ?',
    ),
    insertEvent: database.prepare('INSERT INTO events (conversation_id, id, event, delta_of) VALUES (?, ?, ?, ?)'),
    deleteDeltas: database.prepare('DELETE FROM events WHERE conversation_id = ? AND delta_of = ?'),
    readEvents: database.prepare('SELECT event FROM events WHERE conversation_id = ? AND id > ? ORDER BY id'),
    eventAfter: database.prepare('SELECT 1 FROM events WHERE conversation_id = ? AND id > ? LIMIT 1'),
    storedMessage: database.prepare(
      "SELECT 1 FROM events WHERE conversation_id = ? AND delta_of IS NULL AND json_extract(event, '$.type') = 'message' AND json_extract(event, '$.message.id') = ? LIMIT 1",
    ),
    deleteEvents: database.prepare('DELETE FROM events WHERE conversation_id = ?'),
    deleteConversation: database.prepare('DELETE FROM conversations WHERE id = ?'),
    idleConversations: database.prepare('SELECT id FROM conversations WHERE updated_at <= ? LIMIT ?'),
    awaitingAnswer: database.prepare(
      'SELECT id FROM conversations WHERE awaiting_answer IS NOT NULL ORDER BY updated_at',
    ),
    getKey: database.prepare('SELECT value, expires_at FROM keys WHERE key = ?'),
    setKey: database.prepare(
      'INSERT INTO keys (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at',
    ),
    deleteKey: database.prepare('DELETE FROM keys WHERE key = ?'),
    deleteExpiredKeys: database.prepare('DELETE FROM keys WHERE expires_at <= ?'),
  };
}

/** Undefined in a patch removes the field; the identity fields never change. */
function patched(record: ConversationRecord, patch: object): ConversationRecord {
  const next: Record<string, unknown> = { ...record };
  for (const [field, value] of Object.entries(patch)) {
    if (field === 'id' || field === 'siteId' || field === 'createdAt') continue;
    if (value === undefined) delete next[field];
    else next[field] = value;
  }
  return next as unknown as ConversationRecord;
}
