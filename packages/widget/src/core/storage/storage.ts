/**
 * Where the widget keeps what must survive a reload: the session token, the transcript and the outbox.
 * Values are structured-cloneable. `update` is an atomic read-modify-write, so two tabs adding to the
 * outbox at the same moment never lose an entry.
 */
export interface WidgetStorage {
  readonly name: string;
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  update<T>(key: string, updater: (current: T | undefined) => T): Promise<void>;
  delete(key: string): Promise<void>;
}
