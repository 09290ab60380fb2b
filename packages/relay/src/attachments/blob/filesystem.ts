import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { assertBlobKey, assertBlobPrefix, type BlobStore } from './blob-store.ts';

const DRIVER_NAME = 'filesystem';
/** Half-written files carry this suffix until renamed into place; a listing never shows them. */
const PARTIAL_SUFFIX = '.partial';

export interface FilesystemBlobStoreOptions {
  /** The folder, such as `./data/attachments`; created when missing. */
  directory: string;
}

/**
 * Bytes as files, one folder per conversation, for Node. A file is written beside its final name, flushed to disk
 * (fsync) and renamed into place, so after `put` resolves it survives kill -9, and a crash mid-write leaves no
 * half file under a real key.
 *
 * @example
 * import { createFilesystemBlobStore } from '@tandem/relay/node';
 * const blobs = createFilesystemBlobStore({ directory: './data/attachments' });
 */
export function createFilesystemBlobStore({ directory }: FilesystemBlobStoreOptions): BlobStore {
  const pathOf = (key: string) => {
    assertBlobKey(key);
    const [folder = '', file = ''] = key.split('/');
    return { folder: join(directory, folder), file: join(directory, folder, file) };
  };
  return {
    name: DRIVER_NAME,

    async put(key, bytes) {
      const { folder, file } = pathOf(key);
      await mkdir(folder, { recursive: true });
      const partial = `${file}.${randomUUID()}${PARTIAL_SUFFIX}`;
      const handle = await open(partial, 'w', 0o600);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await rename(partial, file);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
    },

    async get(key) {
      try {
        return new Uint8Array(await readFile(pathOf(key).file));
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },

    async delete(key) {
      const { folder, file } = pathOf(key);
      await rm(file, { force: true });
      // The conversation's folder goes with its last file; another file written meanwhile keeps it.
      await rmdir(folder).catch(() => undefined);
    },

    async *list(prefix) {
      assertBlobPrefix(prefix);
      const folders = prefix === '' ? await entriesOf(directory) : [prefix.slice(0, -1)];
      for (const folder of folders) {
        for (const file of await entriesOf(join(directory, folder))) {
          if (file.endsWith(PARTIAL_SUFFIX)) continue;
          const key = `${folder}/${file}`;
          if (/^[A-Za-z0-9_-]{1,80}\/[A-Za-z0-9_-]{1,80}$/.test(key)) yield key;
        }
      }
    },
  };
}

// --- internal ---

async function entriesOf(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch (error) {
    if (isMissing(error) || (error as { code?: string }).code === 'ENOTDIR') return [];
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  return (error as { code?: string }).code === 'ENOENT';
}
