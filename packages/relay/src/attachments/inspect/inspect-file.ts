import { inspectGif, isGif } from './gif.ts';
import { FileRejectedError, type InspectedFile } from './inspected-file.ts';
import { inspectJpeg, isJpeg } from './jpeg.ts';
import { inspectPdf, isPdf } from './pdf.ts';
import { inspectPng, isPng } from './png.ts';
import { inspectWebp, isWebp } from './webp.ts';

const INSPECTORS = [
  { matches: isJpeg, inspect: inspectJpeg },
  { matches: isPng, inspect: inspectPng },
  { matches: isWebp, inspect: inspectWebp },
  { matches: isGif, inspect: inspectGif },
  { matches: isPdf, inspect: inspectPdf },
];

/**
 * Decides a file's type by its first bytes (never its name or claimed type), checks its structure from start to end
 * marker, and returns the bytes to store with metadata stripped. Throws `FileRejectedError` for anything else: an
 * HTML page renamed `.png`, an SVG, a ZIP, a truncated or malformed picture, a picture too large to open.
 */
export function inspectFile(bytes: Uint8Array): InspectedFile {
  const inspector = INSPECTORS.find((candidate) => candidate.matches(bytes));
  if (!inspector) {
    throw new FileRejectedError(
      'type_not_allowed',
      'Only JPEG, PNG, WebP and GIF pictures and PDF documents can be sent; this file is none of them.',
    );
  }
  return inspector.inspect(bytes);
}

export { FileRejectedError, type InspectedFile, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE } from './inspected-file.ts';
