import { checkDimensions, concatenate, damaged, type InspectedFile, startsWith } from './inspected-file.ts';

const KIND = 'JPEG';
const SOI = [0xff, 0xd8, 0xff];
const EOI = 0xd9;
const SOS = 0xda;
const APP0 = 0xe0;
const APP1 = 0xe1;
const APP2 = 0xe2;
const APP14 = 0xee;
const COMMENT = 0xfe;
/** Start-of-frame markers (not DHT 0xC4, JPG 0xC8, DAC 0xCC): they carry the picture's size. */
const START_OF_FRAME = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);
const ORIENTATION_TAG = 0x0112;

export function isJpeg(bytes: Uint8Array): boolean {
  return startsWith(bytes, SOI);
}

/**
 * Walks the JPEG's segments and rebuilds it without EXIF (location, camera, thumbnail), XMP, IPTC/Photoshop
 * (APP13), other vendor APP segments and comments, and without anything after its end marker. Kept: JFIF (APP0),
 * the ICC colour profile (APP2), Adobe's colour transform (APP14), and the EXIF orientation alone, rewritten as a
 * minimal EXIF block, so a phone photo is not shown on its side.
 */
export function inspectJpeg(bytes: Uint8Array): InspectedFile {
  const kept: Uint8Array[] = [];
  let orientation: number | undefined;
  let width = 0;
  let height = 0;
  let offset = 2;
  let sawScan = false;
  for (;;) {
    if (offset >= bytes.length) throw damaged(KIND, 'no end marker');
    if (bytes[offset] !== 0xff) throw damaged(KIND, `no marker at byte ${offset}`);
    while (bytes[offset] === 0xff) offset++;
    const marker = bytes[offset];
    if (marker === undefined) throw damaged(KIND, 'no end marker');
    const start = offset - 1;
    offset++;
    if (marker === EOI) {
      if (!sawScan) throw damaged(KIND, 'no picture data');
      kept.push(bytes.subarray(start, offset));
      break;
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      kept.push(bytes.subarray(start, offset));
      continue;
    }
    if (offset + 2 > bytes.length) throw damaged(KIND, 'segment cut short');
    const length = ((bytes[offset] ?? 0) << 8) | (bytes[offset + 1] ?? 0);
    const end = offset + length;
    if (length < 2 || end > bytes.length) throw damaged(KIND, 'segment longer than the file');
    const segment = bytes.subarray(start, end);
    const data = bytes.subarray(offset + 2, end);
    offset = end;
    if (START_OF_FRAME.has(marker)) {
      if (data.length < 5) throw damaged(KIND, 'frame header cut short');
      height = ((data[1] ?? 0) << 8) | (data[2] ?? 0);
      width = ((data[3] ?? 0) << 8) | (data[4] ?? 0);
    }
    if (marker === APP1) {
      orientation ??= exifOrientation(data);
      continue;
    }
    if (marker === COMMENT || (marker > APP0 && marker <= 0xef && marker !== APP14 && !isIccProfile(marker, data))) {
      continue;
    }
    if (marker === SOS) {
      // The header and the entropy-coded data after it, up to the next marker.
      sawScan = true;
      offset = endOfScan(bytes, offset);
      kept.push(bytes.subarray(start, offset));
    } else kept.push(segment);
  }
  checkDimensions(KIND, width, height);
  const header = bytes.subarray(0, 2);
  const orientationBlock = orientation !== undefined && orientation !== 1 ? [minimalExif(orientation)] : [];
  const first = kept[0];
  const startsWithJfif = first !== undefined && first[1] === APP0;
  const body = startsWithJfif ? [first, ...orientationBlock, ...kept.slice(1)] : [...orientationBlock, ...kept];
  return { contentType: 'image/jpeg', bytes: concatenate([header, ...body]), width, height };
}

// --- internal ---

function isIccProfile(marker: number, data: Uint8Array): boolean {
  return (
    marker === APP2 &&
    startsWith(
      data,
      [...'ICC_PROFILE\0'].map((character) => character.charCodeAt(0)),
    )
  );
}

/** The entropy-coded data of a scan ends at the first marker that is neither a stuffed 0xFF00 nor a restart. */
function endOfScan(bytes: Uint8Array, from: number): number {
  for (let index = from; index < bytes.length - 1; index++) {
    if (bytes[index] !== 0xff) continue;
    const next = bytes[index + 1] ?? 0;
    if (next === 0x00 || next === 0xff || (next >= 0xd0 && next <= 0xd7)) continue;
    return index;
  }
  throw damaged(KIND, 'picture data without an end');
}

/** The orientation (1–8) from an EXIF APP1 segment, if it holds a readable one. */
function exifOrientation(data: Uint8Array): number | undefined {
  if (!startsWith(data, [0x45, 0x78, 0x69, 0x66, 0, 0])) return undefined;
  const tiff = data.subarray(6);
  if (tiff.length < 8) return undefined;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const littleEndian = tiff[0] === 0x49 && tiff[1] === 0x49;
  if (!littleEndian && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) return undefined;
  const firstDirectory = view.getUint32(4, littleEndian);
  if (firstDirectory + 2 > tiff.length) return undefined;
  const entries = view.getUint16(firstDirectory, littleEndian);
  for (let index = 0; index < entries; index++) {
    const entry = firstDirectory + 2 + index * 12;
    if (entry + 12 > tiff.length) return undefined;
    if (view.getUint16(entry, littleEndian) !== ORIENTATION_TAG) continue;
    const value = view.getUint16(entry + 8, littleEndian);
    return value >= 1 && value <= 8 ? value : undefined;
  }
  return undefined;
}

/** An APP1 segment holding an EXIF block with the orientation tag and nothing else (big-endian TIFF). */
function minimalExif(orientation: number): Uint8Array {
  // biome-ignore format: one line per part of the segment: marker and length, "Exif", TIFF header, the one entry, end
  return Uint8Array.from([
    0xff, APP1, 0x00, 0x22,
    0x45, 0x78, 0x69, 0x66, 0x00, 0x00,
    0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08,
    0x00, 0x01,
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00,
  ]);
}
