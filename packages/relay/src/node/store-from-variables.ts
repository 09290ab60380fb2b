import { join } from 'node:path';
import type { BlobStore } from '../attachments/blob/blob-store.ts';
import { createFilesystemBlobStore } from '../attachments/blob/filesystem.ts';
import { createMemoryBlobStore } from '../attachments/blob/memory.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { createMemoryAuditLog } from '../audit/memory.ts';
import type { StoreVariables } from '../config/store-variables.ts';
import { createMemoryStore } from '../store/memory.ts';
import { createRedisStore } from '../store/redis/redis-store.ts';
import { createSqliteAuditLog } from '../store/sqlite/audit-log.ts';
import { createSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { ConversationStore } from '../store/store.ts';

/** The database file inside the data directory. */
export const DATABASE_FILE = 'tandem.db';
/** The attachments folder inside the data directory. */
export const ATTACHMENTS_FOLDER = 'attachments';

export interface ChosenStore {
  store: ConversationStore;
  audit: AuditLog;
  /** Where attachment bytes live: files beside the database, or memory with the memory store. */
  blobStore: BlobStore;
  /** For the start-up log line. */
  description: { store: string; path?: string; attachments?: string; retentionDays: number };
}

export interface StoreFromVariablesOptions {
  /** Told when the Redis connection fails; it reconnects by itself. */
  onConnectionError?: (error: Error) => void;
}

/**
 * The store and audit log `tandem-relay` runs with: Redis when TANDEM_REDIS_URL is set (the audit log then stays in
 * this instance's data directory), else SQLite in the data directory unless memory is asked for.
 */
export function storeFromVariables(variables: StoreVariables, options: StoreFromVariablesOptions = {}): ChosenStore {
  const retentionSeconds = variables.TANDEM_RETENTION_DAYS * 24 * 60 * 60;
  const description = { store: variables.TANDEM_STORE, retentionDays: variables.TANDEM_RETENTION_DAYS };
  const attachments = variables.TANDEM_ATTACHMENTS_DIR ?? join(variables.TANDEM_DATA_DIR, ATTACHMENTS_FOLDER);
  const blobStore = createFilesystemBlobStore({ directory: attachments });
  if (variables.TANDEM_REDIS_URL !== undefined) {
    const path = join(variables.TANDEM_DATA_DIR, DATABASE_FILE);
    return {
      store: createRedisStore({
        url: variables.TANDEM_REDIS_URL,
        ...(variables.TANDEM_REDIS_PREFIX ? { prefix: variables.TANDEM_REDIS_PREFIX } : {}),
        conversationTtlSeconds: retentionSeconds,
        ...(options.onConnectionError ? { onConnectionError: options.onConnectionError } : {}),
      }),
      audit: createSqliteAuditLog({ path, retentionSeconds }),
      blobStore,
      description: { ...description, store: 'redis', path, attachments },
    };
  }
  if (variables.TANDEM_STORE === 'memory') {
    return {
      store: createMemoryStore({ conversationTtlSeconds: retentionSeconds }),
      audit: createMemoryAuditLog(),
      blobStore: createMemoryBlobStore(),
      description,
    };
  }
  const path = join(variables.TANDEM_DATA_DIR, DATABASE_FILE);
  const store = createSqliteStore({ path, conversationTtlSeconds: retentionSeconds });
  return {
    store,
    audit: createSqliteAuditLog({ database: store.database, retentionSeconds }),
    blobStore,
    description: { ...description, path, attachments },
  };
}
