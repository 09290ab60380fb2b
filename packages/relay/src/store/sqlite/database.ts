import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type SqliteDatabase = Database.Database;

/**
 * The schema, one step per version. A database remembers its version (`PRAGMA user_version`); opening it applies
 * the steps it has not seen yet, each in its own transaction, so an older data directory is brought forward and a
 * crash in the middle of a step leaves the version before it. Never edit a step that shipped: add the next one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: conversations with their event logs, keys and counters, the audit log.
  `
  CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    record TEXT NOT NULL,
    last_event_id INTEGER NOT NULL DEFAULT 0,
    event_count INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL,
    awaiting_answer TEXT GENERATED ALWAYS AS (json_extract(record, '$.awaitingAnswer')) VIRTUAL
  );
  CREATE INDEX conversations_by_update ON conversations (updated_at);
  CREATE INDEX conversations_awaiting_answer ON conversations (awaiting_answer) WHERE awaiting_answer IS NOT NULL;
  CREATE TABLE events (
    conversation_id TEXT NOT NULL,
    id INTEGER NOT NULL,
    event TEXT NOT NULL,
    delta_of TEXT,
    PRIMARY KEY (conversation_id, id)
  ) WITHOUT ROWID;
  CREATE INDEX events_deltas ON events (conversation_id, delta_of) WHERE delta_of IS NOT NULL;
  CREATE TABLE keys (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX keys_by_expiry ON keys (expires_at);
  CREATE TABLE audit (
    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    entry TEXT NOT NULL
  );
  CREATE INDEX audit_by_conversation ON audit (conversation_id, sequence);
  CREATE INDEX audit_by_time ON audit (at);
  `,
];

/**
 * Opens (and creates) the database at `path` in WAL mode, brought to the newest schema. WAL lets readers go on while
 * a write commits, and with `synchronous = NORMAL` a commit survives a crash of the process (kill -9); only a power
 * cut may lose the last commits. Use `':memory:'` for a throwaway database.
 */
export function openSqliteDatabase(path: string): SqliteDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  migrate(database);
  return database;
}

/** The schema version this database is at. */
export function schemaVersion(database: SqliteDatabase): number {
  return database.pragma('user_version', { simple: true }) as number;
}

// --- internal ---

function migrate(database: SqliteDatabase): void {
  const current = schemaVersion(database);
  if (current > MIGRATIONS.length) {
    throw new Error(
      `[tandem] [store] [sqlite] the database is at schema ${current}, newer than this relay knows (${MIGRATIONS.length}); run a newer relay`,
    );
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    const step = MIGRATIONS[version] ?? '';
    database.transaction(() => {
      database.exec(step);
      database.pragma(`user_version = ${version + 1}`);
    })();
  }
}
