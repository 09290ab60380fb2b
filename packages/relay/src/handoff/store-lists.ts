import { z } from 'zod';
import type { ConversationStore } from '../store/store.ts';

const LOCK_LEASE_SECONDS = 10;
const LOCK_WAIT_MS = 10;
/** About the lease, waited out in short steps. */
const LOCK_ATTEMPTS = 600;

/**
 * Runs `task` holding a lease on `key`, taken through the store's atomic claim: the one primitive every store
 * (memory, Redis, Durable Objects) offers. A holder that crashed lets go when its lease ends; a change that waited
 * longer than that goes ahead rather than be lost.
 */
export async function withStoreLock<T>(store: ConversationStore, key: string, task: () => Promise<T>): Promise<T> {
  const lockKey = `${key}:lock`;
  const owner = crypto.randomUUID();
  for (let attempt = 0; attempt < LOCK_ATTEMPTS; attempt++) {
    if ((await store.claimKey(lockKey, owner, LOCK_LEASE_SECONDS)) === undefined) {
      try {
        return await task();
      } finally {
        if ((await store.getKey(lockKey)) === owner) await store.deleteKey(lockKey);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, LOCK_WAIT_MS + Math.random() * LOCK_WAIT_MS));
  }
  return task();
}

/** A list of ids kept as one JSON value; missing or unreadable reads as empty. */
export async function readStoredList(store: ConversationStore, key: string): Promise<string[]> {
  const raw = await store.getKey(key);
  if (raw === undefined) return [];
  const result = z.array(z.string()).safeParse(JSON.parse(raw));
  return result.success ? result.data : [];
}

/**
 * Adds (at the end) or removes one id under the lease lock, so instances changing the list at once all count.
 * With `keepLast`, only that many of the newest ids are kept; returns the ids that fell off.
 */
export async function updateStoredList(
  store: ConversationStore,
  key: string,
  change: { add: string } | { remove: string },
  options: { ttlSeconds: number; keepLast?: number },
): Promise<string[]> {
  return withStoreLock(store, key, async () => {
    const ids = await readStoredList(store, key);
    let next: string[];
    if ('add' in change) {
      if (ids.includes(change.add)) return [];
      next = [...ids, change.add];
    } else {
      if (!ids.includes(change.remove)) return [];
      next = ids.filter((id) => id !== change.remove);
    }
    const dropped = options.keepLast !== undefined ? next.slice(0, Math.max(0, next.length - options.keepLast)) : [];
    await store.setKey(key, JSON.stringify(next.slice(dropped.length)), options.ttlSeconds);
    return dropped;
  });
}
