/** HMAC-SHA256 through Web Crypto, so adapters run on Node, Workers, Bun and Deno alike. */
const encoder = new TextEncoder();

async function importKey(secret: string, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [usage]);
}

export async function hmacSha256(secret: string, data: string | Uint8Array): Promise<Uint8Array> {
  const key = await importKey(secret, 'sign');
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, bytes as BufferSource));
}

/**
 * Checks a presented MAC against data. Web Crypto's verify compares in constant time, so the time taken
 * says nothing about how many leading bytes of a forgery were right.
 */
export async function verifyHmacSha256(
  secret: string,
  data: string | Uint8Array,
  presented: Uint8Array | undefined,
): Promise<boolean> {
  if (presented === undefined || presented.length !== 32) return false;
  const key = await importKey(secret, 'verify');
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  return crypto.subtle.verify('HMAC', key, presented as BufferSource, bytes as BufferSource);
}

export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Undefined for anything that is not even-length hex. */
export function fromHex(hex: string): Uint8Array | undefined {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) return undefined;
  const bytes = new Uint8Array(hex.length / 2);
  for (let index = 0; index < bytes.length; index++)
    bytes[index] = Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  return bytes;
}

export function toBase64(bytes: Uint8Array): string {
  // In slices, so a 10 MB attachment neither builds its string one character at a time nor overflows the stack.
  let binary = '';
  for (let start = 0; start < bytes.length; start += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  return btoa(binary);
}

/** Undefined for anything that is not valid base64. */
export function fromBase64(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export async function sha256Hex(text: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text))));
}
