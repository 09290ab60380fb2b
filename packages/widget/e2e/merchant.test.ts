import { createOfflineAssistant, createRelay } from '@tandem/relay';
import { type RunningServer, serveApp } from '@tandem/relay/node';
import { type Browser, launchChromium, type Page } from '@tandem/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  conversationIdOf,
  hostPage,
  shadowStyle,
  startWidgetSite,
  type WidgetSite,
  waitForWidget,
} from './widget-site.ts';

/**
 * The widget as a merchant ships it, in real Chromium: their words and register, their brand kept readable, and the
 * slips a merchant found on their own pages, each pinned by a test.
 */
describe('the widget a merchant ships', { timeout: 40_000 }, () => {
  let site: WidgetSite;
  let browser: Browser;
  beforeAll(async () => {
    site = await startWidgetSite();
    browser = await launchChromium();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  const open = async (path: string, html: string, viewport = { width: 1000, height: 760 }) => {
    site.setPage(path, { html });
    const page = await browser.newPage({ viewport });
    await page.goto(`${site.url}${path}`);
    await waitForWidget(page);
    return page;
  };
  const launcherBox = (page: Page) => page.locator('tandem-chat .launcher').boundingBox();
  const startChat = async (page: Page, text: string) => {
    await page.locator('tandem-chat .launcher').click();
    const conversation = conversationIdOf(page);
    const composer = page.locator('tandem-chat textarea');
    await composer.fill(text);
    await composer.press('Enter');
    const conversationId = await conversation;
    await page.locator('tandem-chat .message.assistant[data-status="complete"]').first().waitFor();
    return conversationId;
  };
  const notice = (conversationId: string, code: string, text: string) =>
    site.relay.conversations.store.appendEvent(conversationId, {
      type: 'message',
      message: { id: crypto.randomUUID(), role: 'system', text, notice: { code }, createdAt: new Date().toISOString() },
    });

  it("words the relay's notices in the widget's own register, with the merchant's strings, and the relay's text for a code it does not know", async () => {
    const strings = JSON.stringify({ de: { title: 'Hilfe von Fernwood' } });
    const page = await open('/formal', hostPage(site.url, { locale: 'de', register: 'formal', strings }));
    const conversationId = await startChat(page, 'Wie lange habe ich für eine Rücksendung?');
    expect(await page.locator('tandem-chat h2').textContent()).toBe('Hilfe von Fernwood');
    await notice(conversationId, 'nobody_available', 'Hinterlasse deine E-Mail (the relay, informal)');
    await notice(conversationId, 'a_code_from_a_newer_relay', 'Eine Nachricht des Relays.');
    const notices = page.locator('tandem-chat .message.system');
    await expect.poll(() => notices.count()).toBe(2);
    expect(await notices.nth(0).textContent()).toMatch(/Hinterlassen Sie Ihre E-Mail-Adresse/);
    expect(await notices.nth(1).textContent()).toBe('Eine Nachricht des Relays.');
    // One register on the screen: the banner and the composer speak "Sie" too.
    expect(await page.locator('tandem-chat textarea').getAttribute('aria-label')).toBe('Ihre Nachricht');
    await page.close();
  });

  it("shows the assistant's name and avatar, the team, the reply-time promise and, with nobody there, the opening hours", async () => {
    const avatar = 'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg"/%3E';
    const page = await open(
      '/voice',
      hostPage(site.url, {
        'assistant-name': 'Fern',
        'assistant-avatar': avatar,
        'team-avatars': `${avatar},${avatar}`,
        'reply-time': 'hours',
        'opening-hours': 'Mon–Fri 9:00–17:00 CET',
      }),
    );
    const conversationId = await startChat(page, 'How long do I have to return an item?');
    expect(await page.locator('tandem-chat .message.assistant .author').first().textContent()).toBe('Fern');
    expect(await page.locator('tandem-chat .message.assistant .avatar img').count()).toBeGreaterThan(0);
    expect(await page.locator('tandem-chat .team img').count()).toBe(2);
    expect(await page.locator('tandem-chat [part="reply-time"]').textContent()).toBe(
      'We usually reply within a few hours.',
    );
    await page.getByRole('button', { name: 'Talk to a person' }).click();
    await expect
      .poll(async () => (await site.relay.conversations.store.getConversation(conversationId))?.mode)
      .toBe('waiting');
    await site.relay.conversations.markHandoffUnavailable(conversationId, 'outside opening hours');
    await expect
      .poll(() => page.locator('tandem-chat [part~="opening-hours"]').textContent())
      .toBe('Opening hours: Mon–Fri 9:00–17:00 CET');
    // The "nobody available" form is one line: the transcript keeps its room.
    const banner = await page.locator('tandem-chat .banner').boundingBox();
    const log = await page.locator('tandem-chat .log').boundingBox();
    expect(banner?.height).toBeLessThanOrEqual(130);
    expect(log?.height).toBeGreaterThanOrEqual(300);
    await page.close();
  });

  it('keeps the launcher in its corner when the panel opens in a right-to-left language', async () => {
    const page = await open('/rtl', hostPage(site.url, { locale: 'ar' }, { lang: 'ar' }));
    const closed = await launcherBox(page);
    await page.locator('tandem-chat .launcher').click();
    await page.locator('tandem-chat textarea').waitFor();
    expect(await launcherBox(page)).toEqual(closed);
    expect(await page.locator('tandem-chat .panel').getAttribute('dir')).toBe('rtl');
    await page.close();
  });

  it('picks readable text on the brand colour, warns once about an explicit pair that is not, and follows the brand with the focus ring', async () => {
    const warnings: string[] = [];
    const yellow = await open('/yellow', hostPage(site.url, { 'primary-color': '#facc15' }));
    expect(await shadowStyle(yellow, '.launcher', 'color')).toBe('rgb(17, 24, 39)');
    await yellow.close();

    site.setPage('/pair', { html: hostPage(site.url, { 'primary-color': '#facc15', 'on-primary-color': '#ffffff' }) });
    const pair = await browser.newPage();
    pair.on('console', (message) => {
      if (message.text().startsWith('[tandem]')) warnings.push(message.text());
    });
    await pair.goto(`${site.url}/pair`);
    await waitForWidget(pair);
    expect(warnings).toEqual([expect.stringMatching(/#ffffff on primary colour #facc15 has a contrast of 1\.\d+:1/)]);
    await pair.close();

    const teal = await open('/teal', hostPage(site.url, { 'primary-color': '#0f766e' }));
    // A mouse opening puts the caret in the text box without a ring around it.
    await teal.locator('tandem-chat .launcher').click();
    const textarea = teal.locator('tandem-chat textarea');
    await textarea.waitFor();
    await expect.poll(() => textarea.evaluate((element) => element.matches(':focus'))).toBe(true);
    expect(await textarea.evaluate((element) => getComputedStyle(element).outlineStyle)).toBe('none');
    // The keyboard brings the ring back, in the brand colour.
    await teal.keyboard.press('Tab');
    const ring = await teal.evaluate(() => {
      const active = document.querySelector('tandem-chat')?.shadowRoot?.activeElement;
      return active ? getComputedStyle(active).outline : 'nothing focused';
    });
    expect(ring).toBe('rgb(15, 118, 110) solid 3px');
    await teal.close();
  });

  it('has a 16 px text box on a phone, so iOS does not zoom, and moves the launcher at run time', async () => {
    const phone = await open('/phone', hostPage(site.url), { width: 375, height: 667 });
    await phone.locator('tandem-chat .launcher').click();
    await phone.locator('tandem-chat textarea').waitFor();
    expect(await shadowStyle(phone, 'textarea', 'font-size')).toBe('16px');
    await phone.close();

    const page = await open('/offset', hostPage(site.url, { 'offset-y': '40' }));
    expect(760 - ((await launcherBox(page))?.y ?? 0) - 56).toBe(40);
    await page.evaluate(() =>
      (window as unknown as { Tandem(...args: unknown[]): void }).Tandem('setLauncherOffset', { y: 120 }),
    );
    await expect.poll(async () => 760 - ((await launcherBox(page))?.y ?? 0) - 56).toBe(120);
    await page.close();
  });

  it('keeps the "New messages" button below the transcript, never over the notice it announces', async () => {
    const page = await open('/pill', hostPage(site.url), { width: 1000, height: 600 });
    const conversationId = await startChat(page, 'How long do I have to return an item?');
    for (let index = 0; index < 12; index++) {
      await site.relay.conversations.appendAgentMessage(conversationId, {
        author: { name: 'Maya' },
        text: `Line ${index} of a long reply.`,
        externalId: `pill-${index}`,
      });
    }
    await expect.poll(() => page.locator('tandem-chat .message.agent').count()).toBe(12);
    await page.locator('tandem-chat .log').evaluate((log) => {
      log.scrollTop = 0;
    });
    await notice(conversationId, 'answer_failed', 'Sorry.');
    const jump = page.locator('tandem-chat .jump');
    await jump.waitFor();
    // The transcript ends where the button begins: whatever the log shows, a notice included, stays uncovered.
    const pill = await jump.boundingBox();
    const log = await page.locator('tandem-chat .log').boundingBox();
    expect((log?.y ?? 0) + (log?.height ?? 0)).toBeLessThanOrEqual((pill?.y ?? 0) + 0.5);
    await jump.click();
    await jump.waitFor({ state: 'detached' });
    const lastNotice = await page.locator('tandem-chat .message.system').last().boundingBox();
    const after = await page.locator('tandem-chat .log').boundingBox();
    expect((lastNotice?.y ?? 0) + (lastNotice?.height ?? 0)).toBeLessThanOrEqual(
      (after?.y ?? 0) + (after?.height ?? 0),
    );
    await page.close();
  });
});

describe("a relay that refuses the page's origin", { timeout: 40_000 }, () => {
  let site: WidgetSite;
  let refusing: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    site = await startWidgetSite();
    const relay = createRelay({
      secret: crypto.randomUUID() + crypto.randomUUID(),
      assistant: createOfflineAssistant({ knowledge: [] }),
      allowedOrigins: ['https://shop.example.com'],
      logLevel: 'warn',
    });
    refusing = await serveApp({ app: relay });
    browser = await launchChromium();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await refusing?.close();
    await site?.close();
  });

  it('shows the message as not sent and logs one [tandem] line naming the origin to add', async () => {
    site.setPage('/', { html: hostPage(refusing.url) });
    const page = await browser.newPage();
    const logged: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('[tandem]')) logged.push(message.text());
    });
    await page.goto(site.url);
    await waitForWidget(page);
    await page.locator('tandem-chat .launcher').click();
    const composer = page.locator('tandem-chat textarea');
    await composer.fill('Hello?');
    await composer.press('Enter');
    const message = page.locator('tandem-chat .message.visitor');
    await expect.poll(() => message.getAttribute('data-status'), { timeout: 15_000 }).toBe('failed');
    expect(await message.textContent()).toContain('Not sent.');
    expect(logged).toEqual([expect.stringContaining(`add "${site.url}" to its allowedOrigins`)]);
    await page.close();
  });
});

describe("the loader's placeholder launcher", { timeout: 40_000 }, () => {
  let site: WidgetSite;
  let browser: Browser;
  beforeAll(async () => {
    site = await startWidgetSite();
    browser = await launchChromium();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  const loaderPage = (attributes: string, inline = '') =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head><body><h1>Shop</h1>
<script>window.Tandem=window.Tandem||((...a)=>{(Tandem.q=Tandem.q||[]).push(a);return()=>Tandem('off',a[1],a[2])});${inline}</script>
<script async src="/loader.js" ${attributes}></script></body></html>`;
  const look = (page: Page, selector: string) =>
    page.evaluate((selector) => {
      const [host, inner] = selector.split(' ');
      const element = document.querySelector(host ?? '')?.shadowRoot?.querySelector(inner ?? '');
      if (!element) return undefined;
      const style = getComputedStyle(element);
      const box = element.getBoundingClientRect();
      return {
        box: [box.x, box.y, box.width, box.height],
        background: style.backgroundColor,
        color: style.color,
        radius: style.borderRadius,
        shadow: style.boxShadow,
        icon: element.querySelector('path')?.getAttribute('d'),
      };
    }, selector);

  for (const scheme of ['light', 'dark'] as const) {
    it(`looks exactly like the real launcher (${scheme} system setting)`, async () => {
      site.setPage('/loader', { html: loaderPage(`data-relay-url="${site.url}"`) });
      const page = await browser.newPage({ colorScheme: scheme });
      await page.goto(`${site.url}/loader`);
      await page.locator('tandem-launcher button').waitFor();
      const placeholder = await look(page, 'tandem-launcher button');
      await page.locator('tandem-launcher button').hover();
      await waitForWidget(page);
      await page.mouse.move(0, 0);
      expect(await look(page, 'tandem-chat .launcher')).toEqual(placeholder);
      expect(placeholder?.background).toBe(scheme === 'dark' ? 'rgb(165, 180, 252)' : 'rgb(67, 56, 202)');
      await page.close();
    });
  }

  it('follows a brand colour and hides for hideLauncher, given as an attribute or to boot', async () => {
    site.setPage('/brand', { html: loaderPage(`data-relay-url="${site.url}" data-primary-color="#facc15"`) });
    const page = await browser.newPage();
    await page.goto(`${site.url}/brand`);
    await page.locator('tandem-launcher button').waitFor();
    const placeholder = await look(page, 'tandem-launcher button');
    await page.locator('tandem-launcher button').hover();
    await waitForWidget(page);
    await page.mouse.move(0, 0);
    expect(await look(page, 'tandem-chat .launcher')).toEqual(placeholder);

    site.setPage('/hidden', {
      html: loaderPage('', `Tandem('boot',{relayUrl:${JSON.stringify(site.url)},hideLauncher:true})`),
    });
    await page.goto(`${site.url}/hidden`);
    await page.waitForFunction(() => (window as unknown as { Tandem?: { loaded?: boolean } }).Tandem?.loaded);
    await page.waitForTimeout(300);
    expect(await page.locator('tandem-launcher').count()).toBe(0);
    site.setPage('/hidden-attribute', { html: loaderPage(`data-relay-url="${site.url}" data-hide-launcher="true"`) });
    await page.goto(`${site.url}/hidden-attribute`);
    await page.waitForTimeout(300);
    expect(await page.locator('tandem-launcher').count()).toBe(0);
    await page.close();
  });

  it('returns from a Tandem("on", …) queued before the bundle a function that really stops the handler', async () => {
    site.setPage('/on', { html: loaderPage(`data-relay-url="${site.url}"`) });
    const page = await browser.newPage();
    await page.goto(`${site.url}/on`);
    await page.locator('tandem-launcher button').waitFor();
    const types = await page.evaluate(() => {
      const { Tandem } = window as unknown as { Tandem(...args: unknown[]): unknown };
      const heard: string[] = [];
      (window as unknown as { heard: string[] }).heard = heard;
      const stopped = Tandem('on', 'open', () => heard.push('stopped handler'));
      Tandem('on', 'open', () => heard.push('kept handler'));
      if (typeof stopped === 'function') stopped();
      Tandem('open');
      return typeof stopped;
    });
    expect(types).toBe('function');
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { heard: string[] }).heard))
      .toEqual(['kept handler']);
    await page.close();
  });
});
