import type { ConversationEvent } from '@tandem/protocol';
import { Miniflare } from 'miniflare';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleWorker, type WorkerBundle } from './workers/bundle.ts';
import { isAssistantMessage, readEvents } from './workers/sse.ts';

const SECRET = 'workers-test-secret-0123456789abcdef';
const SHOP = 'https://shop.example';
// Any date up to the installed workerd's own works; fixed so the test does not drift with workerd updates.
const COMPATIBILITY_DATE = '2026-01-01';

let shopWorker: WorkerBundle;
let defaultWorker: WorkerBundle;
let pacedWorker: WorkerBundle;

beforeAll(async () => {
  [shopWorker, defaultWorker, pacedWorker] = await Promise.all([
    bundleWorker(new URL('./workers/shop-worker.ts', import.meta.url)),
    bundleWorker(new URL('./workers/default-worker.ts', import.meta.url)),
    bundleWorker(new URL('./workers/paced-worker.ts', import.meta.url)),
  ]);
});

function startWorker(bundle: WorkerBundle, bindings: Record<string, string>): Miniflare {
  // No nodejs_compat flag: a module importing node:* would fail to load, as it would on Cloudflare.
  return new Miniflare({ modules: true, script: bundle.code, compatibilityDate: COMPATIBILITY_DATE, bindings });
}

async function createConversation(worker: Miniflare) {
  const response = await worker.dispatchFetch('http://relay.test/v1/conversations', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: SHOP },
    body: JSON.stringify({ siteId: 'shop', locale: 'en' }),
  });
  expect(response.status).toBe(201);
  expect(response.headers.get('access-control-allow-origin')).toBe(SHOP);
  return (await response.json()) as { conversationId: string; token: string };
}

function openEvents(worker: Miniflare, conversationId: string, token: string, lastEventId?: number) {
  return worker.dispatchFetch(`http://relay.test/v1/conversations/${conversationId}/events`, {
    headers: {
      authorization: `Bearer ${token}`,
      origin: SHOP,
      ...(lastEventId !== undefined ? { 'last-event-id': String(lastEventId) } : {}),
    },
  });
}

async function sendMessage(worker: Miniflare, conversationId: string, token: string, text: string) {
  const response = await worker.dispatchFetch(`http://relay.test/v1/conversations/${conversationId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, origin: SHOP },
    body: JSON.stringify({ clientMessageId: `c-${text.length}`, text }),
  });
  expect(response.status).toBe(202);
}

function answerText(events: ConversationEvent[]): string {
  const message = events.find(isAssistantMessage);
  return message?.type === 'message' ? message.message.text : '';
}

describe('the relay on Cloudflare Workers (workerd through Miniflare)', () => {
  it('bundles into one ES module that imports no Node built-in', () => {
    expect(shopWorker.nodeImports).toEqual([]);
    expect(defaultWorker.nodeImports).toEqual([]);
    // esbuild's metafile lists static, dynamic and require() imports alike; this double-checks the output text.
    expect(shopWorker.code).not.toMatch(/^\s*import\s[^;]*?from\s*["']node:/m);
  });

  it('creates a conversation, takes a message and streams the answer over SSE', { timeout: 30_000 }, async () => {
    const worker = startWorker(shopWorker, { TANDEM_SECRET: SECRET, TANDEM_ALLOWED_ORIGINS: SHOP });
    try {
      const { conversationId, token } = await createConversation(worker);
      const stream = await openEvents(worker, conversationId, token);
      expect(stream.status).toBe(200);
      expect(stream.headers.get('content-type')).toContain('text/event-stream');
      expect(stream.headers.get('x-accel-buffering')).toBe('no');

      await sendMessage(worker, conversationId, token, 'How long do I have to return an item?');
      const { events, wireIds, retryMs } = await readEvents(stream.body as ReadableStream<Uint8Array>, (received) =>
        received.some(isAssistantMessage),
      );

      expect(retryMs).toBeGreaterThan(0);
      expect(wireIds).toEqual(events.map((event) => String(event.id)));
      expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
      expect(events[0]).toMatchObject({ type: 'message', message: { role: 'visitor' } });
      const streamed = events.flatMap((event) => (event.type === 'message-delta' ? [event.delta] : [])).join('');
      expect(streamed.trim()).toBe(answerText(events));
      expect(answerText(events)).toContain('30 days from delivery');
    } finally {
      await worker.dispose();
    }
  });

  it('replays exactly the events after Last-Event-ID on reconnect', { timeout: 30_000 }, async () => {
    const worker = startWorker(shopWorker, { TANDEM_SECRET: SECRET, TANDEM_ALLOWED_ORIGINS: SHOP });
    try {
      const { conversationId, token } = await createConversation(worker);
      const first = await openEvents(worker, conversationId, token);
      await sendMessage(worker, conversationId, token, 'When do refunds reach my account?');
      const whole = await readEvents(first.body as ReadableStream<Uint8Array>, (received) =>
        received.some(isAssistantMessage),
      );

      const resumeFrom = 2;
      const resumed = await openEvents(worker, conversationId, token, resumeFrom);
      const replay = await readEvents(
        resumed.body as ReadableStream<Uint8Array>,
        (received) => received.length >= whole.events.length - resumeFrom,
      );
      expect(replay.events).toEqual(whole.events.slice(resumeFrom));
      expect(answerText(replay.events)).toContain('5 business days');
    } finally {
      await worker.dispose();
    }
  });

  it('finishes an answer after the request that asked for it has returned', { timeout: 30_000 }, async () => {
    const worker = startWorker(pacedWorker, { TANDEM_SECRET: SECRET, TANDEM_ALLOWED_ORIGINS: SHOP });
    try {
      const { conversationId, token } = await createConversation(worker);
      // Nobody is listening while the answer is written: only waitUntil keeps it going.
      await sendMessage(worker, conversationId, token, 'How long do I have to return an item?');
      const stream = await openEvents(worker, conversationId, token);
      const { events } = await readEvents(stream.body as ReadableStream<Uint8Array>, (received) =>
        received.some(isAssistantMessage),
      );
      expect(answerText(events)).toBe('You have 30 days from delivery to return an item.');
      expect(events.some((event) => event.type === 'error')).toBe(false);
    } finally {
      await worker.dispose();
    }
  });

  it('runs from bindings alone, knowledge included, with the default export', { timeout: 30_000 }, async () => {
    const worker = startWorker(defaultWorker, {
      TANDEM_SECRET: SECRET,
      TANDEM_ALLOWED_ORIGINS: `${SHOP}, https://other.example`,
      TANDEM_KNOWLEDGE: JSON.stringify([
        { id: 'hours', markdown: '## Opening hours\nWe answer chats 9:00-17:00 CET.' },
      ]),
    });
    try {
      const { conversationId, token } = await createConversation(worker);
      const stream = await openEvents(worker, conversationId, token);
      await sendMessage(worker, conversationId, token, 'What are your opening hours?');
      const { events } = await readEvents(stream.body as ReadableStream<Uint8Array>, (received) =>
        received.some(isAssistantMessage),
      );
      expect(answerText(events)).toContain('9:00-17:00 CET');
    } finally {
      await worker.dispose();
    }
  });

  it('answers 503 and changes nothing while a required binding is missing', { timeout: 30_000 }, async () => {
    const worker = startWorker(defaultWorker, { TANDEM_ALLOWED_ORIGINS: SHOP });
    try {
      const response = await worker.dispatchFetch('http://relay.test/v1/conversations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        error: { code: 'unavailable', message: 'The relay is not configured; its logs say what is missing.' },
      });
    } finally {
      await worker.dispose();
    }
  });
});
