import { z } from 'zod';

/**
 * Pictures and documents a visitor or an agent attaches. The relay decides a file's type by its content (magic
 * bytes), never by its name or the `Content-Type` the client claims, and refuses every type not listed here.
 */
export const ATTACHMENT_CONTENT_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'application/pdf',
] as const;
export type AttachmentContentType = (typeof ATTACHMENT_CONTENT_TYPES)[number];

/** Defaults; a relay may be configured lower. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_MESSAGE = 4;
export const MAX_ATTACHMENTS_PER_CONVERSATION = 20;
export const MAX_ATTACHMENT_NAME_LENGTH = 200;

export const attachmentContentTypeSchema = z.enum(ATTACHMENT_CONTENT_TYPES);

/** Chosen by the client once per file, like `clientMessageId`: uploading the same id again stores the file once. */
export const clientAttachmentIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'may hold only letters, digits, "_" and "-"');

export const attachmentIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'may hold only letters, digits, "_" and "-"');

export const attachmentSchema = z.object({
  id: attachmentIdSchema,
  /** The file name as given by the uploader, for display and download only (never used to decide the type). */
  name: z.string().max(MAX_ATTACHMENT_NAME_LENGTH),
  contentType: attachmentContentTypeSchema,
  /** Bytes as stored (after EXIF location is stripped from an image). */
  size: z.number().int().nonnegative(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  /**
   * Where to read the file: a relay path, `/v1/conversations/:id/attachments/:attachmentId`, readable only with
   * the conversation's token (the widget fetches it with the `Authorization` header and shows it as a blob URL).
   */
  url: z.string(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const uploadAttachmentResponseSchema = z.object({
  attachment: attachmentSchema,
  /** True when this clientAttachmentId was already uploaded: the original is returned, nothing new is stored. */
  duplicate: z.boolean(),
});
export type UploadAttachmentResponse = z.infer<typeof uploadAttachmentResponseSchema>;
