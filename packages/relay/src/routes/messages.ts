import { sendMessageRequestSchema } from '@tandem/protocol';
import { Hono } from 'hono';
import { RelayError } from '../errors.ts';
import type { RelayEnvironment } from './environment.ts';
import { conversationOfRequest, readJsonBody } from './validation.ts';

export function messageRoutes() {
  return new Hono<RelayEnvironment>().post('/:conversationId/messages', async (context) => {
    const { conversations, options } = context.var;
    const conversation = await conversationOfRequest(context, { countsAgainstLimit: true });
    const request = await readJsonBody(context, sendMessageRequestSchema);
    if (request.text.length > options.maxMessageLength) {
      throw new RelayError('bad_request', `text: must be at most ${options.maxMessageLength} characters`);
    }
    const response = await conversations.sendVisitorMessage(conversation, request);
    return context.json(response, response.duplicate ? 200 : 202);
  });
}
