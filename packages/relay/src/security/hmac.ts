import { LRUCache } from 'lru-cache';
import { utf8 } from './encoding.ts';

/**
 * Keys imported once per secret: an import is a trip through the runtime's crypto work queue (Node's thread pool),
 * and every token check would pay it before its signature. A relay has one or two secrets.
 */
// A process that makes relay after relay with fresh secrets (a test run) keeps only the last few.
const importedKeys = new LRUCache<string, Promise<CryptoKey>>({ max: 16 });

/** HMAC-SHA256 through Web Crypto, available on Node, Workers, Bun and Deno alike. */
export async function hmacSha256(secret: string, data: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', await keyOf(secret), utf8(data)));
}

// --- internal ---

function keyOf(secret: string): Promise<CryptoKey> {
  let key = importedKeys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', utf8(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    // A failed import is not kept: the next call tries again.
    key.catch(() => importedKeys.delete(secret));
    importedKeys.set(secret, key);
  }
  return key;
}
