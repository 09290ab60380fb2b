import type { ConversationEvent, Message } from '@tandem/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createOfflineAssistant } from '../src/assistant/offline.ts';
import { type RunningServer, serveApp } from '../src/node/serve.ts';
import { relayForTest, ServerSentEventReader, TEST_KNOWLEDGE } from '../src/routes/test-fixture.ts';
import { createMemoryStore } from '../src/store/memory.ts';

const DROPS = 200;
const QUESTIONS = ['How long do I have to return an item?', 'How long does delivery take?', 'Can I pay with gold?'];

/** A seeded generator, so a failing run can be repeated exactly. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/**
 * A client over a real socket that hangs up at random byte offsets (often in the middle of an event) while answers
 * stream, then reconnects with Last-Event-ID. The transcript it rebuilds must hold every message exactly once.
 */
describe('SSE over a real socket with random drops', () => {
  it(`loses and repeats nothing across ${DROPS} drops during streamed answers`, async () => {
    const store = createMemoryStore();
    const relay = relayForTest({
      store,
      assistant: createOfflineAssistant({ knowledge: TEST_KNOWLEDGE, wordDelayMs: 1 }),
      conversationRateLimit: { limit: 10_000, windowSeconds: 60 },
      ipRateLimit: { limit: 10_000, windowSeconds: 60 },
    });
    server = await serveApp({ app: relay, port: 0 });
    const base = server.url;
    const created = await fetch(`${base}/v1/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ siteId: 'shop' }),
    });
    const { conversationId, token } = (await created.json()) as { conversationId: string; token: string };
    const random = seededRandom(20261122);
    const deadline = Date.now() + 20_000;

    // The visitor keeps asking; each question streams an answer word by word.
    let drops = 0;
    let sent = 0;
    const sender = (async () => {
      while (drops < DROPS && Date.now() < deadline) {
        const response = await fetch(`${base}/v1/conversations/${conversationId}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ clientMessageId: `q${sent}`, text: QUESTIONS[sent % QUESTIONS.length] }),
        });
        expect(response.status).toBe(202);
        sent++;
        await relay.conversations.idle();
      }
    })();

    const received: ConversationEvent[] = [];
    let lastEventId = 0;
    /** One connection: reads until `cutAfterBytes` bytes arrived (or the log's end is reached), then hangs up. */
    async function connect(cutAfterBytes: number, until?: () => boolean): Promise<void> {
      const controller = new AbortController();
      const response = await fetch(`${base}/v1/conversations/${conversationId}/events`, {
        headers: {
          authorization: `Bearer ${token}`,
          ...(lastEventId > 0 ? { 'last-event-id': String(lastEventId) } : {}),
        },
        signal: controller.signal,
      });
      expect(response.status).toBe(200);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      const parser = new ServerSentEventReader();
      let bytes = 0;
      try {
        while (bytes < cutAfterBytes && !until?.() && Date.now() < deadline) {
          const { done, value } = await reader.read();
          if (done) break;
          // Only the bytes before the cut count, as if the connection broke right there.
          const kept = value.subarray(0, Math.max(0, cutAfterBytes - bytes));
          bytes += value.length;
          for (const event of parser.push(decoder.decode(kept, { stream: true }))) {
            const parsed = JSON.parse(event.data) as ConversationEvent;
            expect(String(parsed.id)).toBe(event.id);
            received.push(parsed);
            lastEventId = parsed.id;
          }
        }
      } finally {
        controller.abort();
      }
    }

    while (drops < DROPS && Date.now() < deadline) {
      await connect(1 + Math.floor(random() * 1500));
      drops++;
    }
    await sender;
    await relay.conversations.idle();
    const stored = await store.readEvents(conversationId, 0);
    const finalId = stored.at(-1)?.id ?? 0;
    await connect(Number.POSITIVE_INFINITY, () => lastEventId >= finalId);

    expect(drops).toBe(DROPS);
    expect(sent).toBeGreaterThanOrEqual(5);
    // Every event exactly once, in order: no gap and no repeat across 200 reconnections.
    expect(received.map((event) => event.id)).toEqual(stored.map((event) => event.id));

    const transcript = rebuildTranscript(received);
    const storedMessages = stored.flatMap((event) => (event.type === 'message' ? [event.message] : []));
    expect(transcript.map((message) => message.id)).toEqual(storedMessages.map((message) => message.id));
    expect(new Set(transcript.map((message) => message.id)).size).toBe(transcript.length);
    expect(transcript.filter((message) => message.role === 'visitor')).toHaveLength(sent);
    expect(transcript.filter((message) => message.role === 'assistant')).toHaveLength(sent);
    // The streamed pieces of each answer add up to the answer: none lost, none doubled.
    for (const message of transcript.filter((entry) => entry.role === 'assistant')) {
      const streamed = received
        .flatMap((event) => (event.type === 'message-delta' && event.messageId === message.id ? [event.delta] : []))
        .join('');
      expect(streamed.trim()).toBe(message.text);
    }

    await server.close();
    server = undefined;
    for (let attempt = 0; attempt < 100 && store.statistics().listeners > 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(store.statistics().listeners).toBe(0);
    expect(relay.metrics.sseConnections.value()).toBe(0);
  }, 30_000);
});

/** What a client shows: messages by id, deduplicated by event id, in log order. */
function rebuildTranscript(events: ConversationEvent[]): Message[] {
  const seenEvents = new Set<number>();
  const messages = new Map<string, Message>();
  for (const event of events) {
    if (seenEvents.has(event.id)) continue;
    seenEvents.add(event.id);
    if (event.type === 'message') messages.set(event.message.id, event.message);
  }
  return [...messages.values()];
}
