/**
 * `@tandem/relay/store/redis`: the store for several relay instances sharing one Redis (ioredis, Node only).
 * On its own subpath so that edge builds never see it.
 */
export { createRedisStore, type RedisStore, type RedisStoreOptions } from './redis-store.ts';
