import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { createOfflineAssistant, createRelay } from '../packages/relay/src/index.ts';
import { type Browser, launchChromium, type Page } from '../packages/test-utils/src/index.ts';
import type { Benchmark, Budget, Figure } from './lib/benchmark.ts';
import { median, round } from './lib/statistics.ts';
import { BENCH_RELAY_OPTIONS, KNOWLEDGE } from './lib/workload.ts';

const ROUNDS = 5;
const THROTTLED_RATE = 4;
/** How long the page is left alone after its load event before the visitor reaches for the chat. */
const QUIET_MS = 2500;
/** What the visitor's first reach can cost before the merchant's page pays it on every view. */
const BUDGET = { bytesBeforeInteraction: 3 * 1024, longTasksBeforeInteraction: 0, clickToTextBoxMs: 100 };

const SHOP = new URL('../examples/shop/', import.meta.url);
const WIDGET_DIST = new URL('../packages/widget/dist/', import.meta.url);
/** The merchant's own files: what the page costs without any chat. Everything else is the widget's. */
const MERCHANT_PATHS = new Set(['/', '/shop.css', '/favicon.ico']);

type Prefetch = 'intent' | 'idle';

interface Visit {
  /** Bytes on the wire (headers and gzipped bodies) the widget caused before the visitor touched anything. */
  bytesBeforeInteraction: number;
  longTasksBeforeInteraction: number;
  /** Sum of each long task's time beyond 50 ms (total blocking time) before interaction. */
  blockingMsBeforeInteraction: number;
  /** From the pointer reaching the launcher and clicking at once to the frame that shows the open text box. */
  clickToTextBoxMs: number;
  /** Everything the widget fetched by the time the text box is ready. */
  bytesWhenReady: number;
}

/**
 * The example merchant page (examples/shop) with the widget's loader, in real Chromium: what a page view costs
 * before the visitor engages (bytes on the wire, long tasks) and how soon the chat's text box is ready after a
 * click, with the default loader (the bundle on intent) and `data-prefetch="idle"` side by side, unthrottled and
 * under a 4× CPU throttle. Each visit starts from an empty cache; files are served gzipped, as a CDN would.
 */
export const widgetIntent: Benchmark = {
  name: 'widget-intent',
  description: `example shop page in Chromium, loader on intent vs data-prefetch="idle", ${ROUNDS} visits each, 1× and ${THROTTLED_RATE}× CPU`,
  async run() {
    const site = await startShop();
    const browser = await launchChromium();
    const visits = new Map<string, Visit[]>();
    try {
      for (let index = 0; index < ROUNDS; index++) {
        for (const rate of [1, THROTTLED_RATE]) {
          for (const prefetch of ['intent', 'idle'] as const) {
            const key = `${prefetch}@${rate}`;
            const visit = await visitShop(browser, site.url, prefetch, rate);
            visits.set(key, [...(visits.get(key) ?? []), visit]);
          }
        }
      }
    } finally {
      await browser.close();
      await site.close();
    }
    const of = (prefetch: Prefetch, rate: number) => visits.get(`${prefetch}@${rate}`) ?? [];
    const figures: Figure[] = [];
    for (const rate of [1, THROTTLED_RATE]) {
      for (const prefetch of ['intent', 'idle'] as const) {
        const runs = of(prefetch, rate);
        const label = `${prefetch === 'intent' ? 'on intent (default)' : 'data-prefetch="idle"'}, ${rate}× CPU`;
        figures.push(
          {
            label: `${label}: bytes before interaction p50`,
            value: median(runs.map((run) => run.bytesBeforeInteraction)),
            unit: 'B',
          },
          {
            label: `${label}: long tasks before interaction (most in a visit)`,
            value: Math.max(...runs.map((run) => run.longTasksBeforeInteraction)),
            unit: '',
          },
          {
            label: `${label}: blocking time before interaction p50`,
            value: round(median(runs.map((run) => run.blockingMsBeforeInteraction))),
            unit: 'ms',
          },
          {
            label: `${label}: click → text box ready p50`,
            value: round(median(runs.map((run) => run.clickToTextBoxMs))),
            unit: 'ms',
          },
          {
            label: `${label}: bytes once the text box is ready p50`,
            value: median(runs.map((run) => run.bytesWhenReady)),
            unit: 'B',
          },
        );
      }
    }
    const intent = of('intent', 1);
    const budgets: Budget[] = [
      {
        label: 'on intent: bytes before interaction (largest visit)',
        value: Math.max(...intent.map((run) => run.bytesBeforeInteraction)),
        limit: BUDGET.bytesBeforeInteraction,
        unit: 'B',
      },
      {
        label: 'on intent: long tasks before interaction (most in a visit)',
        value: Math.max(...intent.map((run) => run.longTasksBeforeInteraction)),
        limit: BUDGET.longTasksBeforeInteraction,
        unit: '',
      },
      {
        label: 'on intent: click → text box ready p50, 1× CPU',
        value: round(median(intent.map((run) => run.clickToTextBoxMs))),
        limit: BUDGET.clickToTextBoxMs,
        unit: 'ms',
      },
    ];
    return { figures, budgets };
  },
};

// --- internal ---

/** Marks taken inside the page: long tasks from the start, and the pointer's arrival to the shown text box. */
const PAGE_PROBE = `(() => {
  const probe = { longTasks: [], pointerAt: undefined, readyAt: undefined };
  window.__benchProbe = probe;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  addEventListener('pointerover', () => {
    if (probe.pointerAt !== undefined) return;
    probe.pointerAt = performance.now();
    const check = () => {
      const box = document.querySelector('tandem-chat')?.shadowRoot?.querySelector('textarea');
      const shown = box && !box.disabled && box.getBoundingClientRect().height > 0;
      if (shown) probe.readyAt = performance.now();
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }, { capture: true });
})();`;

interface PageProbe {
  longTasks: { start: number; duration: number }[];
  pointerAt?: number;
  readyAt?: number;
}

async function visitShop(browser: Browser, siteUrl: string, prefetch: Prefetch, rate: number): Promise<Visit> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(PAGE_PROBE);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    const paths = new Map<string, string>();
    let widgetBytes = 0;
    cdp.on('Network.requestWillBeSent', (event) => paths.set(event.requestId, new URL(event.request.url).pathname));
    cdp.on('Network.loadingFinished', (event) => {
      const path = paths.get(event.requestId);
      if (path !== undefined && !MERCHANT_PATHS.has(path)) widgetBytes += event.encodedDataLength;
    });
    await page.goto(`${siteUrl}/?prefetch=${prefetch}`, { waitUntil: 'load' });
    await page.waitForTimeout(QUIET_MS);
    const bytesBeforeInteraction = widgetBytes;
    const before = (await probeOf(page)).longTasks;

    // The visitor's pointer reaches the launcher and clicks at once: no hover time to fetch the bundle in.
    const launcher = await page.locator('tandem-launcher button, tandem-chat [part~="launcher"]').first().boundingBox();
    if (!launcher) throw new Error('no launcher on the page');
    await page.mouse.click(launcher.x + launcher.width / 2, launcher.y + launcher.height / 2);
    await page.waitForFunction(
      () => (window as unknown as { __benchProbe: PageProbe }).__benchProbe.readyAt !== undefined,
      undefined,
      {
        timeout: 20_000,
      },
    );
    const probe = await probeOf(page);
    const longTasks = before.filter((task) => probe.pointerAt === undefined || task.start < probe.pointerAt);
    return {
      bytesBeforeInteraction,
      longTasksBeforeInteraction: longTasks.length,
      blockingMsBeforeInteraction: longTasks.reduce((sum, task) => sum + Math.max(0, task.duration - 50), 0),
      clickToTextBoxMs: (probe.readyAt ?? Number.NaN) - (probe.pointerAt ?? Number.NaN),
      bytesWhenReady: widgetBytes,
    };
  } finally {
    await context.close();
  }
}

function probeOf(page: Page): Promise<PageProbe> {
  return page.evaluate(() => (window as unknown as { __benchProbe: PageProbe }).__benchProbe);
}

/** The shop page, its stylesheet and the built widget on one origin, gzipped, with a real relay under /v1. */
async function startShop(): Promise<{ url: string; close(): Promise<void> }> {
  const relay = createRelay({
    ...BENCH_RELAY_OPTIONS,
    secret: 'bench-secret-bench-secret-bench-secret',
    assistant: createOfflineAssistant({ knowledge: KNOWLEDGE }),
  });
  const html = await readFile(new URL('index.html', SHOP), 'utf8');
  const files = new Map<string, { type: string; body: Buffer }>();
  const gzipped = async (url: URL, type: string) => ({ type, body: gzipSync(await readFile(url), { level: 9 }) });
  files.set('/shop.css', await gzipped(new URL('shop.css', SHOP), 'text/css'));
  for (const name of ['loader.js', 'tandem.js', 'tandem-panel.js']) {
    files.set(`/${name}`, await gzipped(new URL(name, WIDGET_DIST), 'text/javascript'));
  }
  let origin = '';
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', origin);
    try {
      if (url.pathname.startsWith('/v1/')) {
        const body = ['GET', 'HEAD'].includes(request.method ?? 'GET') ? undefined : await readBody(request);
        const answer = await relay.request(`${url.pathname}${url.search}`, {
          method: request.method ?? 'GET',
          headers: request.headers as Record<string, string>,
          ...(body ? { body: new Uint8Array(body) } : {}),
        });
        response.writeHead(answer.status, Object.fromEntries(answer.headers));
        const reader = answer.body?.getReader();
        for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
          response.write(chunk.value);
        }
        response.end();
        return;
      }
      if (url.pathname === '/') {
        const idle = url.searchParams.get('prefetch') === 'idle' ? ' data-prefetch="idle"' : '';
        const page = html
          .replace('{{RELAY_URL}}', origin)
          .replace('<script async src="/loader.js"', `<script async src="/loader.js"${idle}`);
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' });
        response.end(gzipSync(page, { level: 9 }));
        return;
      }
      const file =
        files.get(url.pathname) ?? (url.pathname.startsWith('/i18n/') ? await i18nFile(url.pathname) : undefined);
      if (!file) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, {
        'content-type': `${file.type}; charset=utf-8`,
        'content-encoding': 'gzip',
        'cache-control': 'no-cache',
      });
      response.end(file.body);
    } catch (error) {
      response.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function i18nFile(path: string) {
  if (!/^\/i18n\/[a-z]{2}\.js$/.test(path)) return undefined;
  return { type: 'text/javascript', body: gzipSync(await readFile(new URL(path.slice(1), WIDGET_DIST)), { level: 9 }) };
}

async function readBody(request: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}
