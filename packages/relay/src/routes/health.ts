import { Hono } from 'hono';
import { RelayError } from '../errors.ts';
import { constantTimeEqual, utf8 } from '../security/encoding.ts';
import type { RelayEnvironment } from './environment.ts';

/** Liveness for load balancers, and Prometheus metrics behind a bearer token. */
export function healthRoutes() {
  return new Hono<RelayEnvironment>()
    .get('/healthz', (context) => context.json({ status: 'ok' }, 200))
    .get('/metrics', (context) => {
      const { options, conversations } = context.var;
      if (options.metricsToken === undefined) throw new RelayError('not_found', 'No such route.');
      const given = /^Bearer\s+(\S+)$/i.exec(context.req.header('authorization') ?? '')?.[1] ?? '';
      if (!constantTimeEqual(utf8(given), utf8(options.metricsToken))) {
        throw new RelayError('unauthorized', 'Send the metrics token as "Authorization: Bearer <token>".');
      }
      context.header('content-type', 'text/plain; version=0.0.4; charset=utf-8');
      return context.body(conversations.metrics.registry.render(), 200);
    });
}
