import { type Browser, launchChromium } from '@tandem/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eServers, nextConversationId, shownMessages, startServers } from './harness.ts';
import { openWidget, sendMessage } from './page-helpers.ts';

describe('a reload in real Chromium', () => {
  let servers: E2eServers;
  let browser: Browser;

  beforeAll(async () => {
    servers = await startServers();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await servers?.close();
  }, 30_000);

  it('keeps the transcript and the conversation, and resumes the stream after the last event seen', async () => {
    const page = await browser.newPage();
    await page.goto(servers.site.url);
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
    const events = await servers.events(conversationId);
    const isStream = (r: (typeof requestsAfterReload)[number]) =>
      r.method === 'GET' && r.url.includes(`/${conversationId}/events`);
    await expect.poll(() => requestsAfterReload.find(isStream)).toBeDefined();
    const stream = requestsAfterReload.find(isStream);
    expect(Number(stream?.lastEventId)).toBe(events.at(-1)?.id);
    await page.close();
  }, 30_000);
});
