import { type Browser, launchChromium } from '@tandem/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eServers, nextConversationId, shownMessages, startServers } from './harness.ts';
import { openWidget, sendMessage } from './page-helpers.ts';

describe('the event stream in real Chromium', { timeout: 30_000 }, () => {
  let servers: E2eServers;
  let browser: Browser;

  beforeAll(async () => {
    // Slow words, so the answer is still streaming when the connection is cut.
    servers = await startServers({ wordDelayMs: 25 });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await servers?.close();
  });

  it('resumes after drops in the middle of a streamed answer with no word shown twice or missed', async () => {
    const page = await browser.newPage();
    const resumedFrom: number[] = [];
    page.on('request', (request) => {
      const lastEventId = request.headers()['last-event-id'];
      if (request.method() === 'GET' && request.url().endsWith('/events') && lastEventId) {
        resumedFrom.push(Number(lastEventId));
      }
    });
    await page.goto(servers.site.url);
    await openWidget(page);
    const conversation = nextConversationId(page);
    await sendMessage(page, 'How long do I have to return an item?');
    const conversationId = await conversation;

    // Cut every connection three times while the answer streams in, noting what was shown meanwhile.
    const samples: string[] = [];
    for (let drop = 0; drop < 3; drop++) {
      await expect
        .poll(
          async () => {
            const text = (await shownMessages(page, 'assistant'))[0]?.text ?? '';
            samples.push(text);
            return text.length;
          },
          { interval: 20 },
        )
        .toBeGreaterThan(drop * 40);
      servers.proxy.cut();
      // The next cut waits for the widget to be back: two cuts while it is away would be one drop for it.
      await expect.poll(() => resumedFrom.length, { timeout: 10_000 }).toBeGreaterThan(drop);
    }
    await expect
      .poll(async () => (await shownMessages(page, 'assistant')).map((m) => m.status), { timeout: 15_000 })
      .toEqual(['complete']);

    const events = await servers.events(conversationId);
    const answer = events.flatMap((event) =>
      event.type === 'message' && event.message.role === 'assistant' ? [event.message] : [],
    );
    expect(answer).toHaveLength(1);
    const [shown] = await shownMessages(page, 'assistant');
    expect(shown?.text).toContain(answer[0]?.text.slice(0, 80));
    expect(shown?.text).toContain(answer[0]?.text.slice(-40));
    // While streaming, the opening words never appeared twice (a replayed delta would repeat them).
    const opening = answer[0]?.text.slice(0, 25) ?? '';
    for (const sample of samples) expect(sample.split(opening).length - 1).toBeLessThanOrEqual(1);
    // Every reconnect asked for what came after the last event it had.
    expect(resumedFrom.length).toBeGreaterThanOrEqual(3);
    expect(resumedFrom).toEqual([...resumedFrom].sort((a, b) => a - b));
    expect(await shownMessages(page)).toHaveLength(1);
    await page.close();
  });
});
