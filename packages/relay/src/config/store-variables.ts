import { z } from 'zod';

/** How long a conversation nobody touches is kept by default: a quarter, long enough for follow-ups and disputes. */
export const DEFAULT_RETENTION_DAYS = 90;

/** The variables that choose where `tandem-relay` keeps conversations (docs/stores.md). */
export const storeVariablesSchema = z.object({
  /** `sqlite` (default): durable, in TANDEM_DATA_DIR. `memory`: lost when the process stops; for trials and tests. */
  TANDEM_STORE: z.enum(['sqlite', 'memory'], { error: 'must be "sqlite" or "memory"' }).default('sqlite'),
  /**
   * `redis://host:port`: keep conversations in Redis, shared by every relay instance pointed at it (docs/scaling.md).
   * Takes precedence over TANDEM_STORE.
   */
  TANDEM_REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL, such as redis://127.0.0.1:6379' })
    .optional(),
  /** Prefix of every Redis key and channel, so several relays can share one Redis. Default `tandem:`. */
  TANDEM_REDIS_PREFIX: z.string().min(1).max(64).optional(),
  /** Where the SQLite file lives; created when missing. */
  TANDEM_DATA_DIR: z.string().min(1).default('./data'),
  /**
   * Where attachment files live. Default `<TANDEM_DATA_DIR>/attachments`. With several instances (Redis), point
   * every instance at one shared folder.
   */
  TANDEM_ATTACHMENTS_DIR: z.string().min(1).optional(),
  /** Conversations (with their events) and audit entries untouched this many days are deleted. */
  TANDEM_RETENTION_DAYS: z.coerce
    .number({ error: 'must be a number of days' })
    .int('must be a whole number of days')
    .min(1, 'must be at least 1 day')
    .max(36_500)
    .default(DEFAULT_RETENTION_DAYS),
});

export type StoreVariables = z.output<typeof storeVariablesSchema>;
