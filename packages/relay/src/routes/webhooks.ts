import { Hono } from 'hono';
import { receiveWebhook } from '../handoff/inbound.ts';
import type { HandoffRunner } from '../handoff/runner.ts';
import type { RelayEnvironment } from './environment.ts';

/**
 * POST /v1/webhooks/:adapter — replies, joins and closes from a helpdesk. The adapter verifies the raw request
 * (401 and nothing stored when it fails) and parses it; each event is applied once per dedupe key.
 */
export function webhookRoutes(runner: HandoffRunner) {
  return new Hono<RelayEnvironment>().post('/:adapter', (context) =>
    receiveWebhook(runner, context.var.conversations, context.req.param('adapter'), context.req.raw, context.var.audit),
  );
}
