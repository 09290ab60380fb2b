import { createSlackHandoff } from '@tandem/handoff/slack';
import { type FakeSlack, startFakeSlack } from '@tandem/handoff/test';
import type { Browser, Page } from '@tandem/test-utils';
import { launchChromium } from '@tandem/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDemo, startDemo } from '../demo.ts';

const CHANNEL = 'C0SUPPORT';
const SIGNING_SECRET = 'e2e-slack-signing-secret-0123456789';
const AGENT = { id: 'U0GRACE01', name: 'grace', displayName: 'Grace Hopper' };
const UPSET =
  'This is the third time I am asking! My parcel is two weeks late and nobody answers. I want a refund NOW!!';

/** Sends a request the fake Slack signed to the relay's webhook over a real socket, as Slack would. */
async function deliverToRelay(demo: RunningDemo, signed: Request): Promise<Response> {
  return fetch(`${demo.relay.url}/v1/webhooks/slack`, {
    method: 'POST',
    headers: signed.headers,
    body: await signed.text(),
  });
}

describe('an upset visitor handed to Slack, in real Chromium', () => {
  let slack: FakeSlack;
  let demo: RunningDemo;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    slack = await startFakeSlack({
      botToken: 'xoxb-e2e',
      signingSecret: SIGNING_SECRET,
      channels: [CHANNEL],
      users: [{ id: AGENT.id, name: AGENT.name, displayName: AGENT.displayName }],
    });
    demo = await startDemo({
      handoff: {
        adapters: [
          createSlackHandoff({
            botToken: 'xoxb-e2e',
            signingSecret: SIGNING_SECRET,
            channel: CHANNEL,
            baseURL: slack.apiURL,
          }),
        ],
        retry: { attempts: 2, initialDelayMs: 10, maxDelayMs: 50 },
      },
    });
    browser = await launchChromium();
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    await slack?.close();
  });

  it('reaches the Slack channel with the context, shows the agent reply by name, and asks for a rating on close', async () => {
    await page.goto(demo.shop.url);
    await page.locator('tandem-launcher button, tandem-chat .launcher').first().click();
    const composer = page.getByRole('textbox', { name: 'Your message' });
    await composer.fill(UPSET);
    await composer.press('Enter');
    await expect.poll(() => page.locator('tandem-chat .message.visitor .text').textContent()).toBe(UPSET);

    // The escalation policy hands the upset visitor over by itself: no button pressed.
    const banner = page.locator('tandem-chat .banner[data-state]').last();
    await expect.poll(() => banner.getAttribute('data-state'), { timeout: 10_000 }).toBe('waiting');

    // Slack received the whole context in one post.
    await expect.poll(() => slack.parents(CHANNEL).length, { timeout: 10_000 }).toBe(1);
    const parent = slack.parents(CHANNEL)[0];
    if (!parent) throw new Error('nothing posted to Slack');
    const posted = JSON.stringify(parent.blocks);
    expect(posted).toContain('I want a refund NOW!!');
    expect(posted).toContain('negative_sentiment');

    // A person answers in the thread; Slack delivers the signed event to the relay.
    const reply = await slack.humanReply({
      channel: CHANNEL,
      threadTs: parent.ts,
      user: AGENT.id,
      text: 'Hi, I am Grace. I have refunded your order in full, sorry for the wait.',
    });
    expect((await deliverToRelay(demo, reply)).status).toBe(200);

    const agentMessage = page.locator('tandem-chat .message.agent');
    await expect.poll(() => agentMessage.count(), { timeout: 10_000 }).toBe(1);
    expect(await agentMessage.locator('.author').textContent()).toBe(AGENT.displayName);
    expect(await agentMessage.locator('.body').textContent()).toContain('I have refunded your order in full');
    await expect.poll(() => banner.getAttribute('data-state')).toBe('human');

    // The agent closes the thread with the close reaction: the widget asks for a rating.
    const close = await slack.reaction({
      channel: CHANNEL,
      ts: parent.ts,
      user: AGENT.id,
      reaction: 'white_check_mark',
    });
    expect((await deliverToRelay(demo, close)).status).toBe(200);
    await expect.poll(() => banner.getAttribute('data-state'), { timeout: 10_000 }).toBe('closed');
    const rating = page.locator('tandem-chat [part~="rating"]');
    await expect.poll(() => rating.isVisible()).toBe(true);
    await rating.getByRole('button', { name: 'Great' }).click();

    const conversationId = String(parent.metadata?.event_payload.conversation_id);
    await expect
      .poll(async () => (await demo.relayApp.conversations.store.getConversation(conversationId))?.rating?.score, {
        timeout: 10_000,
      })
      .toBe(5);
  });
});

describe('Slack down: the visitor is told, leaves an address, and the kept handoff reaches Slack later', () => {
  let slack: FakeSlack;
  let demo: RunningDemo;
  let browser: Browser;

  beforeAll(async () => {
    slack = await startFakeSlack({ botToken: 'xoxb-e2e', signingSecret: SIGNING_SECRET, channels: [CHANNEL] });
    demo = await startDemo({
      handoff: {
        adapters: [
          createSlackHandoff({
            botToken: 'xoxb-e2e',
            signingSecret: SIGNING_SECRET,
            channel: CHANNEL,
            baseURL: slack.apiURL,
          }),
        ],
        retry: { attempts: 2, initialDelayMs: 10, maxDelayMs: 50 },
        pending: { retryIntervalMs: 0 },
      },
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    await slack?.close();
  });

  it('shows the email form, and the address reaches the agent with the delivered handoff', async () => {
    slack.failNext('conversations.history', { kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    const page = await browser.newPage();
    await page.goto(demo.shop.url);
    await page.locator('tandem-launcher button, tandem-chat .launcher').first().click();
    await page.locator('tandem-chat button[part~="handoff"]').click();

    const banner = page.locator('tandem-chat .banner[data-state]').last();
    await expect.poll(() => banner.getAttribute('data-state'), { timeout: 10_000 }).toBe('unavailable');
    await page.getByLabel('Email').fill('ada@example.com');
    await page.locator('tandem-chat [part~="contact-form"] button[type="submit"]').click();
    await expect.poll(() => banner.textContent()).toContain('We will reply by email');
    expect(slack.parents(CHANNEL)).toHaveLength(0);

    // Slack is back; the kept handoff goes out with everything, the address included.
    expect(await demo.relayApp.handoff?.retryPendingHandoffs()).toEqual({ attempted: 1, opened: 1, pending: 0 });
    expect(slack.parents(CHANNEL)).toHaveLength(1);
    expect(JSON.stringify(slack.parents(CHANNEL)[0]?.blocks)).toContain('ada@example.com');
  });
});
