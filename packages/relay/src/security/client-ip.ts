import type { Context } from 'hono';

/**
 * The client's address without trusting headers a client can set: the socket address on Node (@hono/node-server
 * passes the request as `env.incoming`), `CF-Connecting-IP` on Cloudflare (set by Cloudflare itself). Undefined
 * elsewhere, in which case per-IP limits do not apply; pass `clientIp` in the options to read a proxy's header.
 */
export function defaultClientIp(context: Context): string | undefined {
  const environment = context.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  const socketAddress = environment?.incoming?.socket?.remoteAddress;
  if (socketAddress) return socketAddress;
  const cloudflare = (context.req.raw as Request & { cf?: unknown }).cf;
  return cloudflare ? context.req.header('cf-connecting-ip') : undefined;
}
