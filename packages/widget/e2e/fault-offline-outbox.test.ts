import { createOfflineAssistant, createRelay, type Relay } from '@tandem/relay';
import { type RunningServer, serveApp } from '@tandem/relay/node';
import { createRedisStore, type RedisStore } from '@tandem/relay/store/redis';
import { type Browser, launchChromium, type RedisServer, startRedisServer } from '@tandem/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextConversationId, shownMessages, startSite } from './harness.ts';
import { openWidget, recordMessagePosts, sendMessage } from './page-helpers.ts';
import { type RoutingProxy, startRoutingProxy } from './routing-proxy.ts';

const OFFLINE_MESSAGES = 20;
const OFFLINE_MS = 4_000;

let redis: RedisServer;
let browser: Browser;
const stores: RedisStore[] = [];
const servers: RunningServer[] = [];
let proxy: RoutingProxy;
let site: { url: string; close(): Promise<void> };
let relays: Relay[];

beforeAll(async () => {
  redis = await startRedisServer();
  const secret = crypto.randomUUID() + crypto.randomUUID();
  relays = [0, 1].map(() => {
    const store = createRedisStore({ url: redis.url, prefix: 'offline:' });
    stores.push(store);
    return createRelay({
      secret,
      store,
      assistant: createOfflineAssistant({
        knowledge: [{ id: 'returns', markdown: '## Return window\nYou have 30 days to return an item.' }],
      }),
      allowedOrigins: '*',
      logLevel: 'warn',
      loadShedding: false,
      reconnectDelayMs: 200,
      // One visitor sends more than the default 20 a minute here, on purpose.
      conversationRateLimit: { limit: 1_000, windowSeconds: 60 },
    });
  });
  for (const relay of relays) servers.push(await serveApp({ app: relay }));
  // The stream on instance A, the posts on instance B, behind one relay URL.
  proxy = await startRoutingProxy({
    events: [servers[0]?.url ?? '', servers[1]?.url ?? ''],
    requests: [servers[1]?.url ?? '', servers[0]?.url ?? ''],
  });
  site = await startSite(proxy.url);
  browser = await launchChromium();
}, 30_000);
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await proxy?.close();
  await Promise.all(servers.map((server) => server.close()));
  await Promise.all(stores.map((store) => store.close()));
  await redis?.dispose();
});

describe('fault suite: the widget offline for a while, in real Chromium, against two instances on one Redis', () => {
  it(`delivers every one of ${OFFLINE_MESSAGES} messages written offline exactly once, in order`, {
    timeout: 90_000,
  }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const posts = recordMessagePosts(page);
    await page.goto(site.url);
    await openWidget(page);
    const conversation = nextConversationId(page);
    await sendMessage(page, 'Hello before the tunnel');
    const conversationId = await conversation;
    await expect.poll(async () => (await shownMessages(page)).map((message) => message.status)).toEqual(['sent']);

    await context.setOffline(true);
    const texts = Array.from({ length: OFFLINE_MESSAGES }, (_, index) => `Written offline, number ${index + 1}`);
    for (const text of texts) {
      await sendMessage(page, text);
      await page.waitForTimeout(OFFLINE_MS / OFFLINE_MESSAGES);
    }
    const whileOffline = (await shownMessages(page)).map((message) => message.status);
    expect(whileOffline.filter((status) => status === 'sent')).toHaveLength(1);
    await context.setOffline(false);

    await expect
      .poll(async () => (await shownMessages(page)).map((message) => message.status), { timeout: 30_000 })
      .toEqual(Array(OFFLINE_MESSAGES + 1).fill('sent'));
    const stored = (await relays[0]?.conversations.store.readEvents(conversationId, 0))?.flatMap((event) =>
      event.type === 'message' && event.message.role === 'visitor' ? [event.message] : [],
    );
    const storedTexts = stored?.map((message) => message.text) ?? [];
    const delivered = texts.filter((text) => storedTexts.includes(text)).length;
    const duplicated = storedTexts.length - new Set(storedTexts).size;
    console.log(
      `fault suite: widget offline ${OFFLINE_MS / 1000} s (Chromium, outbox in IndexedDB): ${delivered} of ${OFFLINE_MESSAGES} messages delivered, ${duplicated} duplicated, ${posts.length} message posts in all (${new Set(posts.map((post) => post.clientMessageId)).size} client message ids)`,
    );
    expect(storedTexts).toEqual(['Hello before the tunnel', ...texts]);
    expect(delivered).toBe(OFFLINE_MESSAGES);
    expect(duplicated).toBe(0);
    // The transcript shows each message once, in order.
    const shown = await shownMessages(page);
    expect(shown.map((message) => message.text.includes('Hello before the tunnel'))).toEqual([
      true,
      ...Array(OFFLINE_MESSAGES).fill(false),
    ]);
    for (const [index, text] of texts.entries()) expect(shown[index + 1]?.text).toContain(text);
    await context.close();
  });
});
