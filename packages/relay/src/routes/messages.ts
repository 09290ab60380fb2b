import { sendMessageRequestSchema } from '@tandem/protocol';
import { Hono } from 'hono';
import { RelayError } from '../errors.ts';
import type { RelayEnvironment } from './environment.ts';
import { conversationOfRequest, readJsonBody, tokenClaimsOfRequest } from './validation.ts';

export function messageRoutes() {
  return new Hono<RelayEnvironment>().post('/:conversationId/messages', async (context) => {
    const { conversations, options } = context.var;
    // A store that checks and stores a message in one request (a Durable Object) or one transaction (SQLite) gets one.
    const atOnce = conversations.acceptsVisitorMessagesAtOnce;
    const checked = atOnce
      ? await tokenClaimsOfRequest(context)
      : await conversationOfRequest(context, { countsAgainstLimit: true });
    const request = await readJsonBody(context, sendMessageRequestSchema);
    if (request.text.length > options.maxMessageLength) {
      throw new RelayError('bad_request', `text: must be at most ${options.maxMessageLength} characters`);
    }
    const response =
      'expiresAt' in checked
        ? await conversations.sendVisitorMessageAtOnce(checked, request, options.conversationRateLimit)
        : await conversations.sendVisitorMessage(checked, request);
    return context.json(response, response.duplicate ? 200 : 202);
  });
}
