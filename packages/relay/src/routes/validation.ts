import { describeIssues } from '@tandem/protocol';
import type { Context } from 'hono';
import { z } from 'zod';
import { RelayError } from '../errors.ts';
import { conversationLimit, enforceRateLimit } from '../security/rate-limit.ts';
import type { TokenClaims } from '../security/token.ts';
import type { ConversationRecord } from '../store/store.ts';
import type { RelayEnvironment } from './environment.ts';

const conversationIdSchema = z.uuid();
const authorizationSchema = z
  .string()
  .max(4096, 'is too long')
  .regex(/^Bearer\s+\S+$/i, 'must be "Bearer <token>"');

/** Parses a JSON body against a schema, or throws a 400 naming every bad field. */
export async function readJsonBody<Schema extends z.ZodType>(
  context: Context,
  schema: Schema,
): Promise<z.output<Schema>> {
  const contentType = context.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    throw new RelayError('bad_request', 'Send the body as JSON with "Content-Type: application/json".');
  }
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

/**
 * The conversation a request is about, once its id, its token and (for changes) the conversation's rate limit
 * have been checked. Every conversation route starts here.
 */
export async function conversationOfRequest(
  context: Context<RelayEnvironment>,
  { countsAgainstLimit }: { countsAgainstLimit: boolean },
): Promise<ConversationRecord> {
  const { conversations, options } = context.var;
  const { conversationId, authorization } = bearerOfRequest(context);
  const conversation = await conversations.authorize(conversationId, authorization);
  if (countsAgainstLimit) {
    await enforceRateLimit(conversations.store, conversationLimit(conversation.id), options.conversationRateLimit);
  }
  return conversation;
}

/**
 * The token's claims once the conversation id and the token have been checked, without reading the conversation:
 * for a store that checks the rest in the request that stores the message (`sendVisitorMessageAtOnce`).
 */
export function tokenClaimsOfRequest(context: Context<RelayEnvironment>): Promise<TokenClaims> {
  const { conversationId, authorization } = bearerOfRequest(context);
  return context.var.conversations.tokenClaims(conversationId, authorization);
}

function bearerOfRequest(context: Context<RelayEnvironment>): { conversationId: string; authorization: string } {
  const parsedId = conversationIdSchema.safeParse(context.req.param('conversationId'));
  if (!parsedId.success) {
    throw new RelayError('bad_request', 'conversationId: must be the id returned when the conversation was created.');
  }
  const authorization = context.req.header('authorization');
  if (authorization === undefined) {
    throw new RelayError('unauthorized', 'Send the conversation token as "Authorization: Bearer <token>".');
  }
  const header = authorizationSchema.safeParse(authorization);
  if (!header.success) {
    throw new RelayError(
      'unauthorized',
      `The Authorization header ${header.error.issues[0]?.message ?? 'is not valid'}.`,
    );
  }
  return { conversationId: parsedId.data, authorization: header.data };
}
