import { beforeEach, describe, expect, it } from 'vitest';
import type { BlobStore } from '../src/attachments/blob/blob-store.ts';

export interface TestBlobStoreOptions {
  /** Makes a fresh, empty blob store for each test. */
  createBlobStore: () => BlobStore | Promise<BlobStore>;
  name?: string;
}

/**
 * The behaviour every BlobStore must show, as one vitest suite.
 *
 * @example
 * import { testBlobStore } from '@tandem/relay/test';
 * testBlobStore({ createBlobStore: () => createS3BlobStore({ bucket }) });
 */
export function testBlobStore({ createBlobStore, name }: TestBlobStoreOptions): void {
  describe(`BlobStore conformance${name ? ` (${name})` : ''}`, () => {
    let blobs: BlobStore;
    beforeEach(async () => {
      blobs = await createBlobStore();
    });

    it('gives back exactly the bytes stored, and a copy the caller may change', async () => {
      const bytes = Uint8Array.from({ length: 70_000 }, (_, index) => (index * 31) % 256);
      await blobs.put('conversation-1/file-1', bytes);
      const read = await blobs.get('conversation-1/file-1');
      expect(read).toEqual(bytes);
      read?.fill(0);
      expect(await blobs.get('conversation-1/file-1')).toEqual(bytes);
    });

    it('replaces on a second put, and reads nothing for a missing key', async () => {
      await blobs.put('c/f', Uint8Array.from([1]));
      await blobs.put('c/f', Uint8Array.from([2, 3]));
      expect(await blobs.get('c/f')).toEqual(Uint8Array.from([2, 3]));
      expect(await blobs.get('c/missing')).toBeUndefined();
    });

    it('deletes, and deleting a missing key does nothing', async () => {
      await blobs.put('c/f', Uint8Array.from([1]));
      await blobs.delete('c/f');
      await blobs.delete('c/f');
      expect(await blobs.get('c/f')).toBeUndefined();
    });

    it('lists by conversation and all together', async () => {
      await blobs.put('a/1', Uint8Array.from([1]));
      await blobs.put('a/2', Uint8Array.from([2]));
      await blobs.put('b/1', Uint8Array.from([3]));
      const list = async (prefix: string) => {
        const keys: string[] = [];
        for await (const key of blobs.list(prefix)) keys.push(key);
        return keys.sort();
      };
      expect(await list('a/')).toEqual(['a/1', 'a/2']);
      expect(await list('')).toEqual(['a/1', 'a/2', 'b/1']);
      expect(await list('c/')).toEqual([]);
    });

    it('refuses a key that could name anything outside its own place', async () => {
      for (const key of ['../etc/passwd', 'a/../../b', '/absolute/x', 'a/b/c', 'a', 'a/', 'a\\b/c']) {
        await expect(blobs.put(key, Uint8Array.from([1])), key).rejects.toThrow(/invalid key/);
        await expect(blobs.get(key), key).rejects.toThrow(/invalid key/);
      }
    });
  });
}
