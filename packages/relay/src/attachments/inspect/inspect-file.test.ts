import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsText, fixture } from '../../../test/attachment-fixtures.ts';
import { FileRejectedError, inspectFile, MAX_IMAGE_PIXELS } from './inspect-file.ts';

const FIXTURES = ['photo.jpg', 'progressive.jpg', 'photo.png', 'photo.webp', 'anim.gif', 'label.pdf'];
const text = (value: string) => new TextEncoder().encode(value);
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((part) => [...part]));

function reasonOf(bytes: Uint8Array): string {
  try {
    inspectFile(bytes);
    return 'accepted';
  } catch (error) {
    if (error instanceof FileRejectedError) return error.reason;
    throw error;
  }
}

describe('inspectFile: the type is decided by content', () => {
  it.each([
    ['photo.jpg', 'image/jpeg', 64, 48],
    ['progressive.jpg', 'image/jpeg', 48, 32],
    ['photo.png', 'image/png', 40, 30],
    ['photo.webp', 'image/webp', 40, 30],
    ['anim.gif', 'image/gif', 20, 10],
  ])('reads %s as %s, %i×%i', (name, type, width, height) => {
    expect(inspectFile(fixture(name))).toMatchObject({ contentType: type, width, height });
  });

  it('reads a PDF and keeps it byte for byte', () => {
    const pdf = fixture('label.pdf');
    expect(inspectFile(pdf)).toEqual({ contentType: 'application/pdf', bytes: pdf });
  });

  it('removes location, camera, author, city and comments, and keeps only the orientation of the EXIF', () => {
    const jpeg = inspectFile(fixture('photo.jpg')).bytes;
    for (const secret of [
      'TestCam',
      'Tent9000',
      'Jane Visitor',
      'Paris',
      'secret comment',
      'http://ns.adobe.com/xap',
    ]) {
      expect(containsText(jpeg, secret), secret).toBe(false);
    }
    // The one EXIF entry left: Orientation (0x0112) = 6, so the phone photo is not shown on its side.
    expect(containsText(jpeg, 'Exif\0\0MM\0*\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x06')).toBe(true);
    const png = inspectFile(fixture('photo.png')).bytes;
    expect(containsText(png, 'eXIf') || containsText(png, 'tEXt') || containsText(png, 'home address')).toBe(false);
    const webp = inspectFile(fixture('photo.webp')).bytes;
    expect(containsText(webp, 'EXIF') || containsText(webp, 'XMP ') || containsText(webp, 'Jane')).toBe(false);
    expect((webp[20] ?? 0) & 0x0c).toBe(0);
    expect(containsText(inspectFile(fixture('anim.gif')).bytes, 'gif comment')).toBe(false);
  });

  it('gives bytes that inspect to themselves: stripping is complete in one pass', () => {
    for (const name of FIXTURES) {
      const once = inspectFile(fixture(name));
      expect(inspectFile(once.bytes), name).toEqual(once);
    }
  });
});

describe('inspectFile fuzz: uploads built to get past a type check', () => {
  it('refuses HTML renamed .png, SVG with script, text, ZIP and an empty file as a type not allowed', () => {
    const cases = [
      '<!DOCTYPE html><html><script>alert(document.domain)</script>',
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
      '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      'PK\u0003\u0004 a zip archive',
      '%!PS-Adobe-3.0 a PostScript file',
      '',
      ' %PDF-1.7 but not at the start',
    ];
    for (const body of cases) expect(reasonOf(text(body)), body).toBe('type_not_allowed');
  });

  it('refuses a GIF/JavaScript polyglot, which has the magic bytes but not the structure', () => {
    expect(reasonOf(text('GIF89a/*\u0000\u0000*/=1;alert(document.domain)//'))).toBe('damaged');
  });

  it('cuts off what is hidden after a picture’s end: an HTML page or a ZIP appended to a PNG or JPEG', () => {
    const payload = text('<html><script>alert(1)</script></html>PK\u0003\u0004');
    for (const name of ['photo.png', 'photo.jpg', 'anim.gif']) {
      const clean = inspectFile(fixture(name)).bytes;
      const polyglot = inspectFile(concat(fixture(name), payload));
      expect(polyglot.bytes, name).toEqual(clean);
    }
    const webp = fixture('photo.webp');
    expect(inspectFile(concat(webp, payload)).bytes).toEqual(inspectFile(webp).bytes);
  });

  it('refuses every truncated picture and a PDF without its end', () => {
    for (const name of FIXTURES) {
      const bytes = fixture(name);
      for (const keep of [8, 30, Math.floor(bytes.length / 2), bytes.length - 12]) {
        expect(reasonOf(bytes.subarray(0, keep)), `${name} cut to ${keep}`).not.toBe('accepted');
      }
    }
  });

  it('refuses a small PNG that declares a picture too large to open (a decompression bomb)', () => {
    expect(reasonOf(pngDeclaring(100_000, 100_000))).toBe('too_many_pixels');
    expect(reasonOf(pngDeclaring(8_000, 8_000))).toBe('too_many_pixels');
    expect(8_000 * 8_000).toBeGreaterThan(MAX_IMAGE_PIXELS);
    expect(reasonOf(pngDeclaring(4_000, 3_000))).toBe('accepted');
  });

  it('never throws anything but a refusal on random bytes behind a real magic number', () => {
    const magic = [
      [0xff, 0xd8, 0xff],
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
      [...text('RIFF')],
      [...text('GIF89a')],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...magic), fc.uint8Array({ maxLength: 300 }), (prefix, rest) => {
        const bytes = Uint8Array.from([...prefix, ...rest]);
        expect(['accepted', 'damaged', 'too_many_pixels', 'type_not_allowed']).toContain(reasonOf(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws anything but a refusal on real files with bytes changed, and what it accepts inspects to itself', () => {
    const files = FIXTURES.map(fixture);
    fc.assert(
      fc.property(
        fc.constantFrom(...files),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        (original, changes) => {
          const bytes = original.slice();
          for (const [position, value] of changes) bytes[position % bytes.length] = value;
          let result: ReturnType<typeof inspectFile>;
          try {
            result = inspectFile(bytes);
          } catch (error) {
            expect(error).toBeInstanceOf(FileRejectedError);
            return;
          }
          expect(inspectFile(result.bytes)).toEqual(result);
        },
      ),
      { numRuns: 1500 },
    );
  });
});

// --- helpers ---

/** A valid PNG (checksums right) whose header declares `width`×`height`, with one tiny IDAT. */
function pngDeclaring(width: number, height: number): Uint8Array {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8);
  return concat(
    Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', Uint8Array.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    chunk('IEND', new Uint8Array()),
  );
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const result = new Uint8Array(12 + data.length);
  const view = new DataView(result.buffer);
  view.setUint32(0, data.length);
  result.set(text(type), 4);
  result.set(data, 8);
  view.setUint32(8 + data.length, crc32(result.subarray(4, 8 + data.length)));
  return result;
}

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
