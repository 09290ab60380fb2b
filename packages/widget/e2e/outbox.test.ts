import { describe, expect, it } from 'vitest';
import { nextConversationId, shownMessages, useServersAndBrowser } from './harness.ts';
import { openWidget, recordMessagePosts, sendMessage } from './page-helpers.ts';

describe('the offline outbox in real Chromium', () => {
  const e2e = useServersAndBrowser();

  it('keeps messages typed while the relay is down, across a reload, and sends each exactly once when it returns', async () => {
    const page = await e2e.browser.newPage();
    const posts = recordMessagePosts(page);
    await page.goto(e2e.servers.site.url);
    await openWidget(page);
    const conversation = nextConversationId(page);
    await sendMessage(page, 'How long do I have to return an item?');
    const conversationId = await conversation;
    await expect.poll(async () => (await shownMessages(page, 'assistant')).length, { timeout: 10_000 }).toBe(1);

    await e2e.servers.proxy.stop();
    await sendMessage(page, 'Typed while the relay was down');
    await sendMessage(page, 'And a second one');
    await expect
      .poll(async () => (await shownMessages(page)).map((m) => m.status))
      .toEqual(['sent', 'sending', 'sending']);

    // A reload while the relay is still away: the outbox comes back from IndexedDB.
    await page.reload();
    await openWidget(page);
    await expect
      .poll(async () => (await shownMessages(page)).map((m) => m.status))
      .toEqual(['sent', 'sending', 'sending']);

    await e2e.servers.proxy.start();
    await expect
      .poll(async () => (await shownMessages(page)).map((m) => m.status), { timeout: 15_000 })
      .toEqual(['sent', 'sent', 'sent']);
    const stored = await e2e.servers.storedVisitorMessages(conversationId);
    expect(stored.map((m) => m.text)).toEqual([
      'How long do I have to return an item?',
      'Typed while the relay was down',
      'And a second one',
    ]);
    // However many attempts it took, each message kept one clientMessageId.
    expect(new Set(posts.map((post) => post.clientMessageId)).size).toBe(3);
    expect(new Set(stored.map((m) => m.clientMessageId)).size).toBe(3);
    await page.close();
  }, 30_000);

  it('sends at once when the browser comes back online', async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    await page.goto(e2e.servers.site.url);
    await openWidget(page);
    const conversation = nextConversationId(page);
    await sendMessage(page, 'Hello there');
    const conversationId = await conversation;
    await expect.poll(async () => (await shownMessages(page)).map((m) => m.status)).toEqual(['sent']);

    await context.setOffline(true);
    await sendMessage(page, 'Written on the train');
    await expect.poll(async () => (await shownMessages(page)).map((m) => m.status)).toEqual(['sent', 'sending']);
    await context.setOffline(false);
    await expect
      .poll(async () => (await shownMessages(page)).map((m) => m.status), { timeout: 5_000 })
      .toEqual(['sent', 'sent']);
    expect((await e2e.servers.storedVisitorMessages(conversationId)).map((m) => m.text)).toEqual([
      'Hello there',
      'Written on the train',
    ]);
    await context.close();
  }, 30_000);
});
