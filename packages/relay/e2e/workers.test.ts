import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConversationEvent } from '@tandem/protocol';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAnthropicServer, startFakeAnthropicServer } from '../test/fake-anthropic-server.ts';
import { bundleWorker, type WorkerBundle } from './workers/bundle.ts';
import { isAssistantMessage, readEvents } from './workers/sse.ts';

const SECRET = 'workers-test-secret-0123456789abcdef';
const SHOP = 'https://shop.example';
// Any date up to the installed workerd's own works; fixed so the test does not drift with workerd updates.
const COMPATIBILITY_DATE = '2026-01-01';
const INBOX_TOKEN = 'inbox-token-0123456789abcdefghij';
const CLAUDE_ANSWER = 'Returns are free within 30 days: start one under Orders in your account.';

type WorkerName =
  | 'shop'
  | 'paced'
  | 'mounted'
  | 'bindings-only'
  | 'claude'
  | 'inbox'
  | 'helpdesk'
  | 'half-slack'
  | 'unconfigured';

let bundles: { shop: WorkerBundle; paced: WorkerBundle; mounted: WorkerBundle; defaultExport: WorkerBundle };
let runtime: Miniflare;
let anthropic: FakeAnthropicServer;
// A helpdesk behind the generic signed webhook that is down until `helpdeskUp` is set.
let helpdesk: Server;
let helpdeskUp = false;
const helpdeskOpens: string[] = [];

// One workerd process serves every Worker of this file: starting workerd is the slow part.
beforeAll(async () => {
  const [shop, paced, mounted, defaultExport] = await Promise.all([
    bundleWorker(new URL('./workers/shop-worker.ts', import.meta.url)),
    bundleWorker(new URL('./workers/paced-worker.ts', import.meta.url)),
    bundleWorker(new URL('./workers/mounted-worker.ts', import.meta.url)),
    bundleWorker(new URL('./workers/default-worker.ts', import.meta.url)),
  ]);
  bundles = { shop, paced, mounted, defaultExport };
  anthropic = await startFakeAnthropicServer({ apiKey: 'workers-test-key' });
  helpdesk = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      if (!helpdeskUp) {
        response.writeHead(503).end();
        return;
      }
      const event = JSON.parse(body) as { type: string; context?: { conversationId: string } };
      if (event.type === 'handoff.opened' && event.context) helpdeskOpens.push(event.context.conversationId);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ticketId: 'T-1' }));
    });
  });
  await new Promise<void>((resolve) => helpdesk.listen(0, '127.0.0.1', resolve));
  const helpdeskUrl = `http://127.0.0.1:${(helpdesk.address() as AddressInfo).port}/tandem`;
  const worker = (name: WorkerName, bundle: WorkerBundle, bindings: Record<string, string>) => ({
    name,
    routes: [`${name}.relay.test/*`],
    modules: true,
    script: bundle.code,
    compatibilityDate: COMPATIBILITY_DATE,
    // No nodejs_compat flag: a module importing node:* would fail to load, as it would on Cloudflare.
    bindings,
  });
  const configured = { TANDEM_SECRET: SECRET, TANDEM_ALLOWED_ORIGINS: SHOP };
  runtime = new Miniflare({
    workers: [
      worker('shop', shop, configured),
      worker('paced', paced, configured),
      worker('mounted', mounted, configured),
      worker('bindings-only', defaultExport, {
        ...configured,
        TANDEM_ALLOWED_ORIGINS: `${SHOP}, https://other.example`,
        TANDEM_KNOWLEDGE: JSON.stringify([
          { id: 'hours', markdown: '## Opening hours\nWe answer chats 9:00-17:00 CET.' },
        ]),
      }),
      worker('claude', defaultExport, {
        ...configured,
        ANTHROPIC_API_KEY: 'workers-test-key',
        ANTHROPIC_BASE_URL: anthropic.url,
        TANDEM_KNOWLEDGE: JSON.stringify([{ id: 'returns', markdown: '## Return window\nFree returns for 30 days.' }]),
      }),
      worker('inbox', defaultExport, { ...configured, TANDEM_INBOX: 'on', TANDEM_INBOX_TOKEN: INBOX_TOKEN }),
      worker('helpdesk', defaultExport, {
        ...configured,
        TANDEM_HANDOFF_WEBHOOK_URL: helpdeskUrl,
        TANDEM_HANDOFF_WEBHOOK_SECRET: 'helpdesk-secret-0123456789abcdefghij',
      }),
      worker('half-slack', defaultExport, { ...configured, TANDEM_SLACK_BOT_TOKEN: 'xoxb-1-2-3' }),
      worker('unconfigured', defaultExport, { TANDEM_ALLOWED_ORIGINS: SHOP }),
    ],
  });
  await runtime.ready;
  // Nine workerd isolates each parse a 2.7 MB bundle (the frustration classifier's weights are 350 KB of it): about
  // 40 s before the weights and 50-80 s after on a loaded two-core machine, a few seconds on an idle one.
}, 120_000);

afterAll(async () => {
  await runtime?.dispose();
  await anthropic?.close();
  helpdesk?.closeAllConnections();
  await new Promise((resolve) => helpdesk?.close(resolve));
});

function call(name: WorkerName, path: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  // Routed by host name to the Worker of that name, as Cloudflare routes a zone's requests.
  return runtime.dispatchFetch(`http://${name}.relay.test${path}`, init as never) as unknown as Promise<Response>;
}

async function createConversation(name: WorkerName) {
  const response = await call(name, '/v1/conversations', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: SHOP },
    body: JSON.stringify({ siteId: 'shop', locale: 'en' }),
  });
  expect(response.status).toBe(201);
  expect(response.headers.get('access-control-allow-origin')).toBe(SHOP);
  return (await response.json()) as { conversationId: string; token: string };
}

function openEvents(name: WorkerName, conversationId: string, token: string, lastEventId?: number) {
  return call(name, `/v1/conversations/${conversationId}/events`, {
    headers: {
      authorization: `Bearer ${token}`,
      origin: SHOP,
      ...(lastEventId !== undefined ? { 'last-event-id': String(lastEventId) } : {}),
    },
  });
}

async function sendMessage(name: WorkerName, conversationId: string, token: string, text: string) {
  const response = await call(name, `/v1/conversations/${conversationId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, origin: SHOP },
    body: JSON.stringify({ clientMessageId: `c-${text.length}`, text }),
  });
  expect(response.status).toBe(202);
}

function untilAnswered(response: Response) {
  return readEvents(response.body as ReadableStream<Uint8Array>, (received) => received.some(isAssistantMessage));
}

function answerText(events: ConversationEvent[]): string {
  const message = events.find(isAssistantMessage);
  return message?.type === 'message' ? message.message.text : '';
}

describe('the relay on Cloudflare Workers (workerd through Miniflare)', () => {
  it('bundles into one ES module that imports no Node built-in', () => {
    for (const bundle of Object.values(bundles)) expect(bundle.nodeImports).toEqual([]);
    // esbuild's metafile lists static, dynamic and require() imports alike; this double-checks the output text.
    expect(bundles.defaultExport.code).not.toMatch(/^\s*import\s[^;]*?from\s*["']node:/m);
  });

  it('creates a conversation, takes a message and streams the answer over SSE', { timeout: 30_000 }, async () => {
    const { conversationId, token } = await createConversation('shop');
    const stream = await openEvents('shop', conversationId, token);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    expect(stream.headers.get('x-accel-buffering')).toBe('no');

    await sendMessage('shop', conversationId, token, 'How long do I have to return an item?');
    const { events, wireIds, retryMs } = await untilAnswered(stream);

    expect(retryMs).toBeGreaterThan(0);
    expect(wireIds).toEqual(events.map((event) => String(event.id)));
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
    expect(events[0]).toMatchObject({ type: 'message', message: { role: 'visitor' } });
    const streamed = events.flatMap((event) => (event.type === 'message-delta' ? [event.delta] : [])).join('');
    expect(streamed.trim()).toBe(answerText(events));
    expect(answerText(events)).toContain('30 days from delivery');
  });

  it('replays exactly the events after Last-Event-ID on reconnect', { timeout: 30_000 }, async () => {
    const { conversationId, token } = await createConversation('shop');
    const first = await openEvents('shop', conversationId, token);
    await sendMessage('shop', conversationId, token, 'When do refunds reach my account?');
    const whole = await untilAnswered(first);

    const resumeFrom = 2;
    const resumed = await openEvents('shop', conversationId, token, resumeFrom);
    // The finished answer is stored as one message: its deltas are not replayed, the whole message is.
    const expected = whole.events.filter((event) => event.id > resumeFrom && event.type !== 'message-delta');
    const replay = await readEvents(
      resumed.body as ReadableStream<Uint8Array>,
      (received) => received.length >= expected.length,
    );
    expect(replay.events).toEqual(expected);
    expect(answerText(replay.events)).toContain('5 business days');
  });

  it('finishes an answer after the request that asked for it has returned', { timeout: 30_000 }, async () => {
    const { conversationId, token } = await createConversation('paced');
    // Nobody is listening while the answer is written: only waitUntil keeps it going.
    await sendMessage('paced', conversationId, token, 'How long do I have to return an item?');
    const { events } = await untilAnswered(await openEvents('paced', conversationId, token));
    expect(answerText(events)).toBe('You have 30 days from delivery to return an item.');
    expect(events.some((event) => event.type === 'error')).toBe(false);
  });

  it("serves the relay mounted under a path of the merchant's own Hono app", { timeout: 30_000 }, async () => {
    expect(await (await call('mounted', '/')).text()).toBe('Nordlys shop');
    const created = await call('mounted', '/chat/v1/conversations', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: SHOP },
      body: '{}',
    });
    expect(created.status).toBe(201);
    const { conversationId, token } = (await created.json()) as { conversationId: string; token: string };
    const headers = { authorization: `Bearer ${token}`, origin: SHOP };
    const stream = await call('mounted', `/chat/v1/conversations/${conversationId}/events`, { headers });
    const sent = await call('mounted', `/chat/v1/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ clientMessageId: 'm1', text: 'How long do I have to return an item?' }),
    });
    expect(sent.status).toBe(202);
    expect(answerText((await untilAnswered(stream)).events)).toBe('You have 30 days from delivery to return an item.');
    expect((await call('mounted', '/v1/conversations', { method: 'POST' })).status).toBe(404);
  });

  it('runs from bindings alone, knowledge included, with the default export', { timeout: 30_000 }, async () => {
    const { conversationId, token } = await createConversation('bindings-only');
    const stream = await openEvents('bindings-only', conversationId, token);
    await sendMessage('bindings-only', conversationId, token, 'What are your opening hours?');
    expect(answerText((await untilAnswered(stream)).events)).toContain('9:00-17:00 CET');
  });

  it('answers with Claude through the Anthropic SDK when ANTHROPIC_API_KEY is bound', { timeout: 30_000 }, async () => {
    anthropic.script({
      tool: {
        input: {
          confidence: 0.9,
          sentiment: 0,
          intent: 'question',
          topics: ['returns'],
          citations: ['returns#return-window'],
          answer: CLAUDE_ANSWER,
        },
      },
      chunkSize: 9,
    });
    const { conversationId, token } = await createConversation('claude');
    const stream = await openEvents('claude', conversationId, token);
    await sendMessage('claude', conversationId, token, 'Are returns free?');
    const { events } = await untilAnswered(stream);
    expect(answerText(events)).toBe(CLAUDE_ANSWER);
    expect(events.filter((event) => event.type === 'message-delta').length).toBeGreaterThan(1);
    expect(anthropic.requests.at(-1)?.body.messages.at(-1)).toMatchObject({ role: 'user' });
  });

  it('hands an upset visitor to a person by the trained classifier, weights and all, on workerd', {
    timeout: 30_000,
  }, async () => {
    const { conversationId, token } = await createConversation('inbox');
    const stream = await openEvents('inbox', conversationId, token);
    await sendMessage('inbox', conversationId, token, 'Still no plane at the gate. Cancelled again.');
    const { events } = await readEvents(stream.body as ReadableStream<Uint8Array>, (received) =>
      received.some((event) => event.type === 'handoff'),
    );
    expect(events.find((event) => event.type === 'handoff')).toMatchObject({
      status: 'requested',
      reasons: ['negative_sentiment'],
    });
    expect(events.some(isAssistantMessage)).toBe(false);
  });

  it('hands a conversation to the agent inbox configured by bindings', { timeout: 30_000 }, async () => {
    const { conversationId, token } = await createConversation('inbox');
    const stream = await openEvents('inbox', conversationId, token);
    const asked = await call('inbox', `/v1/conversations/${conversationId}/handoff`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, origin: SHOP },
      body: JSON.stringify({ note: 'A person, please' }),
    });
    expect(asked.status).toBe(202);
    const { events } = await readEvents(stream.body as ReadableStream<Uint8Array>, (received) =>
      received.some((event) => event.type === 'handoff'),
    );
    expect(events.map((event) => event.type)).toEqual(['mode', 'handoff']);
    expect(events[1]).toMatchObject({ type: 'handoff', status: 'requested', reasons: ['visitor_request'] });

    // The ticket opens in the background; a person sees it on the agent page's API once it has.
    let listed = '';
    for (let attempt = 0; attempt < 50 && !listed.includes(conversationId); attempt++) {
      const inbox = await call('inbox', '/v1/agent/conversations', {
        headers: { authorization: `Bearer ${INBOX_TOKEN}` },
      });
      expect(inbox.status).toBe(200);
      listed = JSON.stringify(await inbox.json());
      if (!listed.includes(conversationId)) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(listed).toContain(conversationId);
  });

  it('delivers a handoff the helpdesk missed when the Cron Trigger runs', { timeout: 60_000 }, async () => {
    const { conversationId, token } = await createConversation('helpdesk');
    const stream = await openEvents('helpdesk', conversationId, token);
    await call('helpdesk', `/v1/conversations/${conversationId}/handoff`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, origin: SHOP },
      body: '{}',
    });
    // The helpdesk is down: after its retries the visitor is told honestly, and the handoff is kept.
    const { events } = await readEvents(
      stream.body as ReadableStream<Uint8Array>,
      (received) => received.some((event) => event.type === 'handoff' && event.status === 'unavailable'),
      30_000,
    );
    expect(events.filter((event) => event.type === 'handoff').map((event) => event.status)).toEqual([
      'requested',
      'unavailable',
    ]);
    expect(helpdeskOpens).toEqual([]);

    helpdeskUp = true;
    // Miniflare types its Fetcher without @cloudflare/workers-types, which would add scheduled().
    const worker = (await runtime.getWorker('helpdesk')) as unknown as {
      scheduled(options: { cron: string }): Promise<{ outcome: string }>;
    };
    const result = await worker.scheduled({ cron: '*/5 * * * *' });
    expect(result.outcome).toBe('ok');
    expect(helpdeskOpens).toEqual([conversationId]);
  });

  it('refuses to serve while a helpdesk is half configured', { timeout: 30_000 }, async () => {
    const response = await call('half-slack', '/healthz');
    expect(response.status).toBe(503);
  });

  it('answers 503 and changes nothing while a required binding is missing', { timeout: 30_000 }, async () => {
    const response = await call('unconfigured', '/v1/conversations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      error: { code: 'unavailable', message: 'The relay is not configured; its logs say what is missing.' },
    });
  });
});
