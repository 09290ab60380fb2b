import { MAX_INBOUND_BYTES } from '@tandem/handoff';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { RelayError } from '../errors.ts';
import { receiveWebhook } from '../handoff/inbound.ts';
import type { HandoffRunner } from '../handoff/runner.ts';
import type { RelayEnvironment } from './environment.ts';

/**
 * POST /v1/webhooks/:adapter — replies, joins and closes from a helpdesk. The adapter verifies the raw request
 * (401 and nothing stored when it fails) and parses it; each event is applied once per dedupe key. A long HTML
 * e-mail reply is far larger than a visitor's message, so these routes take the adapters' own limit (1 MiB), not
 * the visitor body limit.
 */
export function webhookRoutes(runner: HandoffRunner) {
  return new Hono<RelayEnvironment>().post('/:adapter', webhookBodyLimit, (context) =>
    receiveWebhook(runner, context.var.conversations, context.req.param('adapter'), context.req.raw),
  );
}

export const webhookBodyLimit = bodyLimit({
  maxSize: MAX_INBOUND_BYTES,
  onError: () => {
    throw new RelayError('payload_too_large', `A webhook body must be at most ${MAX_INBOUND_BYTES} bytes.`);
  },
});

/** True for the helpdesk webhook routes, wherever the relay is mounted: they carry their own body limit. */
export function isWebhookPath(path: string): boolean {
  return /\/v1\/webhooks\/[^/]+\/?$/.test(path);
}
