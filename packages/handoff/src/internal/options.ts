import { z } from 'zod';
import { HandoffError } from '../errors.ts';
import { type HandoffContext, handoffContextSchema } from '../handoff-context.ts';

/** Options every HTTP adapter takes, so tests point it at loopback and edge runtimes need no SDK. */
export const httpOptionsShape = {
  baseURL: z.url().optional(),
  fetch: z
    .custom<typeof globalThis.fetch>((value) => typeof value === 'function', 'must be a fetch function')
    .optional(),
  headers: z.record(z.string(), z.string()).optional(),
  timeoutMs: z.number().int().positive().max(120_000).optional(),
  /** The clock, in milliseconds; tests set it to check signature windows. */
  now: z.custom<() => number>((value) => typeof value === 'function', 'must be a function').optional(),
};

/** Validates adapter options, turning zod issues into one `invalid_options` error naming each field. */
export function parseOptions<Schema extends z.ZodType>(
  adapter: string,
  schema: Schema,
  options: unknown,
): z.infer<Schema> {
  const result = schema.safeParse(options);
  if (result.success) return result.data;
  const details = result.error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'options'}: ${issue.message}`)
    .join('; ');
  throw new HandoffError('invalid_options', `invalid options: ${details}`, { adapter, retryable: false });
}

/** Validates the context a relay hands to `open`, so a malformed one is refused before any helpdesk call. */
export function parseContext(adapter: string, context: unknown): HandoffContext {
  const result = handoffContextSchema.safeParse(context);
  if (result.success) return result.data;
  throw new HandoffError('bad_request', `invalid context: ${result.error.message}`, { adapter, retryable: false });
}
