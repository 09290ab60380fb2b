import { createInboxHandoff } from '@tandem/relay';
import type { Browser, Page } from '@tandem/test-utils';
import { launchChromium } from '@tandem/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDemo, startDemo } from '../demo.ts';

describe('the demo loop through the local inbox, in real Chromium', () => {
  let demo: RunningDemo;
  let browser: Browser;
  let visitor: Page;
  let agent: Page;
  const agentPageErrors: string[] = [];

  beforeAll(async () => {
    demo = await startDemo();
    browser = await launchChromium();
    visitor = await (await browser.newContext()).newPage();
    agent = await (await browser.newContext()).newPage();
    agent.on('console', (message) => {
      if (message.type() === 'error') agentPageErrors.push(message.text());
    });
    agent.on('pageerror', (error) => agentPageErrors.push(error.message));
    agent.on('response', (response) => {
      if (response.status() >= 400) agentPageErrors.push(`${response.status()} ${response.url()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('lets a person see the context, take over, reply and close from the support console', async () => {
    expect(demo.agentPage).toBe(`${demo.relay.url}/console`);
    await visitor.goto(demo.shop.url);
    await visitor.locator('tandem-launcher button, tandem-chat .launcher').first().click();
    const composer = visitor.getByRole('textbox', { name: 'Your message' });
    await composer.fill('How long do I have to return an item?');
    await composer.press('Enter');
    await expect.poll(() => visitor.locator('tandem-chat .message.assistant:not(.greeting)').count()).toBe(1);
    await visitor.locator('tandem-chat button[part~="handoff"]').click();
    const banner = visitor.locator('tandem-chat .banner[data-state]').last();
    await expect.poll(() => banner.getAttribute('data-state')).toBe('waiting');

    await agent.goto(demo.agentPage ?? '');
    await agent.getByLabel('Your name').fill('Sam');
    await agent.getByLabel('Your name').dispatchEvent('change');
    const item = agent.locator('#conversation-rows tr').first();
    await expect.poll(() => item.textContent(), { timeout: 10_000 }).toContain('pressed "Talk to a person"');
    await item.locator('button.open').click();
    await expect.poll(() => agent.locator('#facts').textContent()).toContain('How long do I have to return an item');
    await expect.poll(() => agent.locator('#transcript li.visitor').first().textContent()).toContain('return an item');

    await agent.getByRole('button', { name: 'Take over' }).click();
    await expect.poll(() => banner.getAttribute('data-state')).toBe('human');
    await agent.getByLabel('Reply to the customer').fill('Hi, Sam here. Which address should it go to?');
    await agent.getByRole('button', { name: 'Send', exact: true }).click();

    const agentMessage = visitor.locator('tandem-chat .message.agent');
    await expect.poll(() => agentMessage.count(), { timeout: 10_000 }).toBe(1);
    expect(await agentMessage.locator('.author').textContent()).toBe('Sam');
    expect(await agentMessage.locator('.body').textContent()).toBe('Hi, Sam here. Which address should it go to?');

    await composer.fill('12 Harbour Street, Leith');
    await composer.press('Enter');
    await expect
      .poll(() => agent.locator('#transcript li.visitor').last().textContent(), { timeout: 10_000 })
      .toContain('12 Harbour Street, Leith');

    await agent.getByRole('button', { name: 'Close conversation' }).click();
    await expect.poll(() => banner.getAttribute('data-state'), { timeout: 10_000 }).toBe('closed');
    await expect.poll(() => visitor.locator('tandem-chat [part~="rating"]').isVisible()).toBe(true);
    // Nothing on the console broke, including under its Content-Security-Policy.
    expect(agentPageErrors).toEqual([]);
  });
});

describe('the support console outside development', () => {
  const token = 'agent-page-token-0123456789abcdef';
  let demo: RunningDemo;
  let browser: Browser;

  beforeAll(async () => {
    demo = await startDemo({ handoff: { adapters: [createInboxHandoff()], inboxToken: token } });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('asks for the inbox token and shows nothing until it is right', async () => {
    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto(demo.shop.url);
    await visitor.locator('tandem-launcher button, tandem-chat .launcher').first().click();
    await visitor.locator('tandem-chat button[part~="handoff"]').click();
    await expect
      .poll(() => visitor.locator('tandem-chat .banner[data-state]').last().getAttribute('data-state'))
      .toBe('waiting');

    const agent = await (await browser.newContext()).newPage();
    await agent.goto(demo.agentPage ?? '');
    const tokenInput = agent.getByLabel('Staff token');
    await expect.poll(() => tokenInput.isVisible()).toBe(true);
    expect(await agent.locator('#conversation-rows tr').count()).toBe(0);

    await tokenInput.fill('not-the-token-at-all-0000000000');
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => agent.locator('#sign-in-message').textContent()).toContain('not accepted');
    expect(await tokenInput.isVisible()).toBe(true);
    expect(await agent.locator('#conversation-rows tr').count()).toBe(0);

    await tokenInput.fill(token);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => agent.locator('#conversation-rows tr').count(), { timeout: 10_000 }).toBe(1);
    expect(await agent.locator('#conversation-rows tr').first().textContent()).toContain('pressed "Talk to a person"');
  });
});
