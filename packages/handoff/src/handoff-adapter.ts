import type { ConversationMode, Identity, Message, Priority } from '@tandem/protocol';

/** Everything a person needs to help at once, so the customer never repeats anything. */
export interface HandoffContext {
  conversationId: string;
  /** A few sentences on what the customer wants and what was tried. */
  summary: string;
  transcript: Message[];
  identity?: Identity;
  /** True when the identity was verified with the merchant's identity secret. */
  identityVerified: boolean;
  tier?: string;
  pageUrl?: string;
  locale?: string;
  /** Sentiment of each visitor message in order, -1..1. */
  sentimentTrajectory: number[];
  reasons: string[];
  priority: Priority;
  suggestedReply?: string;
  /** Where an agent can open the conversation. */
  conversationUrl?: string;
}

/** The helpdesk's own handle on a handed-off conversation (a Slack thread, a Zendesk ticket). */
export interface HandoffTicket {
  adapter: string;
  id: string;
  url?: string;
}

/** What a helpdesk sends back, already verified and parsed. */
export type InboundEvent =
  | { type: 'agent-joined'; ticketId: string; agent: { name: string } }
  | { type: 'agent-reply'; ticketId: string; agent: { name: string }; text: string; externalId: string }
  | { type: 'closed'; ticketId: string; mode?: Extract<ConversationMode, 'closed' | 'assistant'> };

/**
 * Passes conversations to humans in one helpdesk and brings their replies back.
 * Draft: the open/send/close side is settled; the inbound side takes shape with the first adapters.
 */
export interface HandoffAdapter {
  readonly specificationVersion: 'v1';
  readonly name: string;
  /** Creates the ticket or thread. Must be idempotent per conversation: a retried open returns the same ticket. */
  open(context: HandoffContext): Promise<HandoffTicket>;
  /** Forwards a later visitor message to the ticket. */
  send(ticket: HandoffTicket, message: Message): Promise<void>;
  close?(ticket: HandoffTicket): Promise<void>;
  /** Verifies a webhook from the helpdesk and parses it; throws a 401-coded error when verification fails. */
  inbound?(request: Request): Promise<InboundEvent[]>;
}
