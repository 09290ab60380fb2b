import { testStore } from '@tandem/relay/test';
import { type RedisServer, startRedisServer } from '@tandem/test-utils';
import { afterAll, beforeAll } from 'vitest';
import { createRedisStore } from './redis-store.ts';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis.dispose());

let stores = 0;
testStore({
  name: 'redis',
  createStore: async () => {
    const store = createRedisStore({ url: redis.url, prefix: `test-${stores++}:` });
    await store.ready();
    return store;
  },
});
