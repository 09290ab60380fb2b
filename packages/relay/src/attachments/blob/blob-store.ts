/**
 * Where the relay keeps attachment bytes. Keys are `<conversationId>/<attachmentId>`: letters, digits, `_`, `-`
 * and one `/`. The metadata (name, type, size, who sent it, which message holds it) lives in the conversation
 * store; a blob store only holds bytes, so a driver is a handful of lines over any object store.
 *
 * Drivers: `createMemoryBlobStore` (tests, one process), `createFilesystemBlobStore` (Node, under the data
 * directory; `@tandem/relay/node`), `createR2BlobStore` (Cloudflare R2 on Workers). Every driver must pass
 * `testBlobStore()` from `@tandem/relay/test`.
 */
export interface BlobStore {
  readonly name: string;
  /** Stores the bytes under `key`, replacing any; once it resolves the bytes survive a crash of the process. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes under `key`, or undefined. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Removes `key`; removing a missing key does nothing. */
  delete(key: string): Promise<void>;
  /** Every key starting with `prefix` (`''` for all), in no particular order. */
  list(prefix: string): AsyncIterable<string>;
}

const BLOB_KEY_PATTERN = /^[A-Za-z0-9_-]{1,80}\/[A-Za-z0-9_-]{1,80}$/;

/** The key of one attachment's bytes. */
export function blobKeyOf(conversationId: string, attachmentId: string): string {
  const key = `${conversationId}/${attachmentId}`;
  assertBlobKey(key);
  return key;
}

/** Drivers call this before touching storage, so no key ever names a path outside their folder. */
export function assertBlobKey(key: string): void {
  if (!BLOB_KEY_PATTERN.test(key)) throw new Error(`[tandem] [blob-store] invalid key ${JSON.stringify(key)}`);
}

/** `<conversationId>/` prefixes may be listed; anything else must be `''`. */
export function assertBlobPrefix(prefix: string): void {
  if (prefix !== '' && !/^[A-Za-z0-9_-]{1,80}\/$/.test(prefix)) {
    throw new Error(`[tandem] [blob-store] invalid prefix ${JSON.stringify(prefix)}`);
  }
}
