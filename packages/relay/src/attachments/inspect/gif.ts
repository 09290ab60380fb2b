import { ascii, checkDimensions, concatenate, damaged, type InspectedFile } from './inspected-file.ts';

const KIND = 'GIF';
const EXTENSION = 0x21;
const IMAGE = 0x2c;
const TRAILER = 0x3b;
const COMMENT_LABEL = 0xfe;
const APPLICATION_LABEL = 0xff;
/** Application extensions that make an animation loop; every other (XMP among them) is dropped. */
const LOOPING_APPLICATIONS = new Set(['NETSCAPE2.0', 'ANIMEXTS1.0']);

export function isGif(bytes: Uint8Array): boolean {
  return bytes.length >= 6 && (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a');
}

/** Walks the blocks and rebuilds the GIF without comments, XMP or other application data, and nothing after its end. */
export function inspectGif(bytes: Uint8Array): InspectedFile {
  if (bytes.length < 13) throw damaged(KIND, 'header cut short');
  const width = (bytes[6] ?? 0) | ((bytes[7] ?? 0) << 8);
  const height = (bytes[8] ?? 0) | ((bytes[9] ?? 0) << 8);
  const flags = bytes[10] ?? 0;
  let offset = 13 + (flags & 0x80 ? 3 * 2 ** ((flags & 0x07) + 1) : 0);
  const kept: Uint8Array[] = [bytes.subarray(0, offset)];
  let frames = 0;
  for (;;) {
    const introducer = bytes[offset];
    if (introducer === undefined) throw damaged(KIND, 'no trailer');
    const start = offset;
    if (introducer === TRAILER) {
      kept.push(bytes.subarray(start, offset + 1));
      break;
    }
    if (introducer === EXTENSION) {
      const label = bytes[offset + 1];
      const end = skipSubBlocks(bytes, offset + 2);
      const application = label === APPLICATION_LABEL ? ascii(bytes, offset + 3, 11) : '';
      const dropped =
        label === COMMENT_LABEL || (label === APPLICATION_LABEL && !LOOPING_APPLICATIONS.has(application));
      if (!dropped) kept.push(bytes.subarray(start, end));
      offset = end;
      continue;
    }
    if (introducer !== IMAGE) throw damaged(KIND, `unknown block 0x${introducer.toString(16)} at byte ${offset}`);
    if (offset + 10 > bytes.length) throw damaged(KIND, 'frame header cut short');
    const localFlags = bytes[offset + 9] ?? 0;
    offset += 10 + (localFlags & 0x80 ? 3 * 2 ** ((localFlags & 0x07) + 1) : 0);
    offset = skipSubBlocks(bytes, offset + 1);
    kept.push(bytes.subarray(start, offset));
    frames++;
  }
  if (frames === 0) throw damaged(KIND, 'no picture');
  checkDimensions(KIND, width, height);
  return { contentType: 'image/gif', bytes: concatenate(kept), width, height };
}

// --- internal ---

function skipSubBlocks(bytes: Uint8Array, from: number): number {
  let offset = from;
  for (;;) {
    const size = bytes[offset];
    if (size === undefined) throw damaged(KIND, 'data cut short');
    offset += 1 + size;
    if (size === 0) return offset;
  }
}
