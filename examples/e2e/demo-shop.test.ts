import type { Browser, Page } from '@tandem/test-utils';
import { launchChromium } from '@tandem/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDemo, startDemo } from '../demo.ts';

describe('the demo shop in real Chromium', () => {
  let demo: RunningDemo;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    demo = await startDemo({ wordDelayMs: 5 });
    browser = await launchChromium();
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('answers a returns question from the shop policy, streamed into the shadow root', async () => {
    await page.goto(demo.shop.url);
    // Playwright's CSS locators pierce open shadow roots; the asserts below check we really are inside one.
    const launcher = page.locator('tandem-launcher button, tandem-chat .launcher').first();
    await launcher.click();
    const composer = page.getByRole('textbox', { name: 'Your message' });
    await composer.fill('How long do I have to return an item?');
    await composer.press('Enter');

    const visitorBubble = page.locator('tandem-chat .message.visitor .text');
    await expect.poll(() => visitorBubble.textContent()).toBe('How long do I have to return an item?');

    // The answer streams in: first some of it, then the whole section, marked complete.
    const answer = page.locator('tandem-chat .message.assistant:not(.greeting)');
    await expect.poll(() => answer.count(), { timeout: 10_000 }).toBe(1);
    const seenWhileStreaming = new Set<string>();
    await expect
      .poll(
        async () => {
          seenWhileStreaming.add((await answer.getAttribute('data-status')) ?? '');
          return answer.getAttribute('data-status');
        },
        { timeout: 10_000, interval: 20 },
      )
      .toBe('complete');
    expect(seenWhileStreaming.has('streaming')).toBe(true);
    const text = await answer.textContent();
    expect(text).toContain('You have 30 days from the day your order is delivered to return an item');

    const insideShadowRoot = await page.evaluate(() => {
      const host = document.querySelector('tandem-chat');
      return {
        inShadow: host?.shadowRoot?.querySelector('.message.assistant:not(.greeting)') !== null,
        inLightDom: document.querySelector('.message') !== null,
      };
    });
    expect(insideShadowRoot).toEqual({ inShadow: true, inLightDom: false });
  });
});
