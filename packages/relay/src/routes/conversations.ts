import { createConversationRequestSchema } from '@tandem/protocol';
import { Hono } from 'hono';
import type { RelayEnvironment } from './environment.ts';
import { conversationOfRequest, readJsonBody } from './validation.ts';

/** Creating a conversation, and refreshing its token before it expires. */
export function conversationRoutes() {
  return new Hono<RelayEnvironment>()
    .post('/', async (context) => {
      const request = await readJsonBody(context, createConversationRequestSchema);
      const { conversations, options } = context.var;
      const created = await conversations.create(request, request.siteId ?? options.defaultSiteId);
      context.var.logger.info('conversation created', { conversationId: created.conversationId });
      return context.json(created, 201);
    })
    .post('/:conversationId/token', async (context) => {
      // Only a currently valid token can be exchanged: an expired one means starting a new conversation.
      const conversation = await conversationOfRequest(context, { countsAgainstLimit: true });
      return context.json(await context.var.conversations.refreshToken(conversation), 200);
    });
}
