import { readFileSync } from 'node:fs';
import type { Page } from '@tandem/test-utils';
import { describe, expect, it } from 'vitest';
import { nextConversationId, useServersAndBrowser } from './harness.ts';
import { openWidget } from './page-helpers.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../relay/test/fixtures/attachments/${name}`, import.meta.url));
const PHOTO = { name: 'broken pole.jpg', mimeType: 'image/jpeg', buffer: fixture('photo.jpg') };

/** A real PDF made large with a comment line after its header, so an upload takes long enough to show progress. */
function largePdf(megabytes: number): { name: string; mimeType: string; buffer: Buffer } {
  const pdf = fixture('label.pdf');
  const headerEnd = pdf.indexOf(0x0a) + 1;
  const padding = Buffer.from(`%${'A'.repeat(megabytes * 1024 * 1024)}\n`);
  return {
    name: 'manual.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.concat([pdf.subarray(0, headerEnd), padding, pdf.subarray(headerEnd)]),
  };
}

function widget(page: Page) {
  return page.locator('tandem-chat');
}

/** Statuses of the visitor's messages as shown. */
function visitorStatuses(page: Page) {
  return widget(page)
    .locator('.message.visitor')
    .evaluateAll((elements) => elements.map((element) => element.getAttribute('data-status')));
}

/** True once the thumbnail's picture is decoded (a blob URL of the bytes, not just an element). */
function thumbnailShown(page: Page, name: string) {
  return widget(page)
    .getByRole('img', { name: `Open ${name}` })
    .evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0 && image.src.startsWith('blob:'))
    .catch(() => false);
}

async function send(page: Page, text: string): Promise<void> {
  const composer = widget(page).getByRole('textbox', { name: 'Your message' });
  await composer.fill(text);
  await composer.press('Enter');
}

describe('attachments in real Chromium', () => {
  const e2e = useServersAndBrowser();

  it('attaches a photo with the button: preview, upload, thumbnail in the transcript, stored by the relay', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(e2e.servers.site.url);
    await openWidget(page);
    // The attachments' code is fetched on the first file, not before.
    const chunks: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/tandem-attach.js')) chunks.push(request.url());
    });
    await widget(page).getByRole('textbox', { name: 'Your message' }).waitFor();
    expect(chunks).toEqual([]);

    await widget(page).getByLabel('Attach a picture or PDF').setInputFiles(PHOTO);
    const remove = widget(page).getByRole('button', { name: 'Remove broken pole.jpg' });
    await remove.waitFor();
    expect(chunks).toHaveLength(1);
    expect(await remove.locator('xpath=..').locator('img').getAttribute('src')).toMatch(/^blob:/);

    const conversation = nextConversationId(page);
    await send(page, 'The pole snapped on day two');
    const conversationId = await conversation;
    await expect.poll(() => visitorStatuses(page), { timeout: 10_000 }).toEqual(['sent']);
    await expect.poll(() => thumbnailShown(page, 'broken pole.jpg'), { timeout: 10_000 }).toBe(true);

    const [stored] = await e2e.servers.storedVisitorMessages(conversationId);
    expect(stored?.text).toBe('The pole snapped on day two');
    expect(stored?.attachments).toEqual([
      expect.objectContaining({ name: 'broken pole.jpg', contentType: 'image/jpeg' }),
    ]);

    // After a reload the picture comes from the relay, fetched with the conversation's token.
    await page.reload();
    await openWidget(page);
    await expect.poll(() => thumbnailShown(page, 'broken pole.jpg'), { timeout: 10_000 }).toBe(true);
    await page.close();
  }, 45_000);

  it('shows upload progress for a large file', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(e2e.servers.site.url);
    await openWidget(page);
    await widget(page).getByRole('textbox', { name: 'Your message' }).waitFor();
    await widget(page).getByLabel('Attach a picture or PDF').setInputFiles(largePdf(5));
    await widget(page).getByRole('button', { name: 'Remove manual.pdf' }).waitFor();
    // Every value the progress bar takes, as the page draws it.
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { progressSeen: number[] }).progressSeen = seen;
      const root = document.querySelector('tandem-chat')?.shadowRoot as ShadowRoot;
      new MutationObserver(() => {
        for (const bar of root.querySelectorAll('progress')) seen.push((bar as HTMLProgressElement).value);
      }).observe(root, { subtree: true, childList: true, attributes: true });
    });
    await send(page, 'The manual');
    await expect.poll(() => visitorStatuses(page), { timeout: 20_000 }).toEqual(['sent']);
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.some((value) => value > 0 && value < 1)).toBe(true);
    // Labelled for screen readers while it runs; gone once the file is there.
    expect(await widget(page).locator('progress').count()).toBe(0);
    await page.close();
  }, 45_000);

  it('keeps a file chosen while the relay is away, across a reload, and sends it once when it is back', async () => {
    const page = await e2e.browser.newPage();
    const uploads: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && /\/attachments\?/.test(request.url())) uploads.push(request.url());
    });
    await page.goto(e2e.servers.site.url);
    await openWidget(page);
    const conversation = nextConversationId(page);
    await send(page, 'Hello');
    const conversationId = await conversation;
    await expect.poll(() => visitorStatuses(page), { timeout: 10_000 }).toEqual(['sent']);

    await e2e.servers.proxy.stop();
    await widget(page).getByLabel('Attach a picture or PDF').setInputFiles(PHOTO);
    await widget(page).getByRole('button', { name: 'Remove broken pole.jpg' }).waitFor();
    await send(page, 'Sent from the tunnel');
    await expect.poll(() => visitorStatuses(page)).toEqual(['sent', 'sending']);
    // Shown from the bytes kept in this browser while it waits.
    await expect.poll(() => thumbnailShown(page, 'broken pole.jpg'), { timeout: 10_000 }).toBe(true);

    // A reload while the relay is still away: the file comes back from IndexedDB with the outbox.
    await page.reload();
    await openWidget(page);
    await expect.poll(() => visitorStatuses(page), { timeout: 10_000 }).toEqual(['sent', 'sending']);
    await expect.poll(() => thumbnailShown(page, 'broken pole.jpg'), { timeout: 10_000 }).toBe(true);

    await e2e.servers.proxy.start();
    await expect.poll(() => visitorStatuses(page), { timeout: 20_000 }).toEqual(['sent', 'sent']);
    const stored = await e2e.servers.storedVisitorMessages(conversationId);
    expect(stored.map((message) => [message.text, message.attachments?.map((attachment) => attachment.name)])).toEqual([
      ['Hello', undefined],
      ['Sent from the tunnel', ['broken pole.jpg']],
    ]);
    expect(await e2e.servers.relay.attachments.records.visitorUploads(conversationId)).toBe(1);
    // However many attempts reached the relay, they carried one clientAttachmentId.
    const ids = new Set(uploads.map((url) => new URL(url).searchParams.get('clientAttachmentId')));
    expect(ids.size).toBe(1);
    await page.close();
  }, 60_000);

  it("shows an agent's PDF in the transcript and downloads it under its name", async () => {
    const page = await e2e.browser.newPage();
    await page.goto(e2e.servers.site.url);
    await openWidget(page);
    const conversation = nextConversationId(page);
    await send(page, 'Can I have a return label?');
    const conversationId = await conversation;
    const { relay } = e2e.servers;
    const { attachment } = await relay.attachments.upload(conversationId, {
      clientAttachmentId: 'agent-return-label',
      name: 'return-label.pdf',
      body: new Blob([fixture('label.pdf')]).stream(),
      declaredLength: undefined,
      uploadedBy: 'agent',
    });
    await relay.conversations.appendAgentMessage(conversationId, {
      author: { name: 'Maya' },
      text: 'Here is your label.',
      externalId: 'agent-label-1',
      attachments: [attachment],
    });
    const chip = widget(page).getByRole('button', { name: /^return-label\.pdf/ });
    await chip.waitFor({ timeout: 10_000 });
    expect(await chip.evaluate((element) => element.closest('.message')?.classList.contains('agent'))).toBe(true);
    expect(await chip.getAttribute('title')).toBe('Download return-label.pdf');
    const [download] = await Promise.all([page.waitForEvent('download'), chip.click()]);
    expect(download.suggestedFilename()).toBe('return-label.pdf');
    const path = await download.path();
    expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  }, 45_000);
});
