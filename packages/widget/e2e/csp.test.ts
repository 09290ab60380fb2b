import { type Browser, launchChromium, type Page } from '@tandem/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostPage, startWidgetSite, type WidgetSite, waitForWidget } from './widget-site.ts';

const STRICT_POLICY = "default-src 'self'; style-src 'self'; script-src 'self'; base-uri 'none'; object-src 'none'";

/** A same-origin script (inline ones are refused by the policy) that records every violation the page reports. */
const VIOLATION_RECORDER = `
window.violations = [];
document.addEventListener('securitypolicyviolation', function (event) {
  window.violations.push(event.violatedDirective + ' ' + (event.blockedURI || 'inline') + ' ' + (event.sample || ''));
});
`;

function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { violations: string[] }).violations);
}

describe('the widget under a strict Content-Security-Policy in real Chromium', { timeout: 30_000 }, () => {
  let site: WidgetSite;
  let browser: Browser;

  beforeAll(async () => {
    site = await startWidgetSite();
    browser = await launchChromium();
    site.setPage('/violations.js', { html: VIOLATION_RECORDER });
    const recorder = '<script src="/violations.js"></script>';
    const headers = { 'content-security-policy': STRICT_POLICY };
    site.setPage('/strict', { html: hostPage(site.url, {}, { head: recorder }), headers });
    site.setPage('/strict-arabic', {
      html: hostPage(
        site.url,
        { locale: 'ar', 'primary-color': '#7c2d12', 'color-scheme': 'dark' },
        { head: recorder },
      ),
      headers,
    });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('opens, sends and shows the streamed, formatted answer with zero policy violations', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/strict`);
    await waitForWidget(page);
    await page.locator('tandem-chat .launcher').click();
    const composer = page.getByRole('textbox', { name: 'Your message' });
    await composer.fill('How long do I have to return an item?');
    await composer.press('Enter');

    const answer = page.locator('tandem-chat .message.assistant:not(.greeting)');
    await expect.poll(() => answer.getAttribute('data-status'), { timeout: 10_000 }).toBe('complete');
    expect(await answer.locator('strong').textContent()).toBe('30 days');
    expect(await answer.locator('li').count()).toBe(3);
    expect(await answer.locator('.sources').textContent()).toBe('Sources:Return window');
    // Styled for real: the constructable stylesheets applied under style-src 'self'.
    expect(
      await page.locator('tandem-chat .launcher').evaluate((element) => getComputedStyle(element).borderRadius),
    ).toBe('999px');
    expect(await violations(page)).toEqual([]);

    // The recorder is live: an inline style attribute, which the policy forbids, is reported.
    await page.evaluate(() => document.body.setAttribute('style', 'outline: 1px solid red'));
    await expect.poll(() => violations(page)).toEqual([expect.stringMatching(/^style-src/)]);
    await page.close();
  });

  it('loads a translation and a merchant theme under the same policy', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/strict-arabic`);
    await waitForWidget(page);
    await page.getByRole('button', { name: 'فتح المحادثة' }).click();
    await page.getByRole('button', { name: 'التحدث إلى شخص' }).waitFor();
    expect(await page.locator('tandem-chat .panel').getAttribute('dir')).toBe('rtl');
    const header = page.locator('tandem-chat .header');
    expect(await header.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe('rgb(124, 45, 18)');
    expect(
      await page.locator('tandem-chat .panel').evaluate((element) => getComputedStyle(element).backgroundColor),
    ).toBe('rgb(17, 24, 39)');
    expect(await violations(page)).toEqual([]);
    await page.close();
  });
});
