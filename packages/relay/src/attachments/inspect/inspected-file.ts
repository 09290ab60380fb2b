import type { AttachmentContentType } from '@tandem/protocol';

/** A file whose type the relay decided by its content, with what a reader could learn about the sender removed. */
export interface InspectedFile {
  contentType: AttachmentContentType;
  /** The bytes to store: the upload without location and camera metadata, comments and anything after its end. */
  bytes: Uint8Array;
  width?: number;
  height?: number;
}

export type RejectionReason = 'type_not_allowed' | 'damaged' | 'too_many_pixels';

/** Why a file was refused; the route turns it into 415 (type, damaged) or 413 (a picture too large to open). */
export class FileRejectedError extends Error {
  constructor(
    readonly reason: RejectionReason,
    message: string,
  ) {
    super(message);
    this.name = 'FileRejectedError';
  }
}

/** Largest picture the relay takes, in pixels: a small file that declares a huge picture freezes the browser. */
export const MAX_IMAGE_PIXELS = 50_000_000;
/** Longest side of a picture, in pixels (panoramas included). */
export const MAX_IMAGE_SIDE = 30_000;

export function checkDimensions(kind: string, width: number, height: number): void {
  if (width <= 0 || height <= 0) throw new FileRejectedError('damaged', `The ${kind} has no width or height.`);
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
    throw new FileRejectedError(
      'too_many_pixels',
      `The ${kind} is ${width}×${height} pixels; at most ${MAX_IMAGE_PIXELS / 1_000_000} megapixels are taken.`,
    );
  }
}

export function damaged(kind: string, detail: string): FileRejectedError {
  return new FileRejectedError('damaged', `The ${kind} is damaged or cut short (${detail}).`);
}

/** Joins byte ranges into one array. */
export function concatenate(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const result = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    result.set(part, offset);
    offset += part.length;
  }
  return result;
}

export function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  return prefix.every((byte, index) => bytes[at + index] === byte);
}

export function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}
