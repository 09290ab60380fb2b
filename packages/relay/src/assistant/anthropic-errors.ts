import Anthropic from '@anthropic-ai/sdk';
import { AssistantError } from './errors.ts';

/** Turns whatever the SDK threw into an `AssistantError` with a code the turn and the retry wrapper understand. */
export function assistantErrorFromSdk(
  error: unknown,
  facts: { partial: boolean; streamStarted: boolean },
): AssistantError {
  if (AssistantError.isInstance(error)) return error;
  const { partial, streamStarted } = facts;
  if (error instanceof Anthropic.APIConnectionTimeoutError) {
    return new AssistantError('timeout', 'The model did not answer in time.', { cause: error, partial });
  }
  if (error instanceof Anthropic.APIUserAbortError) {
    return new AssistantError('aborted', 'The request was aborted.', { cause: error, partial });
  }
  if (error instanceof Anthropic.APIConnectionError) {
    // Once the stream has begun, a broken connection means the answer was cut off.
    return streamStarted
      ? new AssistantError('cut_off', 'The connection to the model broke mid-answer.', { cause: error, partial })
      : new AssistantError('unavailable', 'The model could not be reached.', { cause: error, partial });
  }
  if (error instanceof Anthropic.APIError) {
    const status = error.status;
    const type = error.type;
    if (status === 529 || type === 'overloaded_error') {
      return new AssistantError('overloaded', 'The model is overloaded.', { cause: error, partial });
    }
    if (status === 429 || type === 'rate_limit_error') {
      return new AssistantError('rate_limited', 'The model refused: rate limit reached.', { cause: error, partial });
    }
    if ((status !== undefined && status >= 500) || type === 'api_error') {
      return new AssistantError('unavailable', `The model failed (${status ?? type}).`, { cause: error, partial });
    }
    if (status === 408) return new AssistantError('timeout', 'The model timed out.', { cause: error, partial });
    return new AssistantError('rejected', `The model refused the request (${status ?? type}): ${error.message}`, {
      cause: error,
      partial,
    });
  }
  // A stream that broke while being read surfaces as a plain TypeError ("terminated") from fetch.
  return new AssistantError(streamStarted ? 'cut_off' : 'unavailable', `The model call failed: ${String(error)}`, {
    cause: error,
    partial,
  });
}
