import type { WidgetStorage } from './storage.ts';

/** Keeps values for the life of the page only: the fallback where IndexedDB is unavailable. */
export function createMemoryStorage(): WidgetStorage {
  const values = new Map<string, unknown>();
  return {
    name: 'memory',
    get: async <T>(key: string) => structuredClone(values.get(key)) as T | undefined,
    set: async (key, value) => {
      values.set(key, structuredClone(value));
    },
    update: async <T>(key: string, updater: (current: T | undefined) => T) => {
      values.set(key, structuredClone(updater(structuredClone(values.get(key)) as T | undefined)));
    },
    delete: async (key) => {
      values.delete(key);
    },
  };
}
