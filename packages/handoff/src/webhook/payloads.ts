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

/** A file the agent attached, at an address the relay can fetch without credentials (signed, expiring). */
const inboundAttachmentSchema = z.object({
  name: z.string().min(1).max(255),
  contentType: z.string().max(255).optional(),
  size: z.number().int().nonnegative().optional(),
  url: z.url({ protocol: /^https?$/ }).max(4096),
});

/** What a helpdesk posts back to the relay's webhook endpoint. */
export const inboundWebhookEventSchema = z.discriminatedUnion('type', [
  z
    .object({
      id: z.string().min(1).max(200),
      type: z.literal('agent-reply'),
      ticketId: z.string().min(1),
      agent: agentSchema,
      /** May be empty when the reply is only attachments. */
      text: z.string().max(10_000),
      attachments: z.array(inboundAttachmentSchema).max(20).optional(),
    })
    .refine((event) => event.text.trim() !== '' || (event.attachments?.length ?? 0) > 0, {
      path: ['text'],
      message: 'must not be empty unless the reply has attachments',
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
