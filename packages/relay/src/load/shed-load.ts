import type { MiddlewareHandler } from 'hono';
import { RelayError } from '../errors.ts';
import type { EventLoopDelay } from './event-loop-delay.ts';

export interface ShedLoadOptions {
  delay: EventLoopDelay;
  /** New work is refused while the event loop runs later than this, in milliseconds. */
  maxEventLoopDelayMs: number;
  /** Sent as Retry-After, in seconds. */
  retryAfterSeconds: number;
  /** Counts each refusal. */
  onShed?: () => void;
}

/**
 * Sheds load rather than starve: while the event loop is saturated, new work (a new conversation, a new message)
 * gets 503 with Retry-After, so the conversations already streaming stay fast and a new visitor is told at once
 * instead of waiting seconds for nothing. The widget keeps the message in its outbox and sends it after the wait.
 *
 * @example
 * app.post('/v1/conversations', shedLoad({ delay: new EventLoopDelay(), maxEventLoopDelayMs: 150, retryAfterSeconds: 2 }));
 */
export function shedLoad({
  delay,
  maxEventLoopDelayMs,
  retryAfterSeconds,
  onShed,
}: ShedLoadOptions): MiddlewareHandler {
  return async function shedLoad(_context, next) {
    if (delay.currentMs() > maxEventLoopDelayMs) {
      onShed?.();
      throw new RelayError('unavailable', 'The relay is busy; try again in a moment.', {
        headers: { 'retry-after': String(retryAfterSeconds) },
      });
    }
    await next();
  };
}
