import { type Browser, launchChromium } from '@tandem/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eServers, nextConversationId, shownMessages, startServers } from './harness.ts';

type Page = Awaited<ReturnType<Browser['newPage']>>;
type TandemWindow = { Tandem: (command: string, ...args: unknown[]) => unknown; seen: unknown[][] };

/** Runs `Tandem(command, ...args)` in the page. */
function tandem(page: Page, command: string, ...args: unknown[]) {
  return page.evaluate(
    ([name, values]) => (window as unknown as TandemWindow).Tandem(name as string, ...(values as unknown[])),
    [command, args] as const,
  );
}

function storedKeys(page: Page) {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve) => {
        const request = indexedDB.open('tandem');
        request.onsuccess = () => {
          const keys = request.result.transaction('keyval').objectStore('keyval').getAllKeys();
          keys.onsuccess = () => resolve((keys.result as string[]).filter((key) => !key.endsWith(':outbox')));
        };
      }),
  );
}

describe('the JavaScript API in real Chromium', { timeout: 30_000 }, () => {
  let servers: E2eServers;
  let browser: Browser;

  beforeAll(async () => {
    servers = await startServers();
    browser = await launchChromium();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await servers?.close();
  });

  it('boots from code, announces events, controls the launcher, and shutdown forgets everything', async () => {
    const page = await browser.newPage();
    await page.goto(`${servers.site.url}/bare`);
    await page.evaluate((relayUrl) => {
      const win = window as unknown as TandemWindow;
      win.seen = [];
      for (const event of ['ready', 'open', 'close', 'message', 'unread-count', 'handoff']) {
        win.Tandem('on', event, (payload: unknown) => win.seen.push([event, payload]));
      }
      win.Tandem('boot', { relayUrl, siteId: 'shop', position: 'sideways' });
    }, servers.proxy.url);
    // The widget loads when the visitor shows intent: here, the pointer over the placeholder launcher.
    await page.locator('tandem-launcher button').hover();
    const seen = () => page.evaluate(() => (window as unknown as TandemWindow).seen);
    await expect.poll(async () => (await seen()).map(([event]) => event), { timeout: 10_000 }).toContain('ready');

    // An answer that arrives while the panel is closed counts as unread.
    const conversation = nextConversationId(page);
    await tandem(page, 'sendMessage', 'How long do I have to return an item?');
    const conversationId = await conversation;
    await expect
      .poll(async () => (await seen()).filter(([event]) => event === 'unread-count'))
      .toEqual([['unread-count', 1]]);
    const messages = (await seen()).filter(([event]) => event === 'message').map(([, message]) => message);
    expect(messages).toMatchObject([
      { role: 'visitor', text: 'How long do I have to return an item?', status: 'sent' },
      { role: 'assistant', status: 'complete' },
    ]);

    await tandem(page, 'open');
    await tandem(page, 'close');
    await expect
      .poll(async () =>
        (await seen()).map(([event, payload]) => (event === 'unread-count' ? `${event}:${payload}` : event)),
      )
      .toEqual(['ready', 'message', 'unread-count:1', 'message', 'open', 'unread-count:0', 'close']);

    // A person is asked for from the relay side (the escalation policy, say): the page hears of it.
    await servers.relay.conversations.requestHandoff(conversationId, {
      reasons: ['visitor_request'],
      priority: 'normal',
      source: 'policy',
    });
    await expect
      .poll(async () => (await seen()).filter(([event]) => event === 'handoff'))
      .toEqual([['handoff', expect.objectContaining({ status: 'requested' })]]);

    const launcher = page.locator('tandem-chat [part~="launcher"]');
    await tandem(page, 'hideLauncher');
    await expect.poll(() => launcher.isVisible()).toBe(false);
    await tandem(page, 'showLauncher');
    await expect.poll(() => launcher.isVisible()).toBe(true);

    // A command that does not exist is reported, not thrown into the page.
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    expect(await tandem(page, 'explode')).toBeUndefined();
    await expect.poll(() => errors).toEqual(['[tandem] "explode" is not a Tandem command.']);

    expect((await storedKeys(page)).length).toBe(2);
    await tandem(page, 'shutdown');
    await expect.poll(() => page.locator('tandem-chat').count()).toBe(0);
    await expect.poll(() => storedKeys(page)).toEqual([]);
    expect((await shownMessages(page)).length).toBe(0);
    await page.close();
  });

  it('logs one error naming a bad option and still starts with the default', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`${servers.site.url}/bare`);
    await tandem(page, 'boot', { relayUrl: servers.proxy.url, position: 'middle', theme: { primaryColor: 'nope' } });
    await page.locator('tandem-launcher button').hover();
    await expect.poll(() => page.locator('tandem-chat [part~="launcher"]').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(errors).toEqual([
      '[tandem] option "position" must be "left" or "right", not "middle"; using the default.',
      '[tandem] option "theme.primaryColor" must be a CSS colour, not "nope"; using the default.',
    ]);
    await page.close();
  });
});
