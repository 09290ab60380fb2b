import { describe, expect, it } from 'vitest';
import { nextConversationId, shownMessages, useServersAndBrowser } from './harness.ts';

type Queued = { Tandem: ((...args: unknown[]) => unknown) & { q?: unknown[][]; loaded?: boolean } };

describe('the loader in real Chromium', { timeout: 30_000 }, () => {
  const e2e = useServersAndBrowser();

  it('queues commands made before the bundle arrives and replays them in order once it does', async () => {
    const page = await e2e.browser.newPage();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/tandem.js', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${e2e.servers.site.url}/loader`);

    // The page finished loading while the bundle is still held back: nothing waits for the widget.
    expect(await page.evaluate(() => document.readyState)).toBe('complete');
    await page.evaluate(() => {
      const { Tandem } = window as unknown as Queued;
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      Tandem('on', 'ready', () => seen.push('ready'));
      Tandem('on', 'open', () => seen.push('open'));
      Tandem('on', 'message', (message: { role: string; text: string }) =>
        seen.push(`${message.role}: ${message.text}`),
      );
      Tandem('open');
      Tandem('sendMessage', 'How long do I have to return an item?');
    });
    expect(await page.evaluate(() => (window as unknown as Queued).Tandem.q?.map((item) => item[0]))).toEqual([
      'on',
      'on',
      'on',
      'open',
      'sendMessage',
    ]);
    // Only the placeholder launcher so far.
    expect(await page.locator('tandem-chat').count()).toBe(0);
    expect(await page.locator('tandem-launcher').count()).toBe(1);

    const conversation = nextConversationId(page);
    release();
    const conversationId = await conversation;
    await expect
      .poll(async () => (await shownMessages(page)).map((m) => m.status), { timeout: 10_000 })
      .toEqual(['sent']);
    expect(await page.locator('tandem-launcher').count()).toBe(0);
    expect(await page.locator('tandem-chat [part~="panel"]').isVisible()).toBe(true);
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { seen: string[] }).seen))
      .toEqual(expect.arrayContaining(['open', 'ready', 'visitor: How long do I have to return an item?']));
    expect((await e2e.servers.storedVisitorMessages(conversationId)).map((m) => m.text)).toEqual([
      'How long do I have to return an item?',
    ]);
    await page.close();
  });

  it('fetches nothing more until the visitor shows intent: a pointer over the launcher loads the widget', async () => {
    const page = await e2e.browser.newPage();
    const fetched: string[] = [];
    page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    await page.goto(`${e2e.servers.site.url}/loader`);
    await page.locator('tandem-launcher button').waitFor();
    await page.waitForTimeout(500);
    expect(fetched).toEqual(['/loader', '/loader.js']);
    await page.locator('tandem-launcher button').hover();
    await expect.poll(() => page.locator('tandem-chat').count(), { timeout: 10_000 }).toBe(1);
    expect(fetched).toContain('/tandem.js');
    await page.close();
  });

  it('loads the bundle once the page is idle when the merchant asks for data-prefetch="idle"', async () => {
    const page = await e2e.browser.newPage();
    const order: string[] = [];
    page.on('load', () => order.push('load'));
    page.on('request', (request) => {
      if (request.url().endsWith('/tandem.js')) order.push('bundle');
    });
    await page.goto(`${e2e.servers.site.url}/loader-idle`);
    await expect.poll(() => page.locator('tandem-chat').count(), { timeout: 10_000 }).toBe(1);
    expect(order).toEqual(['load', 'bundle']);
    await page.close();
  });

  it('loads at once and opens when the visitor clicks the placeholder launcher', async () => {
    const page = await e2e.browser.newPage();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let bundleRequested = false;
    await page.route('**/tandem.js', async (route) => {
      bundleRequested = true;
      await held;
      await route.continue();
    });
    await page.goto(`${e2e.servers.site.url}/loader`);
    await page.waitForTimeout(300);
    expect(bundleRequested).toBe(false);
    // A keyboard press: focus is intent too, and Enter opens.
    await page.locator('tandem-launcher button').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => bundleRequested).toBe(true);
    release();
    await expect.poll(() => page.locator('tandem-chat [part~="panel"]').isVisible(), { timeout: 10_000 }).toBe(true);
    await page.close();
  });

  it('runs under a strict Content-Security-Policy with nonces only, passing its nonce to the bundle', async () => {
    const page = await e2e.browser.newPage();
    await page.addInitScript(() => {
      const violations: string[] = [];
      (window as unknown as { violations: string[] }).violations = violations;
      document.addEventListener('securitypolicyviolation', (event) =>
        violations.push(`${event.violatedDirective} ${event.blockedURI}`),
      );
    });
    await page.goto(`${e2e.servers.site.url}/strict`);
    const conversation = nextConversationId(page);
    await page.evaluate(() => {
      const { Tandem } = window as unknown as Queued;
      Tandem('open');
      Tandem('sendMessage', 'How long do I have to return an item?');
    });
    await conversation;
    await expect
      .poll(async () => (await shownMessages(page, 'assistant')).map((m) => m.status), { timeout: 10_000 })
      .toEqual(['complete']);
    expect(await page.locator('tandem-chat [part~="panel"]').isVisible()).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
    await page.close();
  });
});
