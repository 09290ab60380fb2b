import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { RelayError } from '../errors.ts';

export interface OriginGuardOptions {
  /** Site origins allowed to call from a browser, or "*" for any. */
  allowedOrigins: '*' | readonly string[];
}

/**
 * CORS for the allowed site origins only. A browser request from any other origin is refused with 403 before it
 * reaches a route, so even a "simple" request (one that skips the preflight) cannot act; it also gets no CORS
 * headers, so its page cannot read the answer. Requests without an `Origin` header (servers, curl) pass.
 *
 * @example
 * app.use('*', originGuard({ allowedOrigins: ['https://shop.example.com'] }));
 */
export function originGuard({ allowedOrigins }: OriginGuardOptions): MiddlewareHandler {
  const allowed = (origin: string) => allowedOrigins === '*' || allowedOrigins.includes(origin);
  const corsHeaders = cors({
    origin: (origin) => (allowed(origin) ? origin : null),
    allowHeaders: ['Authorization', 'Content-Type', 'Last-Event-ID'],
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    exposeHeaders: ['Retry-After', 'X-Request-Id', 'Tandem-Protocol-Version'],
    maxAge: 600,
  });
  return async function originGuard(context, next) {
    const origin = context.req.header('origin');
    if (origin !== undefined && !allowed(origin)) {
      throw new RelayError('forbidden', 'This origin may not call the relay. Add it to allowedOrigins.');
    }
    return corsHeaders(context, next);
  };
}
