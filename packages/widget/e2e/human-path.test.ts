import { type Browser, launchChromium, type Page } from '@tandem/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationIdOf, hostPage, startWidgetSite, type WidgetSite, waitForWidget } from './widget-site.ts';

/** The visible text of the mode banner, the visitor's answer to "who am I talking to?". */
function banner(page: Page) {
  return page.locator('tandem-chat .banner[data-state]');
}

describe('the path to a person in real Chromium, driven from the relay side', { timeout: 30_000 }, () => {
  let site: WidgetSite;
  let browser: Browser;

  beforeAll(async () => {
    site = await startWidgetSite();
    browser = await launchChromium();
    site.setPage('/', { html: hostPage(site.url, { greeting: 'Hi! Ask me anything.' }) });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  async function startChat(page: Page, question: string): Promise<string> {
    await page.goto(site.url);
    await waitForWidget(page);
    await page.locator('tandem-chat .launcher').click();
    const conversation = conversationIdOf(page);
    const composer = page.getByRole('textbox', { name: 'Your message' });
    await composer.fill(question);
    await composer.press('Enter');
    const conversationId = await conversation;
    await expect
      .poll(() => page.locator('tandem-chat .message.assistant:not(.greeting)').getAttribute('data-status'))
      .toBe('complete');
    return conversationId;
  }

  it('asks for a person, shows the wait, the named person joining and replying, then asks for a rating', async () => {
    const page = await browser.newPage();
    const conversationId = await startChat(page, 'How long do I have to return an item?');
    const { conversations } = site.relay;
    expect(await banner(page).getAttribute('data-state')).toBe('assistant');
    expect(await banner(page).textContent()).toContain('You are chatting with our AI assistant.');

    await page.getByRole('button', { name: 'Talk to a person' }).click();
    await expect.poll(() => banner(page).textContent()).toContain('Waiting for a person to join…');
    await expect.poll(async () => (await conversations.store.getConversation(conversationId))?.mode).toBe('waiting');
    // A helpdesk that knows its queue reports the expected wait.
    await conversations.store.appendEvent(conversationId, {
      type: 'handoff',
      status: 'requested',
      expectedWaitSeconds: 240,
    });
    await expect.poll(() => banner(page).textContent()).toContain('Expected wait: about 4 min.');

    await conversations.agentJoined(conversationId, { name: 'Maya Lindqvist' });
    await expect
      .poll(() => banner(page).locator('[role="status"]').textContent())
      .toBe('Maya Lindqvist from our team has joined.');
    await conversations.store.appendEvent(conversationId, {
      type: 'typing',
      role: 'agent',
      typing: true,
      author: { name: 'Maya Lindqvist' },
    });
    await expect.poll(() => page.locator('tandem-chat .typing').textContent()).toBe('Maya Lindqvist is typing…');
    await conversations.appendAgentMessage(conversationId, {
      author: { name: 'Maya Lindqvist' },
      text: 'I am so sorry! A **new pole** is on its way, tracking: [parcel](https://track.example/123).',
      externalId: 'zendesk-comment-1',
    });

    const reply = page.locator('tandem-chat .message.agent');
    await expect.poll(() => reply.count()).toBe(1);
    expect(await reply.locator('.avatar').textContent()).toBe('M');
    expect(await reply.locator('.author').textContent()).toBe('Maya Lindqvist');
    const link = reply.locator('a');
    expect(await link.getAttribute('href')).toBe('https://track.example/123');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    // A person's bubble looks different from the assistant's, so nobody mistakes one for the other.
    const background = (selector: string) =>
      page
        .locator(`tandem-chat ${selector} .bubble`)
        .first()
        .evaluate((element) => getComputedStyle(element).backgroundColor);
    expect(await background('.message.agent')).not.toBe(await background('.message.assistant:not(.greeting)'));

    await conversations.closeConversation(conversationId, 'agent');
    await expect.poll(() => banner(page).textContent()).toContain('This conversation has ended.');
    await page.getByRole('button', { name: 'Great' }).click();
    await expect.poll(() => banner(page).textContent()).toContain('Thank you for your feedback!');
    expect((await conversations.store.getConversation(conversationId))?.rating?.score).toBe(5);
    await page.close();
  });

  it('lets the visitor end the chat with a person: the relay closes it as theirs and the widget asks for a rating', async () => {
    const page = await browser.newPage();
    const conversationId = await startChat(page, 'How long do I have to return an item?');
    const { conversations } = site.relay;
    await page.getByRole('button', { name: 'Talk to a person' }).click();
    await expect.poll(async () => (await conversations.store.getConversation(conversationId))?.mode).toBe('waiting');
    await conversations.agentJoined(conversationId, { name: 'Omar' });
    await expect.poll(() => banner(page).getAttribute('data-state')).toBe('human');

    await page.getByRole('button', { name: 'End chat' }).click();
    await expect.poll(() => banner(page).getAttribute('data-state')).toBe('closed');
    expect(await banner(page).textContent()).toContain('This conversation has ended.');
    expect(await conversations.store.getConversation(conversationId)).toMatchObject({
      mode: 'closed',
      closedBy: 'visitor',
    });
    await page.getByRole('button', { name: 'Great' }).click();
    await expect.poll(async () => (await conversations.store.getConversation(conversationId))?.rating?.score).toBe(5);
    await page.close();
  });

  it('says honestly when nobody is available and takes an email address, by keyboard alone', async () => {
    const page = await browser.newPage();
    const conversationId = await startChat(page, 'How long does shipping take?');
    await page.getByRole('button', { name: 'Talk to a person' }).click();
    await expect
      .poll(async () => (await site.relay.conversations.store.getConversation(conversationId))?.mode)
      .toBe('waiting');
    await site.relay.conversations.markHandoffUnavailable(conversationId, 'outside opening hours');
    await expect
      .poll(() => banner(page).textContent())
      .toContain('Nobody is available right now. Leave your email and we will reply.');

    const email = page.getByRole('textbox', { name: 'Your email' });
    await email.focus();
    await page.keyboard.type('maya@example');
    await page.keyboard.press('Enter');
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('tandem-chat #tandem-contact-error').textContent()).toBe('Enter a valid email address.');

    await email.fill('maya@example.com');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => banner(page).textContent())
      .toContain('Thank you. Your address is saved for our team to see when they are back.');
    expect((await site.relay.conversations.store.getConversation(conversationId))?.contact).toMatchObject({
      email: 'maya@example.com',
    });
    await page.close();
  });

  it('follows new messages, but not while the visitor reads back; then offers a jump to the latest', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const conversationId = await startChat(page, 'How long do I have to return an item?');
    const { conversations } = site.relay;
    const log = page.locator('tandem-chat .log');
    const atEnd = () => log.evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight < 2);
    const reply = (index: number) =>
      conversations.appendAgentMessage(conversationId, {
        author: { name: 'Omar' },
        text: `Update ${index}: still checking your order, thank you for waiting.`,
        externalId: `reply-${index}`,
      });

    for (let index = 1; index <= 8; index++) await reply(index);
    await expect.poll(() => page.locator('tandem-chat .message.agent').count()).toBe(8);
    await expect.poll(atEnd).toBe(true);

    await log.evaluate((element) => {
      element.scrollTop = 0;
    });
    await reply(9);
    await expect.poll(() => page.locator('tandem-chat .message.agent').count()).toBe(9);
    expect(await log.evaluate((element) => element.scrollTop)).toBe(0);
    const jump = page.getByRole('button', { name: 'New messages ↓' });
    await expect.poll(() => jump.isVisible()).toBe(true);

    await jump.click();
    await expect.poll(atEnd).toBe(true);
    expect(await jump.count()).toBe(0);
    await reply(10);
    await expect.poll(() => page.locator('tandem-chat .message.agent').count()).toBe(10);
    await expect.poll(atEnd).toBe(true);
    await page.close();
  });
});
