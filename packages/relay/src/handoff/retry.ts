import { HandoffError } from '@tandem/handoff';

export interface RetryPolicy {
  /** Calls per adapter before failing over, the first included. */
  attempts: number;
  /** Wait before the first retry; doubled for each further one. */
  initialDelayMs: number;
  /** No wait is longer than this, whatever the doubling or a Retry-After says. */
  maxDelayMs: number;
}

/** Waits for `milliseconds`; tests pass a clock that does not sleep. */
export type Sleep = (milliseconds: number) => Promise<void>;

export const realSleep: Sleep = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * Calls `task` until it succeeds, the error says a retry cannot help (`retryable: false`), or the attempts run out.
 * Waits between calls with exponential backoff and full jitter, or as long as the helpdesk's Retry-After asks.
 * Throws the last error.
 */
export async function withRetry<T>(
  task: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  sleep: Sleep = realSleep,
  random: () => number = Math.random,
): Promise<T> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    try {
      return await task(attempt);
    } catch (error) {
      lastError = error;
      if (!isRetryable(error) || attempt === policy.attempts) break;
      await sleep(delayBefore(attempt, error, policy, random));
    }
  }
  throw lastError;
}

/** Errors from our adapters say whether a retry helps; anything else (a bug, a network error) is given the benefit. */
export function isRetryable(error: unknown): boolean {
  return HandoffError.isInstance(error) ? error.retryable : true;
}

// --- internal ---

function delayBefore(attempt: number, error: unknown, policy: RetryPolicy, random: () => number): number {
  const retryAfter = HandoffError.isInstance(error) ? error.retryAfterMs : undefined;
  if (retryAfter !== undefined) return Math.min(Math.max(retryAfter, 0), policy.maxDelayMs);
  const ceiling = Math.min(policy.initialDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  // Half fixed, half random: spreads retries of many conversations without ever retrying at once.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
