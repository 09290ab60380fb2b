const HANDOFF_ERROR_MARKER = Symbol.for('tandem.handoff.error');

/**
 * What went wrong, in terms the relay acts on:
 * - `unauthorized`: an inbound webhook failed verification (forged, unsigned, stale) → answer 401, store nothing.
 * - `bad_request`: an inbound webhook is signed but unreadable, or arguments are invalid → 400.
 * - `invalid_options`: the adapter was configured wrongly; fails at creation, never at run time.
 * - `auth_failed`: the helpdesk refused our credentials (401/403, Slack `invalid_auth`) → fail over, alert.
 * - `not_found`: the ticket, channel or thread does not exist at the helpdesk.
 * - `rate_limited`: 429; `retryAfterMs` says when to try again.
 * - `unavailable`: the helpdesk is down or unreachable (5xx, network error, timeout).
 * - `rejected`: the helpdesk refused the request for another reason (4xx, Slack `ok: false`).
 */
export type HandoffErrorCode =
  | 'unauthorized'
  | 'bad_request'
  | 'invalid_options'
  | 'auth_failed'
  | 'not_found'
  | 'rate_limited'
  | 'unavailable'
  | 'rejected';

export interface HandoffErrorOptions {
  /** The adapter's name, e.g. "slack". */
  adapter: string;
  /** Whether the same call may succeed later; defaults from the status (408/409/429/5xx) or the code. */
  retryable?: boolean;
  /** HTTP status from the helpdesk, when there was one. */
  status?: number;
  /** From a Retry-After header: how long to wait before retrying. */
  retryAfterMs?: number;
  cause?: unknown;
}

/** The one error type every adapter throws, so the relay's runner can retry, fail over or answer 401. */
export class HandoffError extends Error {
  readonly [HANDOFF_ERROR_MARKER] = true;
  readonly code: HandoffErrorCode;
  readonly adapter: string;
  readonly retryable: boolean;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(code: HandoffErrorCode, message: string, options: HandoffErrorOptions) {
    super(`[tandem] [handoff] [${options.adapter}] ${message}`, { cause: options.cause });
    this.name = 'HandoffError';
    this.code = code;
    this.adapter = options.adapter;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.retryable = options.retryable ?? defaultRetryable(code, options.status);
  }

  static isInstance(error: unknown): error is HandoffError {
    return typeof error === 'object' && error !== null && HANDOFF_ERROR_MARKER in error;
  }
}

/** True for statuses where a retry can help: 408, 409, 429 and 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

// --- internal ---

function defaultRetryable(code: HandoffErrorCode, status: number | undefined): boolean {
  if (status !== undefined) return isRetryableStatus(status);
  return code === 'rate_limited' || code === 'unavailable';
}
