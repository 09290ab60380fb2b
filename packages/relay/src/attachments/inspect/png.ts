import { ascii, checkDimensions, concatenate, damaged, type InspectedFile, startsWith } from './inspected-file.ts';

const KIND = 'PNG';
const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Chunks that carry text, time or EXIF (location) rather than pixels; a signature over them would break too. */
const DROPPED_CHUNKS = new Set(['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME', 'dSIG']);

export function isPng(bytes: Uint8Array): boolean {
  return startsWith(bytes, SIGNATURE);
}

/**
 * Walks the chunks (lengths and CRCs checked) and rebuilds the PNG without EXIF, text and time chunks and without
 * anything after IEND.
 */
export function inspectPng(bytes: Uint8Array): InspectedFile {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kept: Uint8Array[] = [bytes.subarray(0, SIGNATURE.length)];
  let offset = SIGNATURE.length;
  let width = 0;
  let height = 0;
  let sawData = false;
  for (let index = 0; ; index++) {
    if (offset + 12 > bytes.length) throw damaged(KIND, 'no IEND chunk');
    const length = view.getUint32(offset);
    const type = ascii(bytes, offset + 4, 4);
    const end = offset + 12 + length;
    if (!/^[A-Za-z]{4}$/.test(type) || end > bytes.length) throw damaged(KIND, `chunk ${index} runs past the end`);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== view.getUint32(offset + 8 + length)) {
      throw damaged(KIND, `chunk ${type} fails its checksum`);
    }
    if (index === 0) {
      if (type !== 'IHDR' || length !== 13) throw damaged(KIND, 'no IHDR first');
      width = view.getUint32(offset + 8);
      height = view.getUint32(offset + 12);
    }
    if (type === 'IDAT') sawData = true;
    if (!DROPPED_CHUNKS.has(type)) kept.push(bytes.subarray(offset, end));
    offset = end;
    if (type === 'IEND') break;
  }
  if (!sawData) throw damaged(KIND, 'no picture data');
  checkDimensions(KIND, width, height);
  return { contentType: 'image/png', bytes: concatenate(kept), width, height };
}

// --- internal ---

let table: Uint32Array | undefined;

function crc32(bytes: Uint8Array): number {
  table ??= Uint32Array.from({ length: 256 }, (_, index) => {
    let value = index;
    for (let bit = 0; bit < 8; bit++) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
    return value >>> 0;
  });
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (table[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
