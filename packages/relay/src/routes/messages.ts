import { sendMessageRequestSchema } from '@tandem/protocol';
import { Hono } from 'hono';
import type { RelayEnvironment } from './environment.ts';
import { readJsonBody } from './validation.ts';

export function messageRoutes() {
  return new Hono<RelayEnvironment>().post('/:conversationId/messages', async (context) => {
    const { conversations } = context.var;
    const conversation = await conversations.authorize(
      context.req.param('conversationId'),
      context.req.header('authorization'),
    );
    const request = await readJsonBody(context, sendMessageRequestSchema);
    const response = await conversations.sendVisitorMessage(conversation, request);
    return context.json(response, response.duplicate ? 200 : 202);
  });
}
