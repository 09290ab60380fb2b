import { closeRequestSchema } from '@tandem/protocol';
import { Hono } from 'hono';
import type { RelayEnvironment } from './environment.ts';
import { conversationOfRequest, readJsonBody } from './validation.ts';

/**
 * The visitor ends the chat. The helpdesk ticket is closed too (the handoff runner listens for it) and the widget
 * asks for a rating; closing twice is fine. Writing again later reopens the conversation with the assistant.
 */
export function closeRoutes() {
  return new Hono<RelayEnvironment>().post('/:conversationId/close', async (context) => {
    const conversation = await conversationOfRequest(context, { countsAgainstLimit: true });
    await readJsonBody(context, closeRequestSchema);
    await context.var.conversations.closeConversation(conversation.id, 'visitor');
    return context.body(null, 204);
  });
}
