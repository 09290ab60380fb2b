import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createInboxHandoff, createOfflineAssistant, createRelay, type Relay, type RelayOptions } from '@tandem/relay';
import { loadKnowledgeFolder, type RunningServer, serveApp } from '@tandem/relay/node';
import { Hono } from 'hono';

const shopFolder = fileURLToPath(new URL('./shop/', import.meta.url));
const widgetBundle = fileURLToPath(new URL('../packages/widget/dist/tandem.js', import.meta.url));
const widgetCatalogs = fileURLToPath(new URL('../packages/widget/dist/i18n/', import.meta.url));

export interface DemoOptions {
  relayPort?: number;
  shopPort?: number;
  /** Pause between streamed words, so answers read like typing. */
  wordDelayMs?: number;
  /**
   * Where handed-off conversations go. Default: the local inbox, answered on the support console at <relay>/console
   * without a token (the demo listens on loopback only).
   */
  handoff?: RelayOptions['handoff'];
}

export interface RunningDemo {
  relay: RunningServer;
  shop: RunningServer;
  /** The relay app itself: its conversations and handoff runner. */
  relayApp: Relay;
  /** The agent page of the local inbox, when the demo hands off to it. */
  agentPage: string | undefined;
  close(): Promise<void>;
}

/** The relay with the offline assistant over the sample shop's knowledge, and the shop page that embeds the widget. */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const knowledge = await loadKnowledgeFolder(fileURLToPath(new URL('./shop/knowledge/', import.meta.url)));
  const relayApp = createRelay({
    // The demo runs on loopback only; a real deployment sets its own secret (see docs/relay.md).
    secret: crypto.randomUUID() + crypto.randomUUID(),
    assistant: createOfflineAssistant({ knowledge, wordDelayMs: options.wordDelayMs ?? 0 }),
    allowedOrigins: '*',
    handoff: options.handoff ?? { adapters: [createInboxHandoff()], development: true },
  });
  const relay = await serveApp({ app: relayApp, port: options.relayPort ?? 0 });

  const shopApp = new Hono()
    .get('/', async (context) => {
      const page = await readFile(`${shopFolder}index.html`, 'utf8');
      return context.html(page.replace('{{RELAY_URL}}', relay.url));
    })
    .get('/shop.css', async (context) =>
      context.body(await readFile(`${shopFolder}shop.css`), 200, { 'content-type': 'text/css; charset=utf-8' }),
    )
    .get('/tandem.js', async (context) =>
      context.body(await readFile(widgetBundle), 200, { 'content-type': 'text/javascript; charset=utf-8' }),
    )
    // The panel and the attachments are chunks of their own, fetched by tandem.js from beside it when needed.
    .get('/:chunk{tandem-(panel|attach)\\.js}', async (context) =>
      context.body(await readFile(new URL(context.req.param('chunk'), `file://${widgetBundle}`)), 200, {
        'content-type': 'text/javascript; charset=utf-8',
      }),
    )
    .get('/loader.js', async (context) =>
      context.body(await readFile(new URL('loader.js', `file://${widgetBundle}`)), 200, {
        'content-type': 'text/javascript; charset=utf-8',
      }),
    )
    // The widget loads a visitor's translations from beside tandem.js, only the one it needs.
    .get('/i18n/:file{[a-z]{2}\\.js}', async (context) =>
      context.body(await readFile(`${widgetCatalogs}${context.req.param('file')}`), 200, {
        'content-type': 'text/javascript; charset=utf-8',
      }),
    );
  const shop = await serveApp({ app: shopApp, port: options.shopPort ?? 0 });

  return {
    relay,
    shop,
    relayApp,
    agentPage: relayApp.handoff?.adapter('inbox') ? `${relay.url}/console` : undefined,
    async close() {
      relayApp.handoff?.stop();
      await Promise.all([shop.close(), relay.close()]);
    },
  };
}
