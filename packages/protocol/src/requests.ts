import { z } from 'zod';

/** POST /v1/conversations/:id/handoff — the visitor asks for a person. */
export const handoffRequestSchema = z.strictObject({
  /** What the visitor wrote or chose, if anything. */
  note: z.string().max(1000).optional(),
});
export type HandoffRequest = z.infer<typeof handoffRequestSchema>;

/** POST /v1/conversations/:id/close — the visitor ends the chat; a later message opens it again. */
export const closeRequestSchema = z.strictObject({});
export type CloseRequest = z.infer<typeof closeRequestSchema>;

/** POST /v1/conversations/:id/contact — nobody is available: where to reply later. */
export const contactRequestSchema = z.strictObject({
  email: z.email().max(320),
  message: z.string().max(4000).optional(),
});
export type ContactRequest = z.infer<typeof contactRequestSchema>;

/**
 * The answer to a left address: what will really happen to it, so the widget promises no more than that.
 * - `helpdesk`: sent to the team's helpdesk or e-mail (now, or by the retry when it is back);
 * - `agent-page`: kept and shown to staff on the relay's agent page;
 * - `kept`: kept by the relay only, no helpdesk configured (the relay logs a warning).
 */
export const contactResponseSchema = z.object({ delivery: z.enum(['helpdesk', 'agent-page', 'kept']) });
export type ContactResponse = z.infer<typeof contactResponseSchema>;

/** POST /v1/conversations/:id/rating — satisfaction once the conversation closes. */
export const ratingRequestSchema = z.strictObject({
  score: z.number().int().min(1).max(5),
  comment: z.string().max(2000).optional(),
});
export type RatingRequest = z.infer<typeof ratingRequestSchema>;

/** POST /v1/conversations/:id/token — a fresh token before the current one expires. */
export const refreshTokenResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.string(),
});
export type RefreshTokenResponse = z.infer<typeof refreshTokenResponseSchema>;
