import { RelayError } from '../errors.ts';

/** Seconds a client is asked to wait before trying again while the store cannot be reached. */
export const STORE_RETRY_AFTER_SECONDS = 5;

/**
 * The store cannot be reached right now (Redis down, a network partition). Nothing was changed by the call that
 * threw it, or the change is safe to repeat (client message ids make a retried send idempotent). The relay answers
 * 503 with `Retry-After`; the widget keeps its outbox and sends again.
 */
export class StoreUnavailableError extends RelayError {
  /** Why, for logs: the store's name and the underlying error. */
  readonly store: string;

  constructor(store: string, cause?: unknown) {
    super('unavailable', 'Conversations are briefly unavailable; please try again in a few seconds.', {
      headers: { 'retry-after': String(STORE_RETRY_AFTER_SECONDS) },
      cause,
    });
    this.name = 'StoreUnavailableError';
    this.store = store;
  }

  /** Whether a retry can help: always, once the store is back. */
  readonly isRetryable = true;

  static isStoreUnavailable(error: unknown): error is StoreUnavailableError {
    return RelayError.isInstance(error) && (error as { name?: string }).name === 'StoreUnavailableError';
  }
}
