import { RelayError } from '../errors.ts';
import type { ConversationStore } from '../store/store.ts';

export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

/**
 * Counts one request against a fixed-window limit kept in the store (so every instance sharing the store shares
 * the count) and refuses with 429 and `Retry-After` once the window is used up.
 */
export async function enforceRateLimit(
  store: ConversationStore,
  key: string,
  { limit, windowSeconds }: RateLimit,
  now = Date.now(),
): Promise<void> {
  const { count, resetAt } = await store.incrementCounter(rateLimitCounter(key), windowSeconds);
  if (count <= limit) return;
  throw rateLimitedError(resetAt, now);
}

/** The store counter `enforceRateLimit(store, key, …)` counts in. */
export function rateLimitCounter(key: string): string {
  return `rate:${key}`;
}

/** The name of a conversation's own limit: every visitor route of the conversation counts against it. */
export function conversationLimit(conversationId: string): string {
  return `conversation:${conversationId}`;
}

/** 429 with `Retry-After`: the window that was used up ends at `resetAt` (milliseconds since the epoch). */
export function rateLimitedError(resetAt: number, now = Date.now()): RelayError {
  const retryAfterSeconds = Math.max(1, Math.ceil((resetAt - now) / 1000));
  return new RelayError('rate_limited', `Too many requests; try again in ${retryAfterSeconds} s.`, {
    headers: { 'Retry-After': String(retryAfterSeconds) },
  });
}
