import type { MiddlewareHandler } from 'hono';
import type { RelayEnvironment } from '../routes/environment.ts';
import type { Logger } from './logger.ts';
import type { RelayMetrics } from './relay-metrics.ts';

export interface RequestLogOptions {
  logger: Logger;
  metrics: RelayMetrics;
}

/**
 * Binds a logger carrying the request id to the context and writes one JSON line per finished request (method,
 * path, status, duration). Runs after hono/request-id. Bodies and tokens are never logged.
 *
 * @example
 * app.use('*', requestId(), requestLog({ logger, metrics }));
 */
export function requestLog({ logger, metrics }: RequestLogOptions): MiddlewareHandler<RelayEnvironment> {
  return async function requestLog(context, next) {
    const requestLogger = logger.child({ requestId: context.var.requestId });
    context.set('logger', requestLogger);
    const started = performance.now();
    await next();
    const status = context.res.status;
    metrics.requests.increment({ status: `${Math.floor(status / 100)}xx` });
    const fields = {
      method: context.req.method,
      path: new URL(context.req.url).pathname,
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    };
    if (status >= 500) requestLogger.error('request failed', fields);
    else requestLogger.info('request', fields);
  };
}
