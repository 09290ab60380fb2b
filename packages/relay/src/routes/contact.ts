import { type ContactResponse, contactRequestSchema } from '@tandem/protocol';
import { Hono } from 'hono';
import { isInboxHandoff } from '../handoff/inbox/inbox-adapter.ts';
import type { ResolvedRelayOptions } from '../options.ts';
import type { RelayEnvironment } from './environment.ts';
import { conversationOfRequest, readJsonBody } from './validation.ts';

/**
 * Nobody was available: the visitor leaves an address to be answered later. The address is stored with the
 * conversation and handed to the helpdesk (the handoff runner's `onContactSaved`); the answer says which, so the
 * widget's thanks is true. With no helpdesk at all the address is only kept, and the log says so.
 */
export function contactRoutes() {
  return new Hono<RelayEnvironment>().post('/:conversationId/contact', async (context) => {
    const conversation = await conversationOfRequest(context, { countsAgainstLimit: true });
    const request = await readJsonBody(context, contactRequestSchema);
    await context.var.conversations.saveContact(conversation.id, request);
    const delivery = contactDelivery(context.var.options);
    if (delivery === 'kept') {
      context.var.logger.warn('contact address kept, but no helpdesk is configured to deliver it', {
        conversationId: conversation.id,
        hint: 'configure a handoff adapter (docs/handoff.md); the address stays on the conversation record',
      });
    }
    return context.json({ delivery } satisfies ContactResponse, 200);
  });
}

/** Where a left address goes with this configuration. */
export function contactDelivery(options: ResolvedRelayOptions): ContactResponse['delivery'] {
  const adapters = options.handoff?.adapters ?? [];
  if (adapters.some((adapter) => !isInboxHandoff(adapter))) return 'helpdesk';
  if (adapters.length > 0) return 'agent-page';
  return 'kept';
}
