import { ratingRequestSchema } from '@tandem/protocol';
import { Hono } from 'hono';
import type { RelayEnvironment } from './environment.ts';
import { conversationOfRequest, readJsonBody } from './validation.ts';

/** Satisfaction (1–5), once the conversation is closed or after a person was involved. */
export function ratingRoutes() {
  return new Hono<RelayEnvironment>().post('/:conversationId/rating', async (context) => {
    const conversation = await conversationOfRequest(context, { countsAgainstLimit: true });
    const request = await readJsonBody(context, ratingRequestSchema);
    await context.var.conversations.saveRating(conversation.id, request);
    return context.body(null, 204);
  });
}
