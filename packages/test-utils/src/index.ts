export type { Browser, BrowserContext, Page } from 'playwright-core';
export { CHROMIUM_PATH, launchChromium } from './chromium.ts';
export { REDIS_SERVER_PATH, type RedisServer, type RedisServerOptions, startRedisServer } from './redis-server.ts';
