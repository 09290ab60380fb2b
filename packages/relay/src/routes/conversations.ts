import { createConversationRequestSchema } from '@tandem/protocol';
import { Hono } from 'hono';
import type { RelayEnvironment } from './environment.ts';
import { readJsonBody } from './validation.ts';

export function conversationRoutes() {
  return new Hono<RelayEnvironment>().post('/', async (context) => {
    const request = await readJsonBody(context, createConversationRequestSchema);
    const { conversations, options } = context.var;
    const created = await conversations.create(request, request.siteId ?? options.defaultSiteId);
    return context.json(created, 201);
  });
}
