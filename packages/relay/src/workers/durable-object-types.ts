/**
 * The parts of Cloudflare's Durable Object API the store uses, declared here so the relay needs no Workers type
 * package. Shapes follow `@cloudflare/workers-types`; Miniflare's namespace proxy fits them too.
 */

export interface DurableObjectStubLike {
  fetch(input: string, init?: RequestInit): Promise<Response>;
}

export interface DurableObjectNamespaceLike {
  idFromName(name: string): unknown;
  get(id: never): DurableObjectStubLike;
}

export interface DurableObjectStorageLike {
  get<Value>(key: string): Promise<Value | undefined>;
  put(key: string, value: unknown): Promise<void>;
  put(entries: Record<string, unknown>): Promise<void>;
  delete(key: string): Promise<boolean>;
  delete(keys: string[]): Promise<number>;
  deleteAll(): Promise<void>;
  list<Value>(options?: { prefix?: string; start?: string }): Promise<Map<string, Value>>;
  setAlarm(scheduledTime: number): Promise<void>;
}

export interface DurableObjectStateLike {
  readonly storage: DurableObjectStorageLike;
  blockConcurrencyWhile<Result>(callback: () => Promise<Result>): Promise<Result>;
}

export function isDurableObjectNamespace(value: unknown): value is DurableObjectNamespaceLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as DurableObjectNamespaceLike).idFromName === 'function' &&
    typeof (value as DurableObjectNamespaceLike).get === 'function'
  );
}
