import { describe, expect, it } from 'vitest';
import { nextConversationId, shownMessages, useServersAndBrowser } from './harness.ts';
import { openWidget, sendMessage } from './page-helpers.ts';

describe('a reload in real Chromium', () => {
  const e2e = useServersAndBrowser();

  it('keeps the transcript and the conversation, and resumes the stream after the last event seen', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(e2e.servers.site.url);
    await openWidget(page);
    const conversation = nextConversationId(page);
    await sendMessage(page, 'How long do I have to return an item?');
    const conversationId = await conversation;
    await expect
      .poll(async () => (await shownMessages(page, 'assistant')).map((m) => m.status), { timeout: 10_000 })
      .toEqual(['complete']);
    const before = [...(await shownMessages(page, 'visitor')), ...(await shownMessages(page, 'assistant'))];

    const requestsAfterReload: { method: string; url: string; lastEventId: string | undefined }[] = [];
    page.on('request', (request) =>
      requestsAfterReload.push({
        method: request.method(),
        url: request.url(),
        lastEventId: request.headers()['last-event-id'],
      }),
    );
    await page.reload();
    await openWidget(page);
    await expect
      .poll(async () => [...(await shownMessages(page, 'visitor')), ...(await shownMessages(page, 'assistant'))])
      .toEqual(before);

    // Same conversation, no new one; the stream resumes after the last stored event instead of replaying it all.
    expect(requestsAfterReload.filter((r) => r.url.endsWith('/v1/conversations'))).toEqual([]);
    const events = await e2e.servers.events(conversationId);
    const isStream = (r: (typeof requestsAfterReload)[number]) =>
      r.method === 'GET' && r.url.includes(`/${conversationId}/events`);
    await expect.poll(() => requestsAfterReload.find(isStream)).toBeDefined();
    const stream = requestsAfterReload.find(isStream);
    expect(Number(stream?.lastEventId)).toBe(events.at(-1)?.id);
    await page.close();
  }, 30_000);
});
