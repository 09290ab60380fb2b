import { z } from 'zod';
import type { RelayOptions } from '../options.ts';

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
  TANDEM_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(100).optional(),
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
  };
}

// --- internal ---

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}
