import { MAX_INBOUND_BYTES } from '@tandem/handoff';
import { Hono } from 'hono';
import { receiveWebhook } from '../handoff/inbound.ts';
import type { HandoffRunner } from '../handoff/runner.ts';
import { bodySizeLimit } from '../security/body-limit.ts';
import type { RelayEnvironment } from './environment.ts';

const webhookBodyLimit = bodySizeLimit({ maxSize: MAX_INBOUND_BYTES, subject: 'A webhook body' });

/**
 * POST /v1/webhooks/:adapter — replies, joins and closes from a helpdesk. The adapter verifies the raw request
 * (401 and nothing stored when it fails) and parses it; each event is applied once per dedupe key. A long HTML
 * e-mail reply is far larger than a visitor's message, so these routes take the adapters' own limit (1 MiB), not
 * the visitor body limit.
 */
export function webhookRoutes(runner: HandoffRunner) {
  return new Hono<RelayEnvironment>().post('/:adapter', webhookBodyLimit, (context) =>
    receiveWebhook(runner, context.var.conversations, context.req.param('adapter'), context.req.raw, context.var.audit),
  );
}

/** True for the helpdesk webhook routes, wherever the relay is mounted: they carry their own body limit. */
export function isWebhookPath(path: string): boolean {
  return /\/v1\/webhooks\/[^/]+\/?$/.test(path);
}
