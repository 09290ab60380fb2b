import { contactRequestSchema } from '@tandem/protocol';
import { Hono } from 'hono';
import type { RelayEnvironment } from './environment.ts';
import { conversationOfRequest, readJsonBody } from './validation.ts';

/** Nobody was available: the visitor leaves an address to be answered later. */
export function contactRoutes() {
  return new Hono<RelayEnvironment>().post('/:conversationId/contact', async (context) => {
    const conversation = await conversationOfRequest(context, { countsAgainstLimit: true });
    const request = await readJsonBody(context, contactRequestSchema);
    await context.var.conversations.saveContact(conversation.id, request);
    return context.body(null, 204);
  });
}
