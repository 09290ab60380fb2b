import { utf8 } from './encoding.ts';

/**
 * Keys imported once per secret: an import is a trip through the runtime's crypto work queue (Node's thread pool),
 * and every token check would pay it before its signature. A relay has one or two secrets.
 */
const importedKeys = new Map<string, Promise<CryptoKey>>();
/** A process that makes relay after relay with fresh secrets (a test run) does not keep them all. */
const MOST_KEYS = 16;

/** HMAC-SHA256 through Web Crypto, available on Node, Workers, Bun and Deno alike. */
export async function hmacSha256(secret: string, data: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', await keyOf(secret), utf8(data)));
}

// --- internal ---

function keyOf(secret: string): Promise<CryptoKey> {
  let key = importedKeys.get(secret);
  if (!key) {
    if (importedKeys.size >= MOST_KEYS) importedKeys.clear();
    key = crypto.subtle.importKey('raw', utf8(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    // A failed import is not kept: the next call tries again.
    key.catch(() => importedKeys.delete(secret));
    importedKeys.set(secret, key);
  }
  return key;
}
