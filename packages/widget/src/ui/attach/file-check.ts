import type { AttachmentContentType } from '@tandem/protocol';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENT_NAME_LENGTH } from './limits.ts';

export type FileProblem = 'fileTooLarge' | 'fileTypeNotAllowed';

export interface CheckedFile {
  /** The type read from the first bytes, as the relay will read it. */
  contentType: AttachmentContentType;
  name: string;
}

/**
 * Tells the visitor before any upload what the relay would refuse: a file over the size limit, or one whose first
 * bytes are not a JPEG, PNG, WebP, GIF or PDF (a renamed .heic or .svg is caught here, whatever its name says).
 */
export async function checkFile(file: Blob, name: string): Promise<CheckedFile | FileProblem> {
  if (file.size > MAX_ATTACHMENT_BYTES) return 'fileTooLarge';
  const contentType = sniffContentType(new Uint8Array(await file.slice(0, 16).arrayBuffer()));
  return contentType ? { contentType, name: cleanName(name, contentType) } : 'fileTypeNotAllowed';
}

/** The magic bytes of the allowed types (the relay checks the same, and more). */
export function sniffContentType(head: Uint8Array): AttachmentContentType | undefined {
  const starts = (bytes: number[], offset = 0) => bytes.every((byte, index) => head[offset + index] === byte);
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0x47, 0x49, 0x46, 0x38])) return 'image/gif';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  return undefined;
}

const EXTENSIONS: Record<AttachmentContentType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'application/pdf': 'pdf',
};

/**
 * A name the relay accepts: control characters and path separators gone, at most 200 characters. A pasted picture
 * (the clipboard names every one "image.png") or a nameless photo gets a name of its type.
 */
export function cleanName(name: string, contentType: AttachmentContentType): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed.
  const cleaned = name.replace(/[\u0000-\u001f\u007f/\\]+/g, ' ').trim();
  const fallback = `${contentType.startsWith('image/') ? 'photo' : 'document'}.${EXTENSIONS[contentType]}`;
  if (!cleaned) return fallback;
  if (cleaned.length <= MAX_ATTACHMENT_NAME_LENGTH) return cleaned;
  const extension = /\.[A-Za-z0-9]{1,5}$/.exec(cleaned)?.[0] ?? '';
  return cleaned.slice(0, MAX_ATTACHMENT_NAME_LENGTH - extension.length) + extension;
}

/** "2.4 MB", "350 KB": for the visitor, in their locale's digits. */
export function formatSize(bytes: number, locale: string): string {
  const megabytes = bytes / (1024 * 1024);
  const format = (value: number, unit: string) =>
    `${new Intl.NumberFormat(locale, { maximumFractionDigits: value < 10 ? 1 : 0 }).format(value)} ${unit}`;
  return megabytes >= 1 ? format(megabytes, 'MB') : format(Math.max(1, Math.round(bytes / 1024)), 'KB');
}
