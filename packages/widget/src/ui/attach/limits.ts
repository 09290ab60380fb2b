import type { AttachmentContentType } from '@tandem/protocol';

/**
 * The protocol's attachment limits (packages/protocol/src/attachment.ts), copied: importing the values from the
 * protocol would bring zod into the chunk, since that module builds its schemas when it loads. limits.test.ts keeps
 * the copies equal to the originals.
 */
export const ATTACHMENT_CONTENT_TYPES: readonly AttachmentContentType[] = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'application/pdf',
];
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_MESSAGE = 4;
export const MAX_ATTACHMENTS_PER_CONVERSATION = 20;
export const MAX_ATTACHMENT_NAME_LENGTH = 200;
