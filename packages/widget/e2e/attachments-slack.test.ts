import { readFileSync } from 'node:fs';
import { createSlackHandoff } from '@tandem/handoff/slack';
import { type FakeSlack, startFakeSlack } from '@tandem/handoff/test';
import { createOfflineAssistant, createRelay, type Relay } from '@tandem/relay';
import { type RunningServer, serveApp } from '@tandem/relay/node';
import { type Browser, launchChromium, type Page } from '@tandem/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSite } from './harness.ts';
import { openWidget } from './page-helpers.ts';

const CHANNEL = 'C0HANDOFF';
const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const AGENT = { id: 'U0GRACE', name: 'grace', displayName: 'Grace' };
const fixture = (name: string) =>
  readFileSync(new URL(`../../relay/test/fixtures/attachments/${name}`, import.meta.url));

/**
 * The whole way, in real Chromium: the visitor's photo from the widget into the Slack thread of their handoff (the
 * loopback Slack follows the external upload flow), and an agent's PDF shared in that thread back into the widget.
 */
describe('attachments between the widget and Slack', { timeout: 60_000 }, () => {
  let slack: FakeSlack;
  let relay: Relay;
  let relayServer: RunningServer;
  let site: { url: string; close(): Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    slack = await startFakeSlack({
      botToken: 'xoxb-widget-test',
      signingSecret: SIGNING_SECRET,
      channels: [CHANNEL],
      users: [AGENT],
    });
    relay = createRelay({
      secret: crypto.randomUUID() + crypto.randomUUID(),
      assistant: createOfflineAssistant({
        knowledge: [{ id: 'returns', markdown: '## Return window\nYou have 30 days from delivery to return an item.' }],
      }),
      allowedOrigins: '*',
      logLevel: 'warn',
      loadShedding: false,
      handoff: {
        adapters: [
          createSlackHandoff({
            botToken: 'xoxb-widget-test',
            signingSecret: SIGNING_SECRET,
            channel: CHANNEL,
            baseURL: slack.apiURL,
          }),
        ],
        retry: { attempts: 3, initialDelayMs: 1, maxDelayMs: 5 },
      },
    });
    relayServer = await serveApp({ app: relay });
    site = await startSite(relayServer.url);
    browser = await launchChromium();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    relay?.handoff?.stop();
    await relayServer?.close();
    await slack?.close();
  });

  const widget = (page: Page) => page.locator('tandem-chat');

  it('sends a photo into the handoff thread and shows the PDF an agent shares there', async () => {
    const page = await browser.newPage();
    await page.goto(site.url);
    await openWidget(page);
    const composer = widget(page).getByRole('textbox', { name: 'Your message' });
    await composer.fill('How long do I have to return an item?');
    await composer.press('Enter');
    await expect
      .poll(() => widget(page).locator('.message.assistant').getAttribute('data-status'), { timeout: 10_000 })
      .toBe('complete');

    await widget(page).getByRole('button', { name: 'Talk to a person' }).click();
    await expect.poll(() => slack.parents(CHANNEL).length, { timeout: 10_000 }).toBe(1);
    const threadTs = slack.parents(CHANNEL)[0]?.ts ?? '';

    await widget(page)
      .getByLabel('Attach a picture or PDF')
      .setInputFiles({ name: 'broken pole.jpg', mimeType: 'image/jpeg', buffer: fixture('photo.jpg') });
    await widget(page).getByRole('button', { name: 'Remove broken pole.jpg' }).waitFor();
    await composer.fill('The pole snapped on day two');
    await composer.press('Enter');
    // The thumbnail in the transcript, decoded from the bytes.
    await expect
      .poll(
        () =>
          widget(page)
            .getByRole('img', { name: 'Open broken pole.jpg' })
            .evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)
            .catch(() => false),
        { timeout: 10_000 },
      )
      .toBe(true);

    // Slack has the photo in the conversation's thread, uploaded the current way, camera details stripped.
    const sharedPhoto = () =>
      slack
        .thread(CHANNEL, threadTs)
        .flatMap((message) => message.files ?? [])
        .find((file) => file.name === 'broken pole.jpg');
    await expect.poll(() => sharedPhoto() !== undefined, { timeout: 15_000 }).toBe(true);
    const photo = sharedPhoto();
    expect([...(photo?.bytes.subarray(0, 3) ?? [])]).toEqual([0xff, 0xd8, 0xff]);
    expect(fixture('photo.jpg').includes('Tent9000')).toBe(true);
    expect(Buffer.from(photo?.bytes ?? []).includes('Tent9000')).toBe(false);
    expect(slack.calls.some((call) => call.method === 'files.completeUploadExternal')).toBe(true);
    expect(slack.calls.some((call) => call.method === 'files.upload')).toBe(false);

    // Grace shares the return label in the thread; Slack's signed event reaches the relay's webhook.
    const event = await slack.humanFileShare({
      channel: CHANNEL,
      threadTs,
      user: AGENT.id,
      text: 'Here is your return label',
      files: [{ name: 'return-label.pdf', mimetype: 'application/pdf', bytes: new Uint8Array(fixture('label.pdf')) }],
    });
    const delivered = await relay.request(event);
    expect(delivered.status).toBe(200);

    const chip = widget(page).getByRole('button', { name: /^return-label\.pdf/ });
    await chip.waitFor({ timeout: 15_000 });
    const reply = chip.locator('xpath=ancestor::li[contains(@class, "message")]');
    expect(await reply.getAttribute('class')).toContain('agent');
    expect(await reply.textContent()).toContain('Here is your return label');
    const [download] = await Promise.all([page.waitForEvent('download'), chip.click()]);
    expect(download.suggestedFilename()).toBe('return-label.pdf');
    expect(readFileSync(await download.path())).toEqual(fixture('label.pdf'));
    await page.close();
  });
});
