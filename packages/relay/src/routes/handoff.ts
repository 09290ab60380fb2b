import { handoffRequestSchema } from '@tandem/protocol';
import { Hono } from 'hono';
import { verifiedTier } from '../security/identity.ts';
import type { RelayEnvironment } from './environment.ts';
import { conversationOfRequest, readJsonBody } from './validation.ts';

/** The visitor asks for a person ("talk to a person"). Asking again while waiting changes nothing. */
export function handoffRoutes() {
  return new Hono<RelayEnvironment>().post('/:conversationId/handoff', async (context) => {
    const { conversations } = context.var;
    const conversation = await conversationOfRequest(context, { countsAgainstLimit: true });
    const request = await readJsonBody(context, handoffRequestSchema);
    await conversations.requestHandoff(conversation.id, {
      reasons: ['visitor_request'],
      priority: verifiedTier(conversation) === 'vip' ? 'high' : 'normal',
      source: 'visitor',
      ...(request.note !== undefined ? { note: request.note } : {}),
    });
    const current = await conversations.store.getConversation(conversation.id);
    return context.json({ mode: current?.mode ?? conversation.mode }, 202);
  });
}
