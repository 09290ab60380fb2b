import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_CONVERSATION } from '@tandem/protocol';
import { z } from 'zod';
import type { BlobStore } from './blob/blob-store.ts';

const blobStoreSchema = z.custom<BlobStore>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    ['put', 'get', 'delete', 'list'].every(
      (method) => typeof (value as Record<string, unknown>)[method] === 'function',
    ),
  'must be a BlobStore (put, get, delete and list; see createFilesystemBlobStore)',
);

export const attachmentOptionsSchema = z.strictObject({
  /**
   * Where the bytes live. Default: in memory (tests and demos). `tandem-relay` uses files under TANDEM_DATA_DIR
   * (`createFilesystemBlobStore`), the Workers handler an R2 bucket bound as TANDEM_ATTACHMENTS (`createR2BlobStore`).
   */
  blobStore: blobStoreSchema.optional(),
  /** Largest file, in bytes (at most the protocol's 10 MiB). Default 10 MiB. */
  maxBytes: z.number().int().min(1024).max(MAX_ATTACHMENT_BYTES).default(MAX_ATTACHMENT_BYTES),
  /** Files a visitor may upload to one conversation (at most the protocol's 20). Default 20. */
  maxPerConversation: z
    .number()
    .int()
    .min(1)
    .max(MAX_ATTACHMENTS_PER_CONVERSATION)
    .default(MAX_ATTACHMENTS_PER_CONVERSATION),
  /** How long a signed URL given to a helpdesk or webhook reads the file, in seconds. Default 7 days. */
  signedUrlTtlSeconds: z
    .number()
    .int()
    .min(60)
    .max(90 * 24 * 60 * 60)
    .default(7 * 24 * 60 * 60),
  /**
   * The relay's public address (`https://chat.example.com`), to make signed URLs absolute. Default: the handoff's
   * `publicUrl`; without either, adapters get paths.
   */
  publicUrl: z.url({ protocol: /^https?$/ }).optional(),
});

export type AttachmentOptions = z.input<typeof attachmentOptionsSchema>;
export type ResolvedAttachmentOptions = z.output<typeof attachmentOptionsSchema>;
