import { ascii, damaged, type InspectedFile } from './inspected-file.ts';

const KIND = 'PDF';
/** How far from the end `%%EOF` may sit (trailing whitespace, a stray line some writers add). */
const END_MARKER_WINDOW = 1024;

export function isPdf(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && /^%PDF-[12]\.\d/.test(ascii(bytes, 0, 8));
}

/**
 * A PDF must begin with its header and end with `%%EOF`, so a cut-off upload is refused. It is stored as sent (its
 * document information is not rewritten) and always served as a download, never shown inside the relay's origin.
 */
export function inspectPdf(bytes: Uint8Array): InspectedFile {
  const tail = ascii(bytes, Math.max(0, bytes.length - END_MARKER_WINDOW), END_MARKER_WINDOW);
  if (!tail.includes('%%EOF')) throw damaged(KIND, 'no %%EOF at the end');
  return { contentType: 'application/pdf', bytes };
}
