import { type ConversationEvent, conversationEventSchema } from '@tandem/protocol';
import { z } from 'zod';
import type { ConversationPatch } from '../store/store.ts';

/**
 * How the Durable Object store talks to a TandemConversation object: one path per store operation, JSON bodies,
 * and a newline-delimited JSON stream for subscriptions. The object checks every body even though both ends are
 * ours: any code holding the namespace binding can reach it.
 */
export const OBJECT_ORIGIN = 'https://tandem-conversation.internal';

export const createBodySchema = z.object({
  record: z.looseObject({ id: z.string().min(1), siteId: z.string(), mode: z.string(), createdAt: z.string() }),
});
export const updateBodySchema = z.object({
  /** Null stands for "remove this field", as JSON has no undefined. */
  patch: z.record(z.string(), z.unknown()),
  ifModeIn: z.array(z.string()).optional(),
  ifAwaitingAnswer: z.string().optional(),
});
export const transitionBodySchema = z.object({
  patch: z.record(z.string(), z.unknown()),
  ifModeIn: z.array(z.string()).optional(),
  events: z.array(z.looseObject({ type: z.string() })),
});
export const sendBodySchema = z.object({
  siteId: z.string(),
  message: z.looseObject({ id: z.string().min(1), role: z.literal('visitor'), clientMessageId: z.string().min(1) }),
  rateLimit: z.object({ limit: z.number().int().positive(), windowSeconds: z.number().positive() }),
  idempotencyTtlSeconds: z.number().positive(),
  maxEvents: z.number().int().positive().optional(),
  keys: z.object({ rateLimit: z.string().min(1), clientMessage: z.string().min(1) }),
});
export const appendBodySchema = z.object({ event: z.looseObject({ type: z.string() }) });
export const afterIdSchema = z.coerce.number().int().min(0);
export const claimBodySchema = z.object({ value: z.string(), ttlSeconds: z.number().positive() });
export const unsubscribeBodySchema = z.object({ subscriber: z.string().min(1) });
/** Names the subscription a subscribe response carries, for the unsubscribe call. */
export const SUBSCRIBER_HEADER = 'tandem-subscriber';
export const counterBodySchema = z.object({ windowSeconds: z.number().positive() });
/** A key a conversation's object keeps with the conversation (see `conversationOfKey`). */
export const keptKeySchema = z.object({ key: z.string().min(1) });
export const keptClaimBodySchema = claimBodySchema.extend({ key: z.string().min(1) });
export const keptCounterBodySchema = counterBodySchema.extend({ key: z.string().min(1) });

/**
 * The conversation whose object keeps `key`, for the keys the relay names after a conversation: its rate-limit
 * counter (`rate:conversation:<id>`) and its visitors' client message ids (`client-message:<id>:<clientMessageId>`).
 * Kept there, the object's one-request send and the separate calls (a message to a person, the other routes) count
 * one budget and see one set of claims; any other key has an object of its own.
 */
export function conversationOfKey(key: string): string | undefined {
  const match = /^(?:rate:conversation:([^:]+)$|client-message:([^:]+):.)/.exec(key);
  return match?.[1] ?? match?.[2];
}

export function encodePatch(patch: ConversationPatch): Record<string, unknown> {
  return Object.fromEntries(Object.entries(patch).map(([field, value]) => [field, value === undefined ? null : value]));
}

export function encodeEventLine(event: ConversationEvent): string {
  return `${JSON.stringify(event)}\n`;
}

export function decodeEventLine(line: string): ConversationEvent {
  return conversationEventSchema.parse(JSON.parse(line));
}

/** An error answer of the object: `{ error: { code, message } }`, as everywhere in Tandem. */
export function errorResponse(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}
