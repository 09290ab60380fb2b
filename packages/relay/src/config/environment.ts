import { MAX_MESSAGE_LENGTH } from '@tandem/protocol';
import type { Context } from 'hono';
import { z } from 'zod';
import type { RelayOptions } from '../options.ts';

/** `<requests>/<seconds>`, e.g. `60/60` for sixty requests a minute. */
const rateLimitVariable = z
  .string()
  .regex(/^\s*\d+\s*\/\s*\d+\s*$/, 'must be <requests>/<seconds>, e.g. 60/60 for sixty requests a minute')
  .transform((value) => {
    const [limit, windowSeconds] = value.split('/').map((part) => Number(part.trim()));
    return { limit: limit as number, windowSeconds: windowSeconds as number };
  })
  .pipe(
    z.object({
      limit: z.number().int().min(1, 'must allow at least 1 request'),
      windowSeconds: z
        .number()
        .int()
        .min(1, 'must have a window of 1 to 86400 seconds')
        .max(86_400, 'must have a window of 1 to 86400 seconds'),
    }),
  );

/**
 * The relay's settings as environment variables (strings), shared by the Node command and the Workers entry,
 * so both read the same names with the same rules. Empty values count as unset, as in most `.env` tooling.
 */
export const relayVariablesSchema = z.object({
  TANDEM_SECRET: z.string().min(32, 'must be at least 32 characters (generate one with `openssl rand -hex 32`)'),
  TANDEM_ALLOWED_ORIGINS: z
    .string()
    .transform((value) => (value.trim() === '*' ? ('*' as const) : splitList(value)))
    .pipe(
      z.union([
        z.literal('*'),
        z
          .array(
            z
              .string()
              .regex(/^https?:\/\/[^/\s]+$/, 'each entry must be an origin such as https://shop.example.com (no path)'),
          )
          .min(1, 'must list at least one origin, or be * for any (development only)'),
      ]),
    ),
  TANDEM_SITE_ID: z.string().min(1).max(100).optional(),
  TANDEM_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(2_592_000).optional(),
  TANDEM_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(100).max(300_000).optional(),
  TANDEM_RECONNECT_DELAY_MS: z.coerce.number().int().min(0).max(60_000).optional(),
  TANDEM_IDENTITY_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  TANDEM_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  TANDEM_AUDIT_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  TANDEM_IP_RATE_LIMIT: rateLimitVariable.optional(),
  TANDEM_CONVERSATION_RATE_LIMIT: rateLimitVariable.optional(),
  TANDEM_CLIENT_IP_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, 'must be a header name such as x-forwarded-for')
    .optional(),
  TANDEM_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10 * 1024 * 1024)
    .optional(),
  TANDEM_MAX_MESSAGE_LENGTH: z.coerce.number().int().min(1).max(MAX_MESSAGE_LENGTH).optional(),
  TANDEM_IDEMPOTENCY_TTL_SECONDS: z.coerce.number().int().min(60).optional(),
  TANDEM_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).optional(),
});

export type RelayVariables = z.output<typeof relayVariablesSchema>;

/** A setting from the environment is missing or wrong; `issues` names each variable. */
export class EnvironmentError extends Error {
  readonly code = 'invalid_environment';
  constructor(readonly issues: Array<{ variable: string; message: string }>) {
    super(issues.map((issue) => `${issue.variable}: ${issue.message}`).join('\n'));
    this.name = 'EnvironmentError';
  }
}

/** Validates environment variables against a schema, naming every bad or missing variable at once. */
export function parseVariables<Schema extends z.ZodType>(
  schema: Schema,
  source: Record<string, unknown>,
): z.output<Schema> {
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  throw new EnvironmentError(
    result.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? 'environment');
      return { variable, message: present[variable] === undefined ? 'is required' : issue.message };
    }),
  );
}

/** Everything but the assistant and the store, which each runtime entry chooses. */
export function relayOptionsFromVariables(variables: RelayVariables): Omit<RelayOptions, 'assistant' | 'store'> {
  return {
    secret: variables.TANDEM_SECRET,
    allowedOrigins: variables.TANDEM_ALLOWED_ORIGINS,
    ...(variables.TANDEM_SITE_ID !== undefined ? { defaultSiteId: variables.TANDEM_SITE_ID } : {}),
    ...(variables.TANDEM_TOKEN_TTL_SECONDS !== undefined
      ? { tokenTtlSeconds: variables.TANDEM_TOKEN_TTL_SECONDS }
      : {}),
    ...(variables.TANDEM_HEARTBEAT_INTERVAL_MS !== undefined
      ? { heartbeatIntervalMs: variables.TANDEM_HEARTBEAT_INTERVAL_MS }
      : {}),
    ...(variables.TANDEM_RECONNECT_DELAY_MS !== undefined
      ? { reconnectDelayMs: variables.TANDEM_RECONNECT_DELAY_MS }
      : {}),
    ...(variables.TANDEM_IDENTITY_SECRET !== undefined ? { identitySecret: variables.TANDEM_IDENTITY_SECRET } : {}),
    ...(variables.TANDEM_METRICS_TOKEN !== undefined ? { metricsToken: variables.TANDEM_METRICS_TOKEN } : {}),
    ...(variables.TANDEM_AUDIT_TOKEN !== undefined ? { audit: { exportToken: variables.TANDEM_AUDIT_TOKEN } } : {}),
    ...(variables.TANDEM_IP_RATE_LIMIT !== undefined ? { ipRateLimit: variables.TANDEM_IP_RATE_LIMIT } : {}),
    ...(variables.TANDEM_CONVERSATION_RATE_LIMIT !== undefined
      ? { conversationRateLimit: variables.TANDEM_CONVERSATION_RATE_LIMIT }
      : {}),
    ...(variables.TANDEM_CLIENT_IP_HEADER !== undefined
      ? { clientIp: clientIpFromHeader(variables.TANDEM_CLIENT_IP_HEADER) }
      : {}),
    ...(variables.TANDEM_BODY_LIMIT_BYTES !== undefined ? { bodyLimitBytes: variables.TANDEM_BODY_LIMIT_BYTES } : {}),
    ...(variables.TANDEM_MAX_MESSAGE_LENGTH !== undefined
      ? { maxMessageLength: variables.TANDEM_MAX_MESSAGE_LENGTH }
      : {}),
    ...(variables.TANDEM_IDEMPOTENCY_TTL_SECONDS !== undefined
      ? { idempotencyTtlSeconds: variables.TANDEM_IDEMPOTENCY_TTL_SECONDS }
      : {}),
    ...(variables.TANDEM_LOG_LEVEL !== undefined ? { logLevel: variables.TANDEM_LOG_LEVEL } : {}),
  };
}

// --- internal ---

/** The first address of a proxy's header (`x-forwarded-for: client, proxy1, proxy2`). */
function clientIpFromHeader(header: string): (context: Context) => string | undefined {
  return (context) => context.req.header(header)?.split(',')[0]?.trim() || undefined;
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}
