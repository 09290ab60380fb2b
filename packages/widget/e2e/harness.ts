import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { connect, createServer as createTcpServer, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { ConversationEvent, Message } from '@tandem/protocol';
import { createOfflineAssistant, createRelay, type Relay } from '@tandem/relay';
import { type RunningServer, serveApp } from '@tandem/relay/node';
import { type Browser, launchChromium, type Page } from '@tandem/test-utils';
import { afterAll, afterEach, beforeAll } from 'vitest';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

const knowledge = [
  {
    id: 'returns',
    markdown:
      '## Return window\nYou have 30 days from delivery to return an item for a full refund. ' +
      'Pack it in its original box, print the label from your account and drop it at any post office.',
  },
  { id: 'shipping', markdown: '## Shipping time\nOrders ship within two working days and arrive in three to five.' },
];

/**
 * A TCP proxy in front of the relay, so a test can take the relay away for real (connections refused,
 * open streams cut) and bring it back on the same address, while the relay keeps its conversations.
 */
export interface RelayProxy {
  url: string;
  /** Refuses new connections and cuts the open ones. */
  stop(): Promise<void>;
  /** Accepts connections again on the same port (nothing to do when it already does). */
  start(): Promise<void>;
  /** Cuts every open connection (an SSE drop) and keeps accepting new ones. */
  cut(): void;
}

export interface E2eServers {
  relay: Relay;
  relayServer: RunningServer;
  proxy: RelayProxy;
  site: { url: string; close(): Promise<void> };
  /** Visitor messages the relay stored for a conversation, in order. */
  storedVisitorMessages(conversationId: string): Promise<Message[]>;
  events(conversationId: string): Promise<ConversationEvent[]>;
  close(): Promise<void>;
}

export type PageKind = 'script-tag' | 'loader';

/**
 * The servers and one Chromium for the enclosing describe block: started before its first test, stopped after its
 * last. Read the fields inside tests; they are filled in by then.
 */
export function useServersAndBrowser(options: { wordDelayMs?: number } = {}): {
  servers: E2eServers;
  browser: Browser;
} {
  const running = {} as { servers: E2eServers; browser: Browser };
  beforeAll(async () => {
    running.servers = await startServers(options);
    running.browser = await launchChromium();
  }, 30_000);
  // A test that fails while the relay is away must not leave it away for the tests after it.
  afterEach(() => running.servers?.proxy.start());
  afterAll(async () => {
    await running.browser?.close();
    await running.servers?.close();
  }, 30_000);
  return running;
}

/** The real relay (offline assistant) behind a proxy, and a host site serving the built widget. */
export async function startServers(options: { wordDelayMs?: number } = {}): Promise<E2eServers> {
  const relay = createRelay({
    secret: crypto.randomUUID() + crypto.randomUUID(),
    assistant: createOfflineAssistant({ knowledge, wordDelayMs: options.wordDelayMs ?? 0 }),
    allowedOrigins: '*',
    logLevel: 'warn',
    // A test machine shared with other jobs stalls now and then; shedding has its own test.
    loadShedding: false,
    // Lets a dropped stream come back fast in tests; browsers default to the relay's hint.
    reconnectDelayMs: 200,
    heartbeatIntervalMs: 1000,
  });
  const relayServer = await serveApp({ app: relay });
  const proxy = await startProxy(relayServer.port);
  const site = await startSite(proxy.url);
  const events = (conversationId: string) => relay.conversations.store.readEvents(conversationId, 0);
  return {
    relay,
    relayServer,
    proxy,
    site,
    events,
    async storedVisitorMessages(conversationId) {
      return (await events(conversationId)).flatMap((event) =>
        event.type === 'message' && event.message.role === 'visitor' ? [event.message] : [],
      );
    },
    async close() {
      await Promise.all([site.close(), proxy.stop(), relayServer.close()]);
    },
  };
}

/** Visitor messages as the page shows them: one entry per message element in the shadow root. */
export function shownMessages(page: Page, role: 'visitor' | 'assistant' | 'agent' = 'visitor') {
  return page.evaluate((part) => {
    const root = document.querySelector('tandem-chat')?.shadowRoot;
    return [...(root?.querySelectorAll(`[part~="message-${part}"]`) ?? [])].map((element) => ({
      text: element.textContent ?? '',
      status: element.getAttribute('data-status'),
    }));
  }, role);
}

/** Resolves with the id of the next conversation the page creates. */
export async function nextConversationId(page: Page): Promise<string> {
  const response = await page.waitForResponse(
    (candidate) => candidate.url().endsWith('/v1/conversations') && candidate.request().method() === 'POST',
    { timeout: 10_000 },
  );
  return ((await response.json()) as { conversationId: string }).conversationId;
}

// --- internal ---

function startProxy(targetPort: number): Promise<RelayProxy> {
  const sockets = new Set<Socket>();
  let server = createTcpServer();
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createTcpServer((client) => {
        const upstream = connect(targetPort, '127.0.0.1');
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as { port: number }).port;
        resolve();
      });
    });
  const cut = () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };
  return listen().then(() => ({
    url: `http://127.0.0.1:${port}`,
    start: () => (server.listening ? Promise.resolve() : listen()),
    cut,
    stop: () =>
      new Promise<void>((resolve) => {
        cut();
        if (!server.listening) resolve();
        else server.close(() => resolve());
      }),
  }));
}

/** The nonce of the strict page's scripts: no 'unsafe-inline', no 'unsafe-eval', no host allow-list for scripts. */
export const STRICT_NONCE = 'tandem-e2e-nonce';

/** A host site whose pages embed the built widget, talking to the relay at `relayUrl`. */
export function startSite(relayUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const pages: Record<string, string> = {
    '/': page(`<script async src="/tandem.js" data-relay-url="${relayUrl}" data-site-id="shop"></script>`),
    // The loader without options: the page boots the widget itself with Tandem('boot', …).
    '/bare': page(
      '<script>window.Tandem=window.Tandem||((...args)=>{Tandem.q=Tandem.q||[];Tandem.q.push(args)})</script>' +
        '<script async src="/loader.js"></script>',
    ),
    '/loader': page(
      '<script>window.Tandem=window.Tandem||((...args)=>{Tandem.q=Tandem.q||[];Tandem.q.push(args)})</script>' +
        `<script async src="/loader.js" data-relay-url="${relayUrl}" data-site-id="shop"></script>`,
    ),
    // The merchant's choice of the old behaviour: the bundle when the browser is idle, intent or not.
    '/loader-idle': page(
      `<script async src="/loader.js" data-prefetch="idle" data-relay-url="${relayUrl}" data-site-id="shop"></script>`,
    ),
    // The loader under a strict Content-Security-Policy (see STRICT_POLICY): the inline line carries the nonce.
    '/strict': page(
      `<script nonce="${STRICT_NONCE}">window.Tandem=window.Tandem||((...args)=>{Tandem.q=Tandem.q||[];Tandem.q.push(args)})</script>` +
        `<script async nonce="${STRICT_NONCE}" src="/loader.js" data-relay-url="${relayUrl}" data-site-id="shop"></script>`,
    ),
  };
  const strictPolicy = `default-src 'self'; script-src 'nonce-${STRICT_NONCE}'; style-src 'self'; connect-src ${relayUrl}`;
  const server: Server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (pages[path]) {
      response.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        ...(path === '/strict' ? { 'content-security-policy': strictPolicy } : {}),
      });
      response.end(pages[path]);
    } else if (
      ['/tandem.js', '/tandem-panel.js', '/tandem-attach.js', '/loader.js'].includes(path) ||
      path.startsWith('/i18n/')
    ) {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      response.end(await readFile(`${dist}${path.slice(1)}`));
    } else {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

function page(widget: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body><h1>Shop</h1><p>Gear for the long way round.</p>${widget}</body></html>`;
}
