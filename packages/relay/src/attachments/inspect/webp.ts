import { ascii, checkDimensions, concatenate, damaged, type InspectedFile } from './inspected-file.ts';

const KIND = 'WebP';
const EXIF_FLAG = 0x08;
const XMP_FLAG = 0x04;

export function isWebp(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP';
}

/**
 * Walks the RIFF chunks and rebuilds the WebP without its EXIF and XMP chunks (their flags cleared in VP8X) and
 * without anything past the RIFF size.
 */
export function inspectWebp(bytes: Uint8Array): InspectedFile {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const riffEnd = 8 + view.getUint32(4, true);
  if (riffEnd > bytes.length) throw damaged(KIND, 'shorter than its RIFF size');
  const kept: Uint8Array[] = [];
  let offset = 12;
  let width = 0;
  let height = 0;
  let first = true;
  while (offset < riffEnd) {
    if (offset + 8 > riffEnd) throw damaged(KIND, 'chunk header cut short');
    const type = ascii(bytes, offset, 4);
    const size = view.getUint32(offset + 4, true);
    const dataStart = offset + 8;
    const end = dataStart + size + (size % 2);
    if (dataStart + size > riffEnd) throw damaged(KIND, `chunk ${JSON.stringify(type)} runs past the end`);
    const data = bytes.subarray(dataStart, dataStart + size);
    if (first) {
      ({ width, height } = sizeOf(type, data));
      first = false;
    }
    if (type === 'VP8X') {
      const chunk = bytes.slice(offset, Math.min(end, riffEnd));
      chunk[8] = (chunk[8] ?? 0) & ~(EXIF_FLAG | XMP_FLAG);
      kept.push(chunk);
    } else if (type !== 'EXIF' && type !== 'XMP ') {
      kept.push(bytes.subarray(offset, Math.min(end, riffEnd)));
    }
    offset = end;
  }
  if (first) throw damaged(KIND, 'no picture');
  checkDimensions(KIND, width, height);
  const body = concatenate(kept);
  const header = new Uint8Array(12);
  header.set(bytes.subarray(0, 12));
  new DataView(header.buffer).setUint32(4, body.length + 4, true);
  return { contentType: 'image/webp', bytes: concatenate([header, body]), width, height };
}

// --- internal ---

function sizeOf(type: string, data: Uint8Array): { width: number; height: number } {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (type === 'VP8X' && data.length >= 10) {
    const width = 1 + ((data[4] ?? 0) | ((data[5] ?? 0) << 8) | ((data[6] ?? 0) << 16));
    const height = 1 + ((data[7] ?? 0) | ((data[8] ?? 0) << 8) | ((data[9] ?? 0) << 16));
    return { width, height };
  }
  if (type === 'VP8 ' && data.length >= 10 && data[3] === 0x9d && data[4] === 0x01 && data[5] === 0x2a) {
    return { width: view.getUint16(6, true) & 0x3fff, height: view.getUint16(8, true) & 0x3fff };
  }
  if (type === 'VP8L' && data.length >= 5 && data[0] === 0x2f) {
    const bits = view.getUint32(1, true);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  throw damaged(KIND, `first chunk ${JSON.stringify(type)} is not a picture header`);
}
