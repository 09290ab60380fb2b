import type { NewConversationEvent } from '@tandem/protocol';
import type { ConversationService } from '../../conversation/conversation-service.ts';
import type { ResolvedRelayOptions } from '../../options.ts';
import { unavailableMessage } from '../handoff-messages.ts';
import { type Availability, availability } from './availability.ts';

/**
 * Whether a person can be reached now, from the relay's options: the same check the escalation policy makes (an
 * adapter is configured, and the team's business hours, if any, are open).
 */
export function availabilityNow(options: ResolvedRelayOptions, now: Date = new Date()): Availability {
  const businessHours = options.policy === false ? undefined : options.policy.businessHours;
  return availability({
    now,
    adaptersAvailable: options.handoff !== undefined && options.handoff.adapters.length > 0,
    ...(businessHours ? { businessHours } : {}),
  });
}

/**
 * Nobody is there: the requested handoff is marked unavailable (the conversation goes back to the assistant and
 * the widget offers to take an address), and the visitor reads why and when the team is back, in their language.
 */
export async function offerContactInstead(
  conversations: ConversationService,
  conversationId: string,
  route: Extract<Availability, { route: 'leave-contact' }>,
  options: ResolvedRelayOptions,
): Promise<void> {
  await conversations.markHandoffUnavailable(conversationId, route.reason);
  const conversation = await conversations.store.getConversation(conversationId);
  const timeZone = options.policy === false ? undefined : options.policy.businessHours?.timeZone;
  const event: NewConversationEvent = {
    type: 'message',
    message: {
      id: crypto.randomUUID(),
      role: 'system',
      text: unavailableMessage(conversation?.locale, route.nextOpenAt, timeZone),
      createdAt: new Date().toISOString(),
    },
  };
  await conversations.store.appendEvent(conversationId, event);
}
