import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { type Browser, launchChromium, type Page } from '@tandem/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationIdOf, hostPage, startWidgetSite, type WidgetSite, waitForWidget } from './widget-site.ts';

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Runs axe-core over the whole page, open shadow roots included; returns the serious and critical findings. */
async function seriousViolations(page: Page): Promise<string[]> {
  // The panel fades in: measured mid-fade, its colours are half transparent and contrast is judged wrongly.
  await page.evaluate(() =>
    Promise.all(
      (document.querySelector('tandem-chat')?.shadowRoot?.getAnimations() ?? [])
        .filter((animation) => animation.effect?.getTiming().iterations !== Number.POSITIVE_INFINITY)
        .map((animation) => animation.finished),
    ),
  );
  await page.addScriptTag({ content: await axeSource });
  const { violations, widgetNodesChecked } = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<unknown> } }).axe;
    const result = (await axe.run(document, {})) as { violations: AxeViolation[]; passes: AxeViolation[] };
    // A target inside a shadow root is a path: ['tandem-chat', '<selector inside the root>'].
    const widgetNodesChecked = result.passes
      .flatMap((rule) => rule.nodes)
      .filter((node) => Array.isArray(node.target[0]) && (node.target[0] as string[])[0] === 'tandem-chat').length;
    return { violations: result.violations, widgetNodesChecked };
  });
  // Proof that axe looked inside the shadow root rather than passing an empty host element.
  expect(widgetNodesChecked).toBeGreaterThan(3);
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) => `${violation.id}: ${violation.help} at ${JSON.stringify(violation.nodes.map((n) => n.target))}`,
    );
}

/** The element focused inside the widget, described by its class and accessible label. */
function focusedInWidget(page: Page) {
  return page.evaluate(() => {
    const active = document.querySelector('tandem-chat')?.shadowRoot?.activeElement;
    return active ? `${active.tagName.toLowerCase()}.${active.className}` : 'outside';
  });
}

describe('accessibility of the widget in real Chromium', { timeout: 30_000 }, () => {
  let site: WidgetSite;
  let browser: Browser;

  beforeAll(async () => {
    site = await startWidgetSite();
    browser = await launchChromium();
    site.setPage('/', { html: hostPage(site.url, { greeting: 'Hi! Ask me anything.' }) });
    site.setPage('/dark', { html: hostPage(site.url, { 'color-scheme': 'dark' }) });
    site.setPage('/arabic', { html: hostPage(site.url, { locale: 'ar' }) });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('works by keyboard alone: launcher, composer, sending, Escape, and focus back on the launcher', async () => {
    const page = await browser.newPage();
    await page.goto(site.url);
    await waitForWidget(page);
    await page.keyboard.press('Tab'); // the host page's own button
    await page.keyboard.press('Tab');
    expect(await focusedInWidget(page)).toBe('button.launcher');
    // Focus is visible: a solid 3 px ring.
    const ring = await page
      .locator('tandem-chat .launcher')
      .evaluate((element) => `${getComputedStyle(element).outlineStyle} ${getComputedStyle(element).outlineWidth}`);
    expect(ring).toBe('solid 3px');

    await page.keyboard.press('Enter');
    expect(await focusedInWidget(page)).toBe('textarea.');
    const conversation = conversationIdOf(page);
    await page.keyboard.type('How long do I have to return an item?');
    await page.keyboard.press('Enter');
    await conversation;
    const answer = page.locator('tandem-chat .message.assistant:not(.greeting)');
    await expect.poll(() => answer.getAttribute('data-status')).toBe('complete');

    // The answer is announced to screen readers, once, as a whole.
    const announcer = page.locator('tandem-chat [aria-live="polite"]');
    await expect
      .poll(() => announcer.textContent())
      .toContain(
        'AI assistant: You have 30 days from delivery to return an item for a full refund. Pack it in its original box; Print the label',
      );

    // Tab walks on through the panel's controls; every one of them is reachable.
    await page.keyboard.press('Tab');
    expect(await focusedInWidget(page)).toBe('button.send');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    // The attach button: a real file input (a mouse pointer hides the camera's), ringed like every control.
    expect(await focusedInWidget(page)).toBe('input.sr-only');
    expect(
      await page
        .locator('tandem-chat label.attach:not(.camera)')
        .evaluate((element) => `${getComputedStyle(element).outlineStyle} ${getComputedStyle(element).outlineWidth}`),
    ).toBe('solid 3px');
    expect(await page.locator('tandem-chat label.camera').isVisible()).toBe(false);
    await page.keyboard.press('Shift+Tab');
    expect(await focusedInWidget(page)).toBe('ol.log');

    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('tandem-chat .panel').isHidden()).toBe(true);
    await expect.poll(() => focusedInWidget(page)).toBe('button.launcher');
    expect(await page.locator('tandem-chat .launcher').getAttribute('aria-expanded')).toBe('false');
    await page.close();
  });

  it('has no serious or critical axe-core findings, closed, open mid-conversation, with a person, and in dark mode', async () => {
    const page = await browser.newPage();
    await page.goto(site.url);
    await waitForWidget(page);
    expect(await seriousViolations(page)).toEqual([]);

    await page.locator('tandem-chat .launcher').click();
    const conversation = conversationIdOf(page);
    const composer = page.getByRole('textbox', { name: 'Your message' });
    await composer.fill('How long do I have to return an item?');
    await composer.press('Enter');
    const conversationId = await conversation;
    await expect
      .poll(() => page.locator('tandem-chat .message.assistant:not(.greeting)').getAttribute('data-status'))
      .toBe('complete');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Talk to a person' }).click();
    await expect
      .poll(async () => (await site.relay.conversations.store.getConversation(conversationId))?.mode)
      .toBe('waiting');
    await site.relay.conversations.appendAgentMessage(conversationId, {
      author: { name: 'Maya' },
      text: 'Hello, I can help with the return. Use `RETURN-1042` as the reference.',
      externalId: 'reply-1',
    });
    await expect.poll(() => page.locator('tandem-chat .message.agent').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await site.relay.conversations.closeConversation(conversationId, 'agent');
    await expect.poll(() => page.getByRole('button', { name: 'Very poor' }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${site.url}/dark`);
    await waitForWidget(page);
    await page.locator('tandem-chat .launcher').click();
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('has no serious or critical axe-core findings with files: previews, a refused file, thumbnails, a PDF', async () => {
    const page = await browser.newPage();
    await page.goto(site.url);
    await waitForWidget(page);
    await page.locator('tandem-chat .launcher').click();
    const fixture = (name: string) =>
      readFileSync(new URL(`../../relay/test/fixtures/attachments/${name}`, import.meta.url));
    const attach = page.getByLabel('Attach a picture or PDF');
    await attach.setInputFiles([
      { name: 'broken pole.jpg', mimeType: 'image/jpeg', buffer: fixture('photo.jpg') },
      { name: 'drawing.png', mimeType: 'image/png', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') },
    ]);
    await page.getByRole('button', { name: 'Remove broken pole.jpg' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('drawing.png cannot be sent');
    expect(await seriousViolations(page)).toEqual([]);

    const conversation = conversationIdOf(page);
    await page.getByRole('textbox', { name: 'Your message' }).press('Enter');
    const conversationId = await conversation;
    await page.getByRole('img', { name: 'Open broken pole.jpg' }).waitFor();
    const { attachment } = await site.relay.attachments.upload(conversationId, {
      clientAttachmentId: 'agent-label',
      name: 'return-label.pdf',
      body: new Blob([fixture('label.pdf')]).stream(),
      declaredLength: undefined,
      uploadedBy: 'agent',
    });
    await site.relay.conversations.appendAgentMessage(conversationId, {
      author: { name: 'Maya' },
      text: 'Here is your label.',
      externalId: 'label-1',
      attachments: [attachment],
    });
    await page.getByRole('button', { name: /^return-label\.pdf/ }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('drops its motion when the visitor asks for reduced motion', async () => {
    const page = await browser.newPage();
    const animation = async (reduced: boolean) => {
      await page.emulateMedia({ reducedMotion: reduced ? 'reduce' : 'no-preference' });
      await page.goto(site.url);
      await waitForWidget(page);
      await page.locator('tandem-chat .launcher').click();
      return page.locator('tandem-chat .panel').evaluate((element) => getComputedStyle(element).animationName);
    };
    expect(await animation(false)).toBe('tandem-in');
    expect(await animation(true)).toBe('none');
    await page.close();
  });

  it('mirrors the panel for Arabic: right-to-left text, the visitor on the left', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/arabic`);
    await waitForWidget(page);
    await page.getByRole('button', { name: 'فتح المحادثة' }).click();
    const composer = page.getByRole('textbox', { name: 'رسالتك' });
    await composer.fill('How long do I have to return an item?');
    await composer.press('Enter');
    const answer = page.locator('tandem-chat .message.assistant');
    await expect.poll(() => answer.getAttribute('data-status')).toBe('complete');
    expect(await page.locator('tandem-chat .panel').evaluate((element) => getComputedStyle(element).direction)).toBe(
      'rtl',
    );
    // A message keeps its own direction: English typed into the Arabic widget still reads left to right.
    expect(
      await page
        .locator('tandem-chat .message.visitor .text')
        .evaluate((element) => getComputedStyle(element).direction),
    ).toBe('ltr');
    const panelBox = await page.locator('tandem-chat .panel').boundingBox();
    expect((await page.locator('tandem-chat .banner').boundingBox())?.width).toBe(panelBox?.width);
    const visitorBox = await page.locator('tandem-chat .message.visitor').boundingBox();
    const answerBox = await answer.boundingBox();
    expect(visitorBox?.x).toBeLessThan(answerBox?.x ?? 0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});
