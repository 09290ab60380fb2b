import { describeIssues } from '@tandem/protocol';
import type { Context } from 'hono';
import type { z } from 'zod';
import { RelayError } from '../errors.ts';

/** Parses a JSON body against a schema, or throws a 400 naming every bad field. */
export async function readJsonBody<Schema extends z.ZodType>(
  context: Context,
  schema: Schema,
): Promise<z.output<Schema>> {
  let body: unknown;
  try {
    body = await context.req.json();
  } catch {
    throw new RelayError('bad_request', 'The body must be JSON.');
  }
  const result = schema.safeParse(body);
  if (!result.success) throw new RelayError('bad_request', describeIssues(result.error));
  return result.data;
}
