/**
 * Regenerates docs/images/widget-themed.png: the widget with a merchant theme, mid-conversation with the
 * assistant and a person, in headless Chromium. Run: `pnpm --filter @tandem/widget build && tsx e2e/screenshot.ts`.
 */
import { fileURLToPath } from 'node:url';
import { launchChromium } from '@tandem/test-utils';
import { conversationIdOf, hostPage, startWidgetSite, waitForWidget } from './widget-site.ts';

const output = fileURLToPath(new URL('../../../docs/images/widget-themed.png', import.meta.url));
const site = await startWidgetSite();
const browser = await launchChromium();
try {
  site.setPage('/', {
    html: hostPage(
      site.url,
      {
        title: 'Fernwood Support',
        greeting: 'Hi! Ask me about shipping, returns or your order.',
        'primary-color': '#0f766e',
        radius: '12px',
        'font-family': 'Georgia, serif',
        'color-scheme': 'light',
      },
      {
        head: '<style>body{font:18px system-ui;margin:0;background:#f5f1ea;color:#333}header,main{padding:24px 48px}</style>',
      },
    ),
  });
  const page = await browser.newPage({ viewport: { width: 1000, height: 760 } });
  await page.goto(site.url);
  await waitForWidget(page);
  await page.locator('tandem-chat .launcher').click();
  const conversation = conversationIdOf(page);
  const composer = page.getByRole('textbox', { name: 'Your message' });
  await composer.fill('How long do I have to return an item?');
  await composer.press('Enter');
  const conversationId = await conversation;
  await page.locator('tandem-chat .message.assistant[data-status="complete"]:not(.greeting)').waitFor();
  await page.getByRole('button', { name: 'Talk to a person' }).click();
  for (let attempt = 0; attempt < 50; attempt++) {
    if ((await site.relay.conversations.store.getConversation(conversationId))?.mode === 'waiting') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await site.relay.conversations.appendAgentMessage(conversationId, {
    author: { name: 'Maya Lindqvist' },
    text: 'Hi, I am Maya. I can start the return for you right now, just tell me your **order number**.',
    externalId: 'screenshot-1',
  });
  await page.locator('tandem-chat .message.agent').waitFor();
  await page.locator('tandem-chat .panel').evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
  await page.screenshot({ path: output });
  console.log(`wrote ${output}`);
} finally {
  await browser.close();
  await site.close();
}
