import { type Browser, launchChromium, type Page } from '@tandem/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostPage, shadowStyle, startWidgetSite, type WidgetSite, waitForWidget } from './widget-site.ts';

/** The harshest host stylesheet a merchant's site could have. */
const AGGRESSIVE_CSS = `
* { all: unset !important; }
button { display: none !important; }
html, body, p, li, ol, div, section, form, textarea { font-size: 72px !important; line-height: 4 !important; }
body { color: lime !important; letter-spacing: 12px !important; text-transform: uppercase !important; }
ol, ul, li { margin: 90px !important; padding: 90px !important; list-style: square !important; }
`;

/** Properties that, if any host rule reached the widget, would change. */
const PROPERTIES = [
  'display',
  'position',
  'font-size',
  'font-family',
  'line-height',
  'letter-spacing',
  'text-transform',
  'color',
  'background-color',
  'margin-top',
  'padding-top',
  'border-top-left-radius',
  'width',
  'height',
];
const WIDGET_PARTS = [
  '.root',
  '.launcher',
  '.panel',
  '.header h2',
  '.banner',
  '.log',
  '.message.visitor .bubble',
  '.composer textarea',
  '.send',
];

async function widgetFingerprint(page: Page) {
  return page.evaluate(
    ([selectors, properties]) => {
      const root = document.querySelector('tandem-chat')?.shadowRoot;
      return selectors.map((selector) => {
        const element = root?.querySelector(selector);
        if (!element) return [selector, 'missing'];
        const style = getComputedStyle(element);
        return [selector, properties.map((property) => `${property}:${style.getPropertyValue(property)}`).join(';')];
      });
    },
    [WIDGET_PARTS, PROPERTIES] as const,
  );
}

async function hostFingerprint(page: Page) {
  return page.evaluate((properties) => {
    return ['html', 'body', 'h1', 'p', '#host-button', 'main'].map((selector) => {
      const element = document.querySelector(selector);
      if (!element) return [selector, 'missing'];
      const style = getComputedStyle(element);
      const box = element.getBoundingClientRect();
      return [
        selector,
        `${properties.map((property) => `${property}:${style.getPropertyValue(property)}`).join(';')};box:${box.x},${box.y},${box.width},${box.height}`,
      ];
    });
  }, PROPERTIES);
}

async function openAndSend(page: Page, text: string) {
  await page.locator('tandem-chat .launcher').click();
  const composer = page.getByRole('textbox', { name: 'Your message' });
  await composer.fill(text);
  await composer.press('Enter');
  await expect.poll(() => page.locator('tandem-chat .message.visitor .text').textContent()).toBe(text);
}

describe('theming and CSS isolation in real Chromium', { timeout: 30_000 }, () => {
  let site: WidgetSite;
  let browser: Browser;

  beforeAll(async () => {
    site = await startWidgetSite();
    browser = await launchChromium();
    site.setPage('/plain', { html: hostPage(site.url) });
    site.setPage('/aggressive.css', { html: AGGRESSIVE_CSS });
    site.setPage('/aggressive', {
      html: hostPage(site.url, {}, { head: '<link rel="stylesheet" href="/aggressive.css">' }),
    });
    site.setPage('/no-widget', { html: hostPage(site.url).replace(/<script[^>]*tandem\.js[^>]*><\/script>/, '') });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('looks exactly the same under a host stylesheet of `* { all: unset }`, hidden buttons and huge fonts', async () => {
    const plain = await browser.newPage();
    await plain.goto(`${site.url}/plain`);
    await waitForWidget(plain);
    await openAndSend(plain, 'Where is my order?');

    const aggressive = await browser.newPage();
    await aggressive.goto(`${site.url}/aggressive`);
    await waitForWidget(aggressive);
    // The host's 72px fonts and `all: unset` really apply to the host page...
    expect(await aggressive.evaluate(() => getComputedStyle(document.querySelector('p') as Element).fontSize)).toBe(
      '72px',
    );
    await openAndSend(aggressive, 'Where is my order?');

    // ...and not one computed property inside the widget differs from the plain page.
    const plainParts = await widgetFingerprint(plain);
    expect(plainParts.every(([, value]) => value !== 'missing')).toBe(true);
    expect(await widgetFingerprint(aggressive)).toEqual(plainParts);
    await Promise.all([plain.close(), aggressive.close()]);
  });

  it("never changes the host page's own styles or layout, closed or open", async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/no-widget`);
    const without = await hostFingerprint(page);

    await page.goto(`${site.url}/plain`);
    await waitForWidget(page);
    expect(await hostFingerprint(page)).toEqual(without);
    await openAndSend(page, 'Hello');
    expect(await hostFingerprint(page)).toEqual(without);

    // Everything the widget styles lives in its shadow root: nothing was added to the document's own sheets.
    const documentStyles = await page.evaluate(() => ({
      styleElements: document.querySelectorAll('style').length,
      sheets: document.styleSheets.length,
      adopted: document.adoptedStyleSheets.length,
      inlineStylesInWidget: document.querySelector('tandem-chat')?.shadowRoot?.querySelectorAll('[style]').length,
    }));
    expect(documentStyles).toEqual({ styleElements: 0, sheets: 0, adopted: 0, inlineStylesInWidget: 0 });
    await page.close();
  });

  it('takes colours, radius, font, position and stacking from options, and ::part() rules from the host page', async () => {
    site.setPage('/themed.css', {
      html: 'tandem-chat::part(send) { background: rgb(200, 0, 100); } tandem-chat { --tandem-muted: rgb(10, 20, 30); }',
    });
    site.setPage('/themed', {
      html: hostPage(
        site.url,
        {
          'primary-color': '#0f766e',
          'on-primary-color': '#ffffff',
          radius: '4px',
          'font-family': 'Georgia, serif',
          position: 'left',
          'offset-x': '40',
          'offset-y': '32',
          'z-index': '1000',
        },
        { head: '<link rel="stylesheet" href="/themed.css">' },
      ),
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${site.url}/themed`);
    await waitForWidget(page);
    expect(await shadowStyle(page, '.launcher', 'background-color')).toBe('rgb(15, 118, 110)');
    expect(await shadowStyle(page, '.root', 'font-family')).toBe('Georgia, serif');
    expect(await shadowStyle(page, '.root', 'z-index')).toBe('1000');
    const launcherBox = await page.locator('tandem-chat .launcher').boundingBox();
    expect(launcherBox?.x).toBe(40);
    expect(800 - ((launcherBox?.y ?? 0) + (launcherBox?.height ?? 0))).toBe(32);

    await page.locator('tandem-chat .launcher').click();
    await page.locator('tandem-chat .header').waitFor();
    expect(await shadowStyle(page, '.panel', 'border-top-left-radius')).toBe('4px');
    expect(await shadowStyle(page, '.header', 'background-color')).toBe('rgb(15, 118, 110)');
    // Host rules through ::part() and custom properties on the host element win over the widget's defaults.
    expect(await shadowStyle(page, '.send', 'background-color')).toBe('rgb(200, 0, 100)');
    expect(await shadowStyle(page, '.banner', 'color')).toBe('rgb(10, 20, 30)');
    await page.close();
  });

  it('follows the colour scheme: light, dark, or the system setting with "auto"', async () => {
    for (const scheme of ['light', 'dark', 'auto']) {
      site.setPage(`/scheme-${scheme}`, {
        html: hostPage(site.url, { 'color-scheme': scheme, 'open-on-load': 'true' }),
      });
    }
    const light = { panel: 'rgb(255, 255, 255)', text: 'rgb(31, 41, 55)' };
    const dark = { panel: 'rgb(17, 24, 39)', text: 'rgb(243, 244, 246)' };
    const page = await browser.newPage();
    const surface = async (scheme: string, system: 'light' | 'dark') => {
      await page.emulateMedia({ colorScheme: system });
      if (!page.url().endsWith(`/scheme-${scheme}`)) await page.goto(`${site.url}/scheme-${scheme}`);
      await waitForWidget(page);
      return {
        panel: await shadowStyle(page, '.panel', 'background-color'),
        text: await shadowStyle(page, '.panel', 'color'),
      };
    };
    expect(await surface('light', 'dark')).toEqual(light);
    expect(await surface('dark', 'light')).toEqual(dark);
    expect(await surface('auto', 'light')).toEqual(light);
    // "auto" follows a change of the system setting without a reload.
    expect(await surface('auto', 'dark')).toEqual(dark);
    await page.close();
  });

  it('fills a 375 px phone screen with the open panel', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });
    await page.goto(`${site.url}/plain`);
    await waitForWidget(page);
    await page.locator('tandem-chat .launcher').tap();
    await expect
      .poll(() => page.locator('tandem-chat .panel').boundingBox())
      .toEqual({ x: 0, y: 0, width: 375, height: 667 });
    // The close button stays reachable inside the full-screen panel; the launcher steps aside.
    await page.getByRole('button', { name: 'Close chat' }).tap();
    await expect.poll(() => page.locator('tandem-chat .panel').isHidden()).toBe(true);
    expect(await page.locator('tandem-chat .launcher').isVisible()).toBe(true);
    await page.close();
  });
});
