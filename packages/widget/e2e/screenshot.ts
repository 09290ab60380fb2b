/**
 * Regenerates the screenshots of docs/theming.md in headless Chromium, from the built widget against a real relay:
 * light (a merchant theme, mid-conversation with the assistant and a person), dark, right to left, a phone, and the
 * greeting of every locale. Run: `pnpm --filter @tandem/widget build && pnpm --filter @tandem/widget screenshots`.
 */
import { fileURLToPath } from 'node:url';
import { type Browser, launchChromium, type Page } from '@tandem/test-utils';
import { conversationIdOf, hostPage, startWidgetSite, type WidgetSite, waitForWidget } from './widget-site.ts';

const images = fileURLToPath(new URL('../../../docs/images/', import.meta.url));
const STYLE =
  '<style>body{font:18px system-ui;margin:0;background:#f5f1ea;color:#333}header,main{padding:24px 48px}</style>';
const DARK_STYLE =
  '<style>body{font:18px system-ui;margin:0;background:#0b1020;color:#ddd}header,main{padding:24px 48px}</style>';

/** What the merchant greets with, in each language the widget speaks. */
const GREETINGS: Record<string, string> = {
  en: 'Hi! Ask me about shipping, returns or your order.',
  es: '¡Hola! Pregúntame por envíos, devoluciones o tu pedido.',
  de: 'Hallo! Frag mich zu Versand, Rücksendungen oder deiner Bestellung.',
  fr: 'Bonjour ! Posez-moi vos questions sur la livraison, les retours ou votre commande.',
  sv: 'Hej! Fråga mig om frakt, returer eller din beställning.',
  pt: 'Olá! Pergunte-me sobre envios, devoluções ou a sua encomenda.',
  ar: 'مرحبًا! اسألني عن الشحن أو الإرجاع أو طلبك.',
};

const site = await startWidgetSite();
const browser = await launchChromium();
try {
  await conversation(site, browser, 'widget-themed.png', { 'color-scheme': 'light' }, STYLE, 'light');
  await conversation(site, browser, 'widget-dark.png', { 'color-scheme': 'dark' }, DARK_STYLE, 'dark');
  await conversation(site, browser, 'widget-rtl.png', { locale: 'ar', 'color-scheme': 'light' }, STYLE, 'light');
  await phone(site, browser);
  for (const [locale, greeting] of Object.entries(GREETINGS)) await greetingShot(site, browser, locale, greeting);
} finally {
  await browser.close();
  await site.close();
}

/** The merchant theme of the docs' first example, mid-conversation: the assistant, then Maya from the team. */
async function conversation(
  site: WidgetSite,
  browser: Browser,
  file: string,
  attributes: Record<string, string>,
  style: string,
  scheme: 'light' | 'dark',
): Promise<void> {
  const arabic = attributes.locale === 'ar';
  site.setPage(`/${file}`, {
    html: hostPage(
      site.url,
      {
        title: arabic ? 'دعم فيرنوود' : 'Fernwood Support',
        greeting: arabic ? (GREETINGS.ar as string) : (GREETINGS.en as string),
        'primary-color': '#0f766e',
        radius: '12px',
        'font-family': 'Georgia, serif',
        'reply-time': 'hours',
        ...attributes,
      },
      { head: style, lang: arabic ? 'ar' : 'en' },
    ),
  });
  const page = await browser.newPage({ viewport: { width: 1000, height: 760 }, colorScheme: scheme });
  await page.goto(`${site.url}/${file}`);
  await waitForWidget(page);
  await page.locator('tandem-chat .launcher').click();
  const conversationId = conversationIdOf(page);
  const composer = page.locator('tandem-chat textarea');
  await composer.fill(arabic ? 'How long do I have to return an item?' : 'How long do I have to return an item?');
  await composer.press('Enter');
  const id = await conversationId;
  await page.locator('tandem-chat .message.assistant[data-status="complete"]:not(.greeting)').waitFor();
  await page.locator('tandem-chat [part~="handoff"]').click();
  for (let attempt = 0; attempt < 50; attempt++) {
    if ((await site.relay.conversations.store.getConversation(id))?.mode === 'waiting') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await site.relay.conversations.appendAgentMessage(id, {
    author: { name: 'Maya Lindqvist' },
    text: arabic
      ? 'مرحبًا، أنا مايا. يمكنني بدء الإرجاع لك الآن، فقط أرسل لي **رقم الطلب**.'
      : 'Hi, I am Maya. I can start the return for you right now, just tell me your **order number**.',
    externalId: `screenshot-${file}`,
  });
  await page.locator('tandem-chat .message.agent').waitFor();
  await settle(page);
  await page.screenshot({ path: `${images}${file}` });
  console.log(`wrote docs/images/${file}`);
  await page.close();
}

/** A 375 × 667 phone: the open panel fills the screen, the text box at 16 px. */
async function phone(site: WidgetSite, browser: Browser): Promise<void> {
  site.setPage('/phone', {
    html: hostPage(site.url, { greeting: GREETINGS.en as string, 'color-scheme': 'light', 'reply-time': 'minutes' }),
  });
  const page = await browser.newPage({ viewport: { width: 375, height: 667 }, deviceScaleFactor: 2 });
  await page.goto(`${site.url}/phone`);
  await waitForWidget(page);
  await page.locator('tandem-chat .launcher').click();
  await page.locator('tandem-chat textarea').fill('Where is my order?');
  await settle(page);
  await page.screenshot({ path: `${images}widget-phone.png` });
  console.log('wrote docs/images/widget-phone.png');
  await page.close();
}

/** The panel just opened in one locale, with the merchant's greeting in that language. */
async function greetingShot(site: WidgetSite, browser: Browser, locale: string, greeting: string): Promise<void> {
  site.setPage(`/greeting-${locale}`, {
    html: hostPage(
      site.url,
      { locale, 'color-scheme': 'light', strings: JSON.stringify({ [locale]: { greeting } }) },
      { head: STYLE, lang: locale },
    ),
  });
  const page = await browser.newPage({ viewport: { width: 900, height: 720 } });
  await page.goto(`${site.url}/greeting-${locale}`);
  await waitForWidget(page);
  await page.locator('tandem-chat .launcher').click();
  await page.locator('tandem-chat .message.greeting').waitFor();
  await settle(page);
  const panel = await page.locator('tandem-chat .panel').boundingBox();
  if (!panel) throw new Error('no panel on screen');
  await page.screenshot({
    path: `${images}greeting-${locale}.png`,
    clip: { x: panel.x - 10, y: panel.y - 10, width: panel.width + 20, height: panel.height + 20 },
  });
  console.log(`wrote docs/images/greeting-${locale}.png`);
  await page.close();
}

/** Past the panel's entrance animation and the text box's caret. */
async function settle(page: Page): Promise<void> {
  await page.locator('tandem-chat textarea').evaluate((element) => (element as HTMLTextAreaElement).blur());
  await page.waitForTimeout(400);
}
