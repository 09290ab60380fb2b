import { httpsUrlSchema, type messageSchema } from '@tandem/protocol';
import { z } from 'zod';

/** What the receiver gets: one of three event types, always with an id that is the same across our retries. */
export type OutboundWebhookEvent =
  | { id: string; type: 'handoff.opened'; createdAt: string; idempotencyKey: string; route?: string; context: unknown }
  | { id: string; type: 'handoff.message'; createdAt: string; ticketId: string; message: z.infer<typeof messageSchema> }
  | { id: string; type: 'handoff.closed'; createdAt: string; ticketId: string; reason?: string };

/** The receiver may name its own ticket in its answer to `handoff.opened`; otherwise the idempotency key is the id. */
export const openedAnswerSchema = z
  .object({ ticketId: z.string().min(1).max(200).optional(), url: z.url().optional() })
  .loose();

const agentSchema = z.object({ name: z.string().min(1).max(200), avatarUrl: httpsUrlSchema.optional() });

/** What a helpdesk posts back to the relay's webhook endpoint. */
export const inboundWebhookEventSchema = z.discriminatedUnion('type', [
  z.object({
    id: z.string().min(1).max(200),
    type: z.literal('agent-reply'),
    ticketId: z.string().min(1),
    agent: agentSchema,
    text: z.string().min(1).max(10_000),
  }),
  z.object({
    id: z.string().min(1).max(200),
    type: z.literal('agent-joined'),
    ticketId: z.string().min(1),
    agent: agentSchema,
  }),
  z.object({
    id: z.string().min(1).max(200),
    type: z.literal('closed'),
    ticketId: z.string().min(1),
    agent: agentSchema.optional(),
  }),
]);
export type InboundWebhookEvent = z.infer<typeof inboundWebhookEventSchema>;

/** A batch is accepted too: `{ "events": [ … ] }`. */
export const inboundWebhookBodySchema = z.union([
  inboundWebhookEventSchema,
  z.object({ events: z.array(inboundWebhookEventSchema).max(100) }),
]);
