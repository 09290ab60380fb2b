import type { AuditEntry, AuditLog, AuditQuery } from '../../audit/audit-log.ts';
import { openSqliteDatabase, type SqliteDatabase } from './database.ts';

const AUDIT_LOG_NAME = 'sqlite';

export interface SqliteAuditLogOptions {
  /** The database file; `':memory:'` for a throwaway one. Ignored with `database`. */
  path?: string;
  /** An open database, such as the store's (`createSqliteStore(...).database`), so one file holds both. */
  database?: SqliteDatabase;
  /** Entries older than this many seconds are dropped as new ones come. Default: keep every entry. */
  retentionSeconds?: number;
  /** The clock, in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
}

/** How often, at most, old entries are dropped (on a write). */
const PRUNE_INTERVAL_MS = 60_000;

/**
 * The audit log in SQLite: every decision and answer survives a restart, and `list()` reads it back by conversation
 * or time with an index instead of a scan of memory.
 */
export function createSqliteAuditLog(options: SqliteAuditLogOptions = {}): AuditLog {
  const database = options.database ?? openSqliteDatabase(options.path ?? ':memory:');
  const now = options.now ?? Date.now;
  const insert = database.prepare('INSERT INTO audit (at, conversation_id, entry) VALUES (?, ?, ?)');
  const prune = database.prepare('DELETE FROM audit WHERE at < ?');
  const remove = database.prepare('DELETE FROM audit WHERE conversation_id = ?');
  let lastPrune = 0;
  return {
    specificationVersion: 'v1',
    name: AUDIT_LOG_NAME,
    async record(entry) {
      insert.run(entry.at, entry.conversationId, JSON.stringify(entry));
      const time = now();
      if (options.retentionSeconds !== undefined && time - lastPrune >= PRUNE_INTERVAL_MS) {
        lastPrune = time;
        prune.run(new Date(time - options.retentionSeconds * 1000).toISOString());
      }
    },
    async list(query: AuditQuery = {}) {
      const conditions: string[] = [];
      const parameters: (string | number)[] = [];
      if (query.conversationId !== undefined) {
        conditions.push('conversation_id = ?');
        parameters.push(query.conversationId);
      }
      if (query.since !== undefined) {
        conditions.push('at >= ?');
        parameters.push(query.since);
      }
      const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
      // The newest `limit`, returned oldest first like every AuditLog.
      const sql =
        query.limit !== undefined
          ? `SELECT entry FROM (SELECT sequence, entry FROM audit ${where} ORDER BY sequence DESC LIMIT ?) ORDER BY sequence`
          : `SELECT entry FROM audit ${where} ORDER BY sequence`;
      if (query.limit !== undefined) parameters.push(query.limit);
      const rows = database.prepare(sql).all(...parameters) as { entry: string }[];
      return rows.map((row) => JSON.parse(row.entry) as AuditEntry);
    },
    async deleteConversation(conversationId) {
      return remove.run(conversationId).changes;
    },
  };
}
