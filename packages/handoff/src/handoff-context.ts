import { identitySchema, localeSchema, messageSchema, prioritySchema } from '@tandem/protocol';
import { z } from 'zod';

/**
 * The context packet: everything a person needs to help at once, so the customer never repeats anything.
 * The relay builds it; every adapter renders all of it in its helpdesk's format.
 */
export const handoffContextSchema = z.object({
  conversationId: z.string().min(1).max(200),
  /** A few sentences on what the customer wants and what was tried. */
  summary: z.string().max(4000),
  /** The whole conversation so far, oldest first. */
  transcript: z.array(messageSchema),
  identity: identitySchema.optional(),
  /** True when the identity was verified with the merchant's identity secret; unverified attributes are shown as such. */
  identityVerified: z.boolean(),
  /** The customer's tier (e.g. "vip"), from verified attributes only. */
  tier: z.string().max(100).optional(),
  pageUrl: z.string().max(2000).optional(),
  locale: localeSchema.optional(),
  /** Sentiment of each visitor message in order, -1 (upset) .. 1 (happy). */
  sentimentTrajectory: z.array(z.number().min(-1).max(1)),
  /** Why the conversation escalated, e.g. "negative_sentiment", "explicit_request", "topic:refund". */
  reasons: z.array(z.string().max(200)),
  priority: prioritySchema,
  /** A reply the assistant drafted for the agent; never sent to the customer by itself. */
  suggestedReply: z.string().max(4000).optional(),
  /** Where an agent can open the conversation (the local inbox, an admin page). */
  conversationUrl: z.string().max(2000).optional(),
});
export type HandoffContext = z.infer<typeof handoffContextSchema>;
