import { assertBlobKey, assertBlobPrefix, type BlobStore } from './blob-store.ts';

const DRIVER_NAME = 'r2';

/** The part of Cloudflare's `R2Bucket` binding this driver uses, so the relay needs no Workers type package. */
export interface R2BucketLike {
  put(key: string, value: Uint8Array | ArrayBuffer): Promise<unknown>;
  get(key: string): Promise<{ arrayBuffer(): Promise<ArrayBuffer> } | null>;
  delete(key: string | string[]): Promise<void>;
  list(options: { prefix?: string; cursor?: string; limit?: number }): Promise<{
    objects: { key: string }[];
    truncated: boolean;
    cursor?: string;
  }>;
}

export interface R2BlobStoreOptions {
  /** The bucket binding, e.g. `env.TANDEM_ATTACHMENTS`. */
  bucket: R2BucketLike;
  /** Keys are stored under this prefix, to share a bucket. Default `attachments/`. */
  prefix?: string;
}

/**
 * Bytes in a Cloudflare R2 bucket, for the relay on Workers. R2 writes are durable once `put` resolves.
 *
 * @example
 * // wrangler.toml: [[r2_buckets]] binding = "TANDEM_ATTACHMENTS" bucket_name = "tandem-attachments"
 * createR2BlobStore({ bucket: env.TANDEM_ATTACHMENTS })
 */
export function createR2BlobStore({ bucket, prefix = 'attachments/' }: R2BlobStoreOptions): BlobStore {
  const stored = (key: string) => {
    assertBlobKey(key);
    return `${prefix}${key}`;
  };
  return {
    name: DRIVER_NAME,
    async put(key, bytes) {
      await bucket.put(stored(key), bytes);
    },
    async get(key) {
      const object = await bucket.get(stored(key));
      return object ? new Uint8Array(await object.arrayBuffer()) : undefined;
    },
    async delete(key) {
      await bucket.delete(stored(key));
    },
    async *list(listPrefix) {
      assertBlobPrefix(listPrefix);
      let cursor: string | undefined;
      do {
        const page = await bucket.list({ prefix: `${prefix}${listPrefix}`, ...(cursor ? { cursor } : {}) });
        for (const object of page.objects) yield object.key.slice(prefix.length);
        cursor = page.truncated ? page.cursor : undefined;
      } while (cursor);
    },
  };
}

/** Whether a binding looks like an R2 bucket. */
export function isR2Bucket(value: unknown): value is R2BucketLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    ['put', 'get', 'delete', 'list', 'head'].every(
      (method) => typeof (value as Record<string, unknown>)[method] === 'function',
    )
  );
}
