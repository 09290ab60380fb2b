/**
 * `@tandem/relay/store/sqlite`: the durable store for a single Node process (better-sqlite3, a native module).
 * Node only, on its own subpath so that edge builds never see it.
 */
export { createSqliteAuditLog, type SqliteAuditLogOptions } from './audit-log.ts';
export { MIGRATIONS, openSqliteDatabase, type SqliteDatabase, schemaVersion } from './database.ts';
export { createSqliteStore, type SqliteStore, type SqliteStoreOptions } from './sqlite-store.ts';
