import { MAX_MESSAGE_LENGTH } from '@tandem/protocol';
import type { Context } from 'hono';
import { z } from 'zod';
import type { Assistant } from './assistant/assistant.ts';
import { attachmentOptionsSchema } from './attachments/options.ts';
import { auditOptionsSchema } from './audit/options.ts';
import { handoffOptionsSchema } from './handoff/options.ts';
import type { Logger, LogLevel } from './observability/logger.ts';
import { policyConfigSchema } from './policy/config.ts';
import type { ConversationStore } from './store/store.ts';

const assistantSchema = z.custom<Assistant>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    (value as Assistant).specificationVersion === 'v1' &&
    typeof (value as Assistant).respond === 'function',
  'must be an Assistant (specificationVersion "v1" with a respond() method)',
);

const storeSchema = z.custom<ConversationStore>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    ['appendEvent', 'subscribe', 'claimKey', 'incrementCounter'].every(
      (method) => typeof (value as Record<string, unknown>)[method] === 'function',
    ),
  'must be a ConversationStore (see the ConversationStore interface)',
);

const loggerSchema = z.custom<Logger>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    ['debug', 'info', 'warn', 'error', 'child'].every(
      (method) => typeof (value as Record<string, unknown>)[method] === 'function',
    ),
  'must be a Logger with debug, info, warn, error and child methods',
);

const clientIpSchema = z.custom<(context: Context) => string | undefined>(
  (value) => typeof value === 'function',
  'must be a function (context) => string | undefined',
);

const originSchema = z
  .string()
  .regex(/^https?:\/\/[^/\s]+$/, 'must be an origin such as "https://shop.example.com" (scheme and host, no path)');

const rateLimitSchema = z.strictObject({
  /** Requests allowed per window. */
  limit: z.number().int().min(1),
  /** Length of the window, in seconds. */
  windowSeconds: z.number().int().min(1).max(86_400),
});

export const relayOptionsSchema = z.strictObject({
  /** Signs visitor tokens. At least 32 characters; keep it secret and the same across instances. */
  secret: z.string().min(32, 'must be at least 32 characters (use a random value)'),
  /** Answers the visitors. */
  assistant: assistantSchema,
  /** Where conversations live. Default: in memory (one process only). */
  store: storeSchema.optional(),
  /**
   * Site origins whose pages may call the relay from a browser, or "*" for any (development only). A request that
   * carries an `Origin` header not on the list is refused with 403 and gets no CORS headers; requests without an
   * `Origin` (servers, curl) are not affected. A page on the relay's own origin needs its origin listed too.
   */
  allowedOrigins: z.union([z.literal('*'), z.array(originSchema).min(1)]),
  /** Used when a visitor does not say which site they are on. */
  defaultSiteId: z.string().min(1).default('default'),
  /** How long a visitor token is valid, in seconds. Default one day. Refresh with POST /v1/conversations/:id/token. */
  tokenTtlSeconds: z
    .number()
    .int()
    .min(60)
    .max(60 * 60 * 24 * 30)
    .default(60 * 60 * 24),
  /**
   * Verifies visitor identities: the merchant's server sends `userHash = hex(HMAC-SHA256(identitySecret, userId))`
   * with the user id. Only a verified identity's attributes (such as `tier: "vip"`) raise priority. Without it, no
   * identity is verified. At least 16 characters.
   */
  identitySecret: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Interval of the SSE keep-alive comment, in milliseconds. Default 15 s. */
  heartbeatIntervalMs: z.number().int().min(100).max(300_000).default(15_000),
  /** The SSE `retry:` hint: how long a browser waits before reconnecting, in milliseconds. Default 2 s. */
  reconnectDelayMs: z.number().int().min(0).max(60_000).default(2_000),
  /**
   * Open event streams one conversation may hold in this process (tabs, devices, reconnects not yet noticed); one
   * more gets 429. Default 20.
   */
  maxStreamsPerConversation: z.number().int().min(1).max(10_000).default(20),
  /** Events one conversation may hold (its last event id); past it a visitor message gets 409. Default 5,000. */
  maxEventsPerConversation: z.number().int().min(10).max(1_000_000).default(5_000),
  /** Largest visitor request body, in bytes; larger bodies get 413. Helpdesk webhooks take up to 1 MiB. Default 64 KiB. */
  bodyLimitBytes: z
    .number()
    .int()
    .min(1024)
    .max(10 * 1024 * 1024)
    .default(64 * 1024),
  /** Longest visitor message, in characters (at most the protocol's 4000). Default 4000. */
  maxMessageLength: z.number().int().min(1).max(MAX_MESSAGE_LENGTH).default(MAX_MESSAGE_LENGTH),
  /** Per client IP, across all POST routes (creating conversations included). Default 60 per minute. */
  ipRateLimit: rateLimitSchema.default({ limit: 60, windowSeconds: 60 }),
  /** Per conversation, across its POST routes (messages, handoff, contact, rating, token). Default 20 per minute. */
  conversationRateLimit: rateLimitSchema.default({ limit: 20, windowSeconds: 60 }),
  /**
   * How to find the client's IP for rate limiting. Default: the socket address on Node, `CF-Connecting-IP` on
   * Cloudflare. Behind your own proxy, read its header here (only if the proxy overwrites it).
   */
  clientIp: clientIpSchema.optional(),
  /**
   * Serves Prometheus metrics at GET /metrics to requests with `Authorization: Bearer <metricsToken>`. Without it,
   * /metrics is not served. At least 16 characters.
   */
  metricsToken: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Where structured JSON logs go. Default: one JSON line per entry on stdout. */
  logger: loggerSchema.optional(),
  /** The lowest level the default logger writes. Default "info". Ignored with a custom logger. */
  logLevel: z.enum(['debug', 'info', 'warn', 'error'] satisfies LogLevel[]).default('info'),
  /** How long clientMessageIds and webhook ids are remembered for deduplication, in seconds. Default 7 days. */
  idempotencyTtlSeconds: z
    .number()
    .int()
    .min(60)
    .default(7 * 24 * 60 * 60),
  /**
   * Shed load rather than starve: while the event loop runs later than `maxEventLoopDelayMs`, new conversations and
   * new messages get 503 with `Retry-After: retryAfterSeconds` (the widget waits and sends from its outbox), so the
   * streams already open stay fast. `false` turns it off. Not used on Workers, where each request has its own isolate.
   * The 250 ms default is measured by `pnpm bench load-threshold` (bench/README.md): above the delay an idle relay
   * reads on a busy shared host (119 ms p90), below the delay at which established conversations' p99 doubled.
   */
  loadShedding: z
    .union([
      z.literal(false),
      z.strictObject({
        maxEventLoopDelayMs: z.number().int().min(10).max(60_000).default(250),
        retryAfterSeconds: z.number().int().min(1).max(600).default(2),
      }),
    ])
    .prefault({}),
  /** Passes conversations to people: adapters, routing rules, retries, the agent page. See docs/handoff.md. */
  handoff: handoffOptionsSchema.optional(),
  /**
   * When the assistant hands over to a person: thresholds, sensitive topics, VIP tiers, business hours. On by
   * default with the defaults in docs/assistant.md; `false` turns the policy off (the assistant answers everything).
   */
  policy: z.union([z.literal(false), policyConfigSchema]).prefault({}),
  /** The audit log of every escalation decision and assistant answer, and its JSON-lines export. */
  audit: auditOptionsSchema.prefault({}),
  /** Pictures and PDFs in conversations: where the bytes live, size and count limits (docs/relay.md). */
  attachments: attachmentOptionsSchema.prefault({}),
});

export type RelayOptions = z.input<typeof relayOptionsSchema>;
export type ResolvedRelayOptions = z.output<typeof relayOptionsSchema>;
