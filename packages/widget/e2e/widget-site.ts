import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createInboxHandoff, createOfflineAssistant, createRelay, type Relay } from '@tandem/relay';
import { type RunningServer, serveApp } from '@tandem/relay/node';
import type { Page } from '@tandem/test-utils';
import { Hono } from 'hono';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

const knowledge = [
  {
    id: 'returns',
    markdown:
      '## Return window\nYou have **30 days** from delivery to return an item for a full refund.\n\n' +
      '- Pack it in its original box\n- Print the label from your account\n- Drop it at any post office',
  },
  { id: 'shipping', markdown: '## Shipping time\nOrders ship within two working days and arrive in three to five.' },
];

export interface SitePage {
  html: string;
  /** Response headers, e.g. a Content-Security-Policy. */
  headers?: Record<string, string>;
}

export interface WidgetSite {
  url: string;
  relay: Relay;
  /** Adds or replaces a page (or a stylesheet: any path, any body) the site serves. */
  setPage(path: string, page: SitePage): void;
  close(): Promise<void>;
}

/**
 * One origin serving the host pages, the built widget (dist/tandem.js and dist/i18n/*.js) and the real relay
 * under /v1, so a page under `default-src 'self'` reaches everything it needs without any exception.
 */
export async function startWidgetSite(options: { wordDelayMs?: number } = {}): Promise<WidgetSite> {
  const relay = createRelay({
    secret: crypto.randomUUID() + crypto.randomUUID(),
    assistant: createOfflineAssistant({ knowledge, showSources: true, wordDelayMs: options.wordDelayMs ?? 0 }),
    allowedOrigins: '*',
    logLevel: 'warn',
    // A test machine shared with other jobs stalls now and then; shedding has its own test.
    loadShedding: false,
    // Someone to hand to (the agent page), so "Talk to a person" waits for a person instead of being told nobody is there.
    handoff: { adapters: [createInboxHandoff()], development: true },
    // These tests drive the path to a person from the relay side; the escalation policy (which would hand off an
    // unanswerable question by itself) is tested in packages/relay/e2e/escalation.test.ts.
    policy: false,
  });
  const pages = new Map<string, SitePage>();
  const app = new Hono()
    .all('/v1/*', (context) => relay.fetch(context.req.raw))
    .get('/:file{(tandem|tandem-panel|tandem-attach|loader)\\.js}', async (context) =>
      script(context.body, await readFile(`${dist}${context.req.param('file')}`)),
    )
    .get('/i18n/:file{[a-z]{2}\\.js}', async (context) =>
      script(context.body, await readFile(`${dist}i18n/${context.req.param('file')}`)),
    )
    .get('*', (context) => {
      const page = pages.get(context.req.path);
      if (!page) return context.text('Not found', 404);
      const extension = /\.(css|js)$/.exec(context.req.path)?.[1];
      const type = extension === 'css' ? 'text/css' : extension === 'js' ? 'text/javascript' : 'text/html';
      return context.body(page.html, 200, { 'content-type': `${type}; charset=utf-8`, ...page.headers });
    });
  const server: RunningServer = await serveApp({ app });
  return {
    url: server.url,
    relay,
    setPage: (path, page) => pages.set(path, page),
    close: () => server.close(),
  };
}

function script(body: (data: Uint8Array, status: 200, headers: Record<string, string>) => Response, data: Buffer) {
  return body(new Uint8Array(data), 200, { 'content-type': 'text/javascript; charset=utf-8' });
}

/** A host page that embeds the widget with one script tag; `attributes` become `data-*` options. */
export function hostPage(
  relayUrl: string,
  attributes: Record<string, string> = {},
  extra: { head?: string; body?: string; lang?: string } = {},
): string {
  const data = Object.entries({ 'relay-url': relayUrl, 'site-id': 'shop', ...attributes })
    .map(([name, value]) => ` data-${name}="${value.replace(/"/g, '&quot;')}"`)
    .join('');
  return `<!doctype html><html lang="${extra.lang ?? 'en'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Fernwood Goods</title>${extra.head ?? ''}</head>
<body><header><h1>Fernwood Goods</h1></header><main><p>Gear for the long way round.</p>
<button id="host-button">A host button</button>${extra.body ?? ''}</main>
<script async src="/tandem.js"${data}></script></body></html>`;
}

/** Resolves once the widget has drawn its launcher inside its shadow root. */
export async function waitForWidget(page: Page): Promise<void> {
  await page.waitForFunction(
    () => document.querySelector('tandem-chat')?.shadowRoot?.querySelector('.launcher'),
    null,
    {
      timeout: 10_000,
    },
  );
}

/** The id of the conversation the widget talks in, read from the events request it opened. */
export async function conversationIdOf(page: Page): Promise<string> {
  const request = await page.waitForRequest((candidate) => /\/v1\/conversations\/[^/]+\/events/.test(candidate.url()), {
    timeout: 10_000,
  });
  const id = /\/v1\/conversations\/([^/]+)\/events/.exec(request.url())?.[1];
  if (!id) throw new Error('no conversation id in the events request');
  return id;
}

/** The computed value of a CSS property on an element inside the widget's shadow root. */
export function shadowStyle(page: Page, selector: string, property: string): Promise<string> {
  return page.evaluate(
    ([selector, property]) => {
      const element = document.querySelector('tandem-chat')?.shadowRoot?.querySelector(selector);
      return element ? getComputedStyle(element).getPropertyValue(property) : 'missing';
    },
    [selector, property] as const,
  );
}
