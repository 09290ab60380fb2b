import type { Context, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { RelayError } from '../errors.ts';

export interface OriginGuardOptions {
  /** Site origins allowed to call from a browser, or "*" for any. */
  allowedOrigins: '*' | readonly string[];
}

/**
 * CORS for the allowed site origins only. A browser request from any other origin is refused with 403 before it
 * reaches a route, so even a "simple" request (one that skips the preflight) cannot act; it also gets no CORS
 * headers, so its page cannot read the answer. Requests without an `Origin` header (servers, curl) pass, and so do
 * the relay's own pages (the agent page): a request whose origin is the relay's own address, as the request URL or
 * the `Host` header the browser sent names it, is same-origin whatever `allowedOrigins` lists.
 *
 * @example
 * app.use('*', originGuard({ allowedOrigins: ['https://shop.example.com'] }));
 */
export function originGuard({ allowedOrigins }: OriginGuardOptions): MiddlewareHandler {
  const allowed = (origin: string) => allowedOrigins === '*' || allowedOrigins.includes(origin);
  const preflight = cors({
    origin: (origin) => (allowed(origin) ? origin : null),
    allowHeaders: ['Authorization', 'Content-Type', 'Last-Event-ID'],
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    exposeHeaders: [...EXPOSED_HEADERS],
    maxAge: 600,
  });
  return async function originGuard(context, next) {
    const origin = context.req.header('origin');
    if (
      origin !== undefined &&
      !allowed(origin) &&
      !isSameOrigin(origin, context.req.url, context.req.header('host'))
    ) {
      throw new RelayError('forbidden', 'This origin may not call the relay. Add it to allowedOrigins.');
    }
    if (context.req.method === 'OPTIONS') return preflight(context, next);
    await next();
    // The headers hono/cors gives an actual request, put on the route's response once it exists. hono/cors sets them
    // on a blank response made before the route runs, which Hono then merges into the route's own: a second
    // response per request, and on Node one that @hono/node-server can no longer write from its fast path.
    addCorsHeaders(context, origin !== undefined && allowed(origin) ? origin : undefined);
  };
}

// --- internal ---

const EXPOSED_HEADERS = ['Retry-After', 'X-Request-Id', 'Tandem-Protocol-Version'] as const;

function addCorsHeaders(context: Context, allowedOrigin: string | undefined): void {
  const set = (headers: Headers) => {
    if (allowedOrigin) headers.set('Access-Control-Allow-Origin', allowedOrigin);
    headers.set('Access-Control-Expose-Headers', EXPOSED_HEADERS.join(','));
    headers.append('Vary', 'Origin');
  };
  try {
    set(context.res.headers);
  } catch {
    // A response with immutable headers (one fetched from elsewhere and passed through): a copy takes them.
    context.res = new Response(context.res.body, context.res);
    set(context.res.headers);
  }
}

/** The page calling is the relay's own: behind a proxy the URL may be internal, but the browser's Host is not. */
function isSameOrigin(origin: string, requestUrl: string, host: string | undefined): boolean {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  return parsed.origin === new URL(requestUrl).origin || (host !== undefined && parsed.host === host);
}
