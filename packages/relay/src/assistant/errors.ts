const ASSISTANT_ERROR_MARKER = Symbol.for('tandem.assistant.error');

export type AssistantErrorCode =
  /** The model provider is overloaded (HTTP 529 or an `overloaded_error` event). */
  | 'overloaded'
  /** Too many requests (HTTP 429). */
  | 'rate_limited'
  /** The provider failed (5xx) or could not be reached. */
  | 'unavailable'
  /** No answer, or no progress, within the configured time. */
  | 'timeout'
  /** The stream ended before the answer was complete. */
  | 'cut_off'
  /** The model's answer did not follow the assessment schema. */
  | 'invalid_output'
  /** Refused for a reason a retry cannot fix: bad API key, bad request, unknown model. */
  | 'rejected'
  /** The caller aborted the request. */
  | 'aborted';

const RETRYABLE_CODES: ReadonlySet<AssistantErrorCode> = new Set([
  'overloaded',
  'rate_limited',
  'unavailable',
  'timeout',
  'cut_off',
  'invalid_output',
]);

/**
 * Why an assistant could not answer. The turn that runs the assistant tells the visitor plainly and offers a person;
 * `retryable` says whether asking again could help (the retry wrapper does that within its time budget).
 */
export class AssistantError extends Error {
  readonly [ASSISTANT_ERROR_MARKER] = true;
  readonly code: AssistantErrorCode;
  readonly retryable: boolean;
  /** True when some answer text had already been yielded: that text is a half answer and must not stand as one. */
  readonly partial: boolean;
  /** How many attempts were made before giving up (1 when the error was not retried). */
  readonly attempts: number;

  constructor(
    code: AssistantErrorCode,
    message: string,
    options: { cause?: unknown; partial?: boolean; attempts?: number; retryable?: boolean } = {},
  ) {
    super(`[tandem] [assistant] ${message}`, { cause: options.cause });
    this.name = 'AssistantError';
    this.code = code;
    this.retryable = options.retryable ?? RETRYABLE_CODES.has(code);
    this.partial = options.partial ?? false;
    this.attempts = options.attempts ?? 1;
  }

  static isInstance(error: unknown): error is AssistantError {
    return typeof error === 'object' && error !== null && ASSISTANT_ERROR_MARKER in error;
  }

  /** A copy with other facts about the attempt, keeping the code and cause. */
  with(options: { partial?: boolean; attempts?: number; retryable?: boolean }): AssistantError {
    const copy = new AssistantError(this.code, this.message.replace(/^\[tandem\] \[assistant\] /, ''), {
      cause: this.cause,
      partial: options.partial ?? this.partial,
      attempts: options.attempts ?? this.attempts,
      retryable: options.retryable ?? this.retryable,
    });
    return copy;
  }
}
