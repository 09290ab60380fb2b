import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { afterAll, describe, expect, it } from 'vitest';
import { testBlobStore } from '../../../test/test-blob-store.ts';
import { createFilesystemBlobStore } from './filesystem.ts';
import { createMemoryBlobStore } from './memory.ts';
import { createR2BlobStore, isR2Bucket, type R2BucketLike } from './r2.ts';

const directories: string[] = [];
async function freshDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'tandem-blobs-'));
  directories.push(directory);
  return directory;
}
afterAll(async () => {
  for (const directory of directories) await rm(directory, { recursive: true, force: true });
});

testBlobStore({ name: 'memory', createBlobStore: () => createMemoryBlobStore() });
testBlobStore({
  name: 'filesystem',
  createBlobStore: async () => createFilesystemBlobStore({ directory: await freshDirectory() }),
});

describe('createFilesystemBlobStore', () => {
  it('writes files readable only by the relay, and removes a conversation’s folder with its last file', async () => {
    const directory = await freshDirectory();
    const blobs = createFilesystemBlobStore({ directory });
    await blobs.put('conversation/file', Uint8Array.from([1, 2, 3]));
    expect((await stat(join(directory, 'conversation', 'file'))).mode & 0o777).toBe(0o600);
    await blobs.delete('conversation/file');
    expect(await readdir(directory)).toEqual([]);
  });

  it('never lists a file a crash left half written', async () => {
    const directory = await freshDirectory();
    const blobs = createFilesystemBlobStore({ directory });
    await blobs.put('conversation/whole', Uint8Array.from([1]));
    await writeFile(join(directory, 'conversation', 'cut.1234.partial'), Uint8Array.from([1]));
    const keys: string[] = [];
    for await (const key of blobs.list('')) keys.push(key);
    expect(keys).toEqual(['conversation/whole']);
  });
});

describe('createR2BlobStore against R2 in Miniflare (workerd)', () => {
  let miniflare: Miniflare | undefined;
  afterAll(async () => {
    await miniflare?.dispose();
  });
  testBlobStore({
    name: 'r2',
    createBlobStore: async () => {
      miniflare ??= new Miniflare({ modules: true, script: 'export default {}', r2Buckets: ['TANDEM_ATTACHMENTS'] });
      const bucket = (await miniflare.getR2Bucket('TANDEM_ATTACHMENTS')) as unknown as R2BucketLike;
      expect(isR2Bucket(bucket)).toBe(true);
      // Each test gets its own prefix: the bucket lives as long as Miniflare.
      return createR2BlobStore({ bucket, prefix: `test-${crypto.randomUUID()}/` });
    },
  });
});
