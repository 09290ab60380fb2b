import { z } from 'zod';

export const localeSchema = z
  .string()
  .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as "en" or "pt-BR"');

export const identitySchema = z.strictObject({
  userId: z.string().min(1).max(200),
  /** HMAC-SHA256(identitySecret, userId) in hex, computed by the merchant's server. */
  userHash: z.string().max(200).optional(),
  name: z.string().max(200).optional(),
  email: z.email().max(320).optional(),
  attributes: z.record(z.string().max(100), z.union([z.string().max(500), z.number(), z.boolean()])).optional(),
});
export type Identity = z.infer<typeof identitySchema>;

export const createConversationRequestSchema = z.strictObject({
  siteId: z.string().min(1).max(100).optional(),
  locale: localeSchema.optional(),
  pageUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  identity: identitySchema.optional(),
});
export type CreateConversationRequest = z.infer<typeof createConversationRequestSchema>;

export const createConversationResponseSchema = z.object({
  conversationId: z.string(),
  token: z.string(),
  /** ISO 8601 time after which the token is refused. */
  expiresAt: z.string(),
});
export type CreateConversationResponse = z.infer<typeof createConversationResponseSchema>;

export const conversationModeSchema = z.enum(['assistant', 'waiting', 'human', 'closed']);
export type ConversationMode = z.infer<typeof conversationModeSchema>;

/** How urgently a person should pick up a handed-off conversation. */
export const prioritySchema = z.enum(['low', 'normal', 'high', 'urgent']);
export type Priority = z.infer<typeof prioritySchema>;
