import { z } from 'zod';
import { attachmentIdSchema, attachmentSchema, MAX_ATTACHMENTS_PER_MESSAGE } from './attachment.ts';
import { MAX_CLIENT_MESSAGE_ID_LENGTH, MAX_MESSAGE_LENGTH } from './limits.ts';
import { hasVisibleText } from './text.ts';

export const messageRoleSchema = z.enum(['visitor', 'assistant', 'agent', 'system']);
export type MessageRole = z.infer<typeof messageRoleSchema>;

export const clientMessageIdSchema = z
  .string()
  .min(1)
  .max(MAX_CLIENT_MESSAGE_ID_LENGTH)
  .regex(/^[A-Za-z0-9_-]+$/, 'may hold only letters, digits, "_" and "-"');

export const messageTextSchema = z
  .string()
  .max(MAX_MESSAGE_LENGTH, `must be at most ${MAX_MESSAGE_LENGTH} characters`)
  .refine(hasVisibleText, 'must not be empty');

export const sendMessageRequestSchema = z
  .strictObject({
    clientMessageId: clientMessageIdSchema,
    /** May be empty only when the message carries attachments. */
    text: z.string().max(MAX_MESSAGE_LENGTH, `must be at most ${MAX_MESSAGE_LENGTH} characters`).default(''),
    /** Ids returned by `POST /v1/conversations/:id/attachments`, uploaded before the message is sent. */
    attachmentIds: z
      .array(attachmentIdSchema)
      .max(MAX_ATTACHMENTS_PER_MESSAGE, `at most ${MAX_ATTACHMENTS_PER_MESSAGE} attachments per message`)
      .optional(),
  })
  .refine((request) => hasVisibleText(request.text) || (request.attachmentIds?.length ?? 0) > 0, {
    path: ['text'],
    message: 'must not be empty',
  });
export type SendMessageRequest = z.infer<typeof sendMessageRequestSchema>;

export const citationSchema = z.object({
  id: z.string(),
  title: z.string(),
});
export type Citation = z.infer<typeof citationSchema>;

/**
 * An address the widget loads into the visitor's page (an avatar): https only, so `javascript:`, `data:`,
 * `vbscript:` and plain-http addresses never reach a merchant's page.
 */
export const httpsUrlSchema = z
  .url({ protocol: /^https$/, error: 'must be an https:// address' })
  .max(2048, 'must be at most 2048 characters');

export const authorSchema = z.object({
  name: z.string(),
  avatarUrl: httpsUrlSchema.optional(),
});
export type Author = z.infer<typeof authorSchema>;

/**
 * What a system message says, as a stable code: the widget shows its own words for it (in the visitor's language,
 * the merchant's register and wording) and falls back to the relay's `text` for a code it does not know.
 */
export const NOTICE_CODES = [
  /** The visitor asked for a person and one is being brought in. */
  'human_requested',
  /** The assistant is not sure enough and brings in a person. */
  'handoff_unsure',
  /** The visitor is upset (or the topic is sensitive) and a person is brought in. */
  'handoff_upset',
  /** A person should help but nobody is available; `nextOpenAt` says when the team is back, if known. */
  'nobody_available',
  /** The assistant could not answer: overloaded or rate limited. */
  'answer_busy',
  'answer_timeout',
  /** The answer was cut off; any partial text is not to be relied on. */
  'answer_cut_off',
  'answer_failed',
] as const;
export type NoticeCode = (typeof NOTICE_CODES)[number];

export const noticeSchema = z.object({
  /** One of NOTICE_CODES; a plain string so an older widget still accepts a code added later. */
  code: z.string().regex(/^[a-z_]{1,64}$/),
  /** ISO time the team is next available (for `nobody_available`). */
  nextOpenAt: z.string().optional(),
});
export type Notice = z.infer<typeof noticeSchema>;

export const messageSchema = z.object({
  id: z.string(),
  role: messageRoleSchema,
  text: z.string(),
  createdAt: z.string(),
  clientMessageId: clientMessageIdSchema.optional(),
  author: authorSchema.optional(),
  citations: z.array(citationSchema).optional(),
  /** On system messages: what they say as a code, so the widget can word it itself. */
  notice: noticeSchema.optional(),
  /** Pictures and documents sent with the message (by the visitor or an agent). */
  attachments: z.array(attachmentSchema).optional(),
});
export type Message = z.infer<typeof messageSchema>;

export const sendMessageResponseSchema = z.object({
  message: messageSchema,
  /** True when this clientMessageId was already stored: the original is returned, nothing new happens. */
  duplicate: z.boolean(),
});
export type SendMessageResponse = z.infer<typeof sendMessageResponseSchema>;
