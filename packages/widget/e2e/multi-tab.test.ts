import { describe, expect, it } from 'vitest';
import { nextConversationId, shownMessages, useServersAndBrowser } from './harness.ts';
import { openWidget, recordMessagePosts, sendMessage } from './page-helpers.ts';

describe('several tabs of one site in real Chromium', () => {
  const e2e = useServersAndBrowser();

  it('show one conversation, and only the leader tab sends the shared outbox; another takes over when it closes', async () => {
    const context = await e2e.browser.newContext();
    const first = await context.newPage();
    const firstPosts = recordMessagePosts(first);
    await first.goto(e2e.servers.site.url);
    await openWidget(first);
    const conversation = nextConversationId(first);
    await sendMessage(first, 'How long do I have to return an item?');
    const conversationId = await conversation;
    await expect.poll(async () => (await shownMessages(first, 'assistant')).length, { timeout: 10_000 }).toBe(1);

    const second = await context.newPage();
    const secondPosts = recordMessagePosts(second);
    const created: string[] = [];
    second.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/v1/conversations')) created.push(request.url());
    });
    await second.goto(e2e.servers.site.url);
    await openWidget(second);
    // The second tab joins the same conversation instead of starting one.
    await expect.poll(() => shownMessages(second)).toEqual(await shownMessages(first));
    expect(await shownMessages(second, 'assistant')).toEqual(await shownMessages(first, 'assistant'));

    await e2e.servers.proxy.stop();
    await sendMessage(second, 'Written in the second tab');
    await sendMessage(first, 'Written in the first tab');
    // Each tab shows what the other queued, before the relay has seen any of it.
    for (const page of [first, second]) {
      await expect.poll(async () => (await shownMessages(page)).filter((m) => m.status === 'sending').length).toBe(2);
    }

    await e2e.servers.proxy.start();
    for (const page of [first, second]) {
      await expect
        .poll(async () => (await shownMessages(page)).map((m) => m.status), { timeout: 15_000 })
        .toEqual(['sent', 'sent', 'sent']);
    }
    const stored = await e2e.servers.storedVisitorMessages(conversationId);
    expect(stored.map((m) => m.text).sort()).toEqual(
      ['How long do I have to return an item?', 'Written in the first tab', 'Written in the second tab'].sort(),
    );
    // The first tab leads: it sent everything, the second never posted a message itself.
    expect(secondPosts).toEqual([]);
    expect(firstPosts.length).toBeGreaterThanOrEqual(3);
    expect(created).toEqual([]);

    // The leader closes: the second tab takes the lock and sends from now on.
    await first.close();
    await sendMessage(second, 'After the first tab closed');
    await expect
      .poll(async () => (await shownMessages(second)).map((m) => m.status), { timeout: 10_000 })
      .toEqual(['sent', 'sent', 'sent', 'sent']);
    // The new message went out from this tab, and the relay holds each message once. (A message the closing leader
    // had in flight may be posted again by the new leader under its own clientMessageId; the relay stores it once.
    // That extra post is a known race of the lock handover, left for a later fix.)
    expect(secondPosts.length).toBeGreaterThanOrEqual(1);
    expect((await e2e.servers.storedVisitorMessages(conversationId)).map((message) => message.text).sort()).toEqual(
      [
        'After the first tab closed',
        'How long do I have to return an item?',
        'Written in the first tab',
        'Written in the second tab',
      ].sort(),
    );
    await context.close();
  }, 30_000);
});
