import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { RelayError } from '../errors.ts';

export interface BodySizeLimitOptions {
  /** Largest body accepted, in bytes; larger bodies get 413 `payload_too_large`. */
  maxSize: number;
  /** Names the limit in the error message, e.g. "A webhook body". Default "The body". */
  subject?: string;
}

/**
 * hono/body-limit with the relay's errors: too large is 413, and a body that cannot be read at all (a malformed
 * chunked encoding, a client that hung up half way) is the client's fault, a 400, not a 500 logged as ours.
 *
 * @example
 * app.post('*', bodySizeLimit({ maxSize: 64 * 1024 }));
 */
export function bodySizeLimit({ maxSize, subject = 'The body' }: BodySizeLimitOptions): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize,
    onError: () => {
      throw new RelayError('payload_too_large', `${subject} must be at most ${maxSize} bytes.`);
    },
  });
  return async function bodySizeLimit(context, next) {
    let reachedRoute = false;
    try {
      await limit(context, () => {
        reachedRoute = true;
        return next();
      });
    } catch (error) {
      if (reachedRoute || RelayError.isInstance(error)) throw error;
      throw new RelayError('bad_request', 'The body could not be read: it was malformed or cut short.', {
        cause: error,
      });
    }
  };
}
