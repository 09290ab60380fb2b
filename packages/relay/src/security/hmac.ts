import { utf8 } from './encoding.ts';

/** HMAC-SHA256 through Web Crypto, available on Node, Workers, Bun and Deno alike. */
export async function hmacSha256(secret: string, data: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', utf8(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, utf8(data)));
}
