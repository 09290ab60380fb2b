import { handoffRequestSchema } from '@tandem/protocol';
import { Hono } from 'hono';
import { availabilityNow, offerContactInstead } from '../policy/availability/offer-contact.ts';
import { verifiedTier } from '../security/identity.ts';
import type { RelayEnvironment } from './environment.ts';
import { conversationOfRequest, readJsonBody } from './validation.ts';

/**
 * The visitor asks for a person ("talk to a person"). Asking again while waiting changes nothing. When nobody can
 * answer (no helpdesk configured, outside business hours) the request takes the policy's honest path: the
 * handoff is unavailable, the visitor is told so and offered to leave an address.
 */
export function handoffRoutes() {
  return new Hono<RelayEnvironment>().post('/:conversationId/handoff', async (context) => {
    const { conversations, options } = context.var;
    const conversation = await conversationOfRequest(context, { countsAgainstLimit: true });
    const request = await readJsonBody(context, handoffRequestSchema);
    // Checked before the request, as the escalation policy does, so a request nobody can answer never waits.
    const route = availabilityNow(options);
    await conversations.requestHandoff(conversation.id, {
      reasons: ['visitor_request'],
      priority: verifiedTier(conversation) === 'vip' ? 'high' : 'normal',
      source: 'visitor',
      ...(request.note !== undefined ? { note: request.note } : {}),
    });
    if (route.route === 'leave-contact' && conversation.mode === 'assistant') {
      await offerContactInstead(conversations, conversation.id, route, options);
    }
    const current = await conversations.store.getConversation(conversation.id);
    return context.json({ mode: current?.mode ?? conversation.mode }, 202);
  });
}
