import type { ErrorCode } from '@tandem/protocol';

const RELAY_ERROR_MARKER = Symbol.for('tandem.relay.error');

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
  attachment_too_large: 413,
  attachment_type_not_allowed: 415,
  attachment_limit_reached: 409,
};

/** An error the relay reports to the client as `{ error: { code, message } }` with a matching status. */
export class RelayError extends Error {
  readonly [RELAY_ERROR_MARKER] = true;
  readonly code: ErrorCode;
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, options: { headers?: Record<string, string>; cause?: unknown } = {}) {
    super(`[tandem] [relay] ${message}`, { cause: options.cause });
    this.name = 'RelayError';
    this.code = code;
    this.status = STATUS_BY_CODE[code];
    this.headers = options.headers ?? {};
    this.publicMessage = message;
  }

  /** The message without the log prefix, safe to send to a client. */
  readonly publicMessage: string;

  static isInstance(error: unknown): error is RelayError {
    return typeof error === 'object' && error !== null && RELAY_ERROR_MARKER in error;
  }
}
