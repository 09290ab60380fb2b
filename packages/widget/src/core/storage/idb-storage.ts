import { createStore, del, get, set, update } from 'idb-keyval';
import type { WidgetStorage } from './storage.ts';

export interface IdbStorageOptions {
  /** Prefix for every key, so several widgets (sites, relays) on one origin never share data. */
  namespace: string;
}

/**
 * IndexedDB through idb-keyval (under 600 bytes gzipped, well kept, promise-based). idb-keyval's
 * `update` runs the read and the write in one transaction, which is what keeps the outbox whole
 * across tabs.
 */
export function createIdbStorage({ namespace }: IdbStorageOptions): WidgetStorage {
  const store = createStore('tandem', 'keyval');
  const key = (name: string) => `${namespace}:${name}`;
  return {
    name: 'indexeddb',
    get: (name) => get(key(name), store),
    set: (name, value) => set(key(name), value, store),
    update: (name, updater) => update(key(name), updater, store),
    delete: (name) => del(key(name), store),
  };
}

/** True where IndexedDB can be opened (not in some private modes, not in plain Node). */
export function indexedDbAvailable(): boolean {
  try {
    return typeof indexedDB !== 'undefined' && indexedDB !== null;
  } catch {
    return false;
  }
}
