import { z } from 'zod';
import type { Assistant } from './assistant/assistant.ts';
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
    typeof value === 'object' && value !== null && typeof (value as ConversationStore).appendEvent === 'function',
  'must be a ConversationStore',
);

const originSchema = z
  .string()
  .regex(/^https?:\/\/[^/\s]+$/, 'must be an origin such as "https://shop.example.com" (scheme and host, no path)');

export const relayOptionsSchema = z.strictObject({
  /** Signs visitor tokens. At least 32 characters; keep it secret and the same across instances. */
  secret: z.string().min(32, 'must be at least 32 characters (use a random value)'),
  /** Answers the visitors. */
  assistant: assistantSchema,
  /** Where conversations live. Default: in memory (one process only). */
  store: storeSchema.optional(),
  /** Site origins whose pages may call the relay from a browser, or "*" for any (development only). */
  allowedOrigins: z.union([z.literal('*'), z.array(originSchema).min(1)]),
  /** Used when a visitor does not say which site they are on. */
  defaultSiteId: z.string().min(1).default('default'),
  /** How long a visitor token is valid, in seconds. Default one day. */
  tokenTtlSeconds: z
    .number()
    .int()
    .min(60)
    .max(60 * 60 * 24 * 30)
    .default(60 * 60 * 24),
  /** Interval of the SSE keep-alive comment, in milliseconds. Default 15 s. */
  heartbeatIntervalMs: z.number().int().min(100).default(15_000),
});

export type RelayOptions = z.input<typeof relayOptionsSchema>;
export type ResolvedRelayOptions = z.output<typeof relayOptionsSchema>;
