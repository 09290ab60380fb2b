import { assertBlobKey, assertBlobPrefix, type BlobStore } from './blob-store.ts';

const DRIVER_NAME = 'memory';

/** Bytes in this process's memory: for tests and demos; everything is gone when the process ends. */
export function createMemoryBlobStore(): BlobStore & { readonly size: number } {
  const blobs = new Map<string, Uint8Array>();
  return {
    name: DRIVER_NAME,
    get size() {
      return blobs.size;
    },
    async put(key, bytes) {
      assertBlobKey(key);
      blobs.set(key, bytes.slice());
    },
    async get(key) {
      assertBlobKey(key);
      return blobs.get(key)?.slice();
    },
    async delete(key) {
      assertBlobKey(key);
      blobs.delete(key);
    },
    async *list(prefix) {
      assertBlobPrefix(prefix);
      for (const key of [...blobs.keys()]) if (key.startsWith(prefix)) yield key;
    },
  };
}
