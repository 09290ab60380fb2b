import type { ConversationEvent, Message } from '@tandem/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createOfflineAssistant } from '../src/assistant/offline.ts';
import { type RunningServer, serveApp } from '../src/node/serve.ts';
import { createMemoryStore } from '../src/store/memory.ts';
import { relayForTest, ServerSentEventReader } from '../test/test-fixture.ts';

const CONVERSATIONS = 20;
const DROPS_PER_CONVERSATION = 10;
const PARALLEL = 4;

const KNOWLEDGE = [
  {
    id: 'returns',
    markdown:
      '## Return window\nYou have 30 days from delivery to send an item back. Pack it in the original box, print the ' +
      'label from your account and drop it at any post office; the money reaches your card within five working days.',
  },
  {
    id: 'delivery',
    markdown:
      '## Delivery times\nStandard delivery takes 3 to 5 working days within the EU. Express delivery arrives the ' +
      'next working day when you order before 2 pm, and every parcel has a tracking link in the confirmation email.',
  },
  {
    id: 'payment',
    markdown:
      '## Payment methods\nWe accept Visa, Mastercard, American Express, PayPal and bank transfer. Cards are charged ' +
      'when the order ships, and orders above 100 euros can be paid in three instalments.',
  },
];
const QUESTIONS = [
  'How many days do I have to send an item back?',
  'How long does standard delivery take?',
  'Which payment methods do you accept?',
];

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
 * Clients over a real socket hang up at random points (a random byte offset, often inside an event, or a random
 * moment) while answers stream, then reconnect with Last-Event-ID. The transcript each rebuilds from the events
 * must hold every message exactly once.
 */
describe('SSE over a real socket with random drops', () => {
  it(`loses and repeats nothing across ${CONVERSATIONS * DROPS_PER_CONVERSATION} drops during streamed answers`, async () => {
    const store = createMemoryStore();
    const relay = relayForTest({
      store,
      assistant: createOfflineAssistant({ knowledge: KNOWLEDGE, wordDelayMs: 1 }),
      conversationRateLimit: { limit: 10_000, windowSeconds: 60 },
      ipRateLimit: { limit: 10_000, windowSeconds: 60 },
    });
    const running = await serveApp({ app: relay, port: 0 });
    server = running;
    const random = seededRandom(20261122);
    const deadline = Date.now() + 25_000;

    async function runConversation() {
      const created = await fetch(`${running.url}/v1/conversations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ siteId: 'shop', locale: 'en' }),
      });
      const { conversationId, token } = (await created.json()) as { conversationId: string; token: string };
      const url = `${running.url}/v1/conversations/${conversationId}`;
      const received: ConversationEvent[] = [];
      let lastEventId = 0;
      let drops = 0;

      // The visitor asks each question once the previous answer is complete; each answer streams word by word.
      const sender = (async () => {
        for (const [index, text] of QUESTIONS.entries()) {
          const response = await fetch(`${url}/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ clientMessageId: `q${index}`, text }),
          });
          expect(response.status).toBe(202);
          await relay.conversations.idle();
        }
      })();

      /** One connection: reads until `cutAfterBytes` bytes or `cutAfterMs` ms, or until `until` holds. */
      async function connect(cutAfterBytes: number, cutAfterMs: number, until?: () => boolean): Promise<void> {
        const controller = new AbortController();
        const response = await fetch(`${url}/events`, {
          headers: {
            authorization: `Bearer ${token}`,
            ...(lastEventId > 0 ? { 'last-event-id': String(lastEventId) } : {}),
          },
          signal: controller.signal,
        });
        expect(response.status).toBe(200);
        const timer = setTimeout(() => controller.abort(), cutAfterMs);
        const reader = (response.body as ReadableStream<Uint8Array>).getReader();
        const decoder = new TextDecoder();
        const parser = new ServerSentEventReader();
        let bytes = 0;
        try {
          while (bytes < cutAfterBytes && !until?.() && Date.now() < deadline) {
            const chunk = await reader.read().catch((error: unknown) => {
              if (controller.signal.aborted) return { done: true as const, value: undefined };
              throw error;
            });
            if (chunk.done) break;
            // Only the bytes before the cut count, as if the connection broke right there.
            const kept = chunk.value.subarray(0, Math.max(0, cutAfterBytes - bytes));
            bytes += chunk.value.length;
            for (const event of parser.push(decoder.decode(kept, { stream: true }))) {
              const parsed = JSON.parse(event.data) as ConversationEvent;
              expect(String(parsed.id)).toBe(event.id);
              received.push(parsed);
              lastEventId = parsed.id;
            }
          }
        } finally {
          clearTimeout(timer);
          controller.abort();
        }
      }

      while (drops < DROPS_PER_CONVERSATION && Date.now() < deadline) {
        await connect(1 + Math.floor(random() * 1200), 3 + Math.floor(random() * 40));
        drops++;
      }
      await sender;
      const stored = await store.readEvents(conversationId, 0);
      const finalId = stored.at(-1)?.id ?? 0;
      await connect(Number.POSITIVE_INFINITY, 5000, () => lastEventId >= finalId);
      return { drops, received, stored };
    }

    const results: Awaited<ReturnType<typeof runConversation>>[] = [];
    for (let batch = 0; batch < CONVERSATIONS / PARALLEL; batch++) {
      results.push(...(await Promise.all(Array.from({ length: PARALLEL }, runConversation))));
    }

    let answers = 0;
    for (const { drops, received, stored } of results) {
      expect(drops).toBe(DROPS_PER_CONVERSATION);
      // Every stored event exactly once, in order, and no repeat across the reconnections. A delta may be missed
      // only when its final message replaced it in the store before the client came back: the message brings it.
      const receivedIds = received.map((event) => event.id);
      expect(receivedIds).toEqual([...new Set(receivedIds)].sort((x, y) => x - y));
      expect(stored.map((event) => event.id).every((id) => receivedIds.includes(id))).toBe(true);
      expect(stored.some((event) => event.type === 'message-delta')).toBe(false);
      const transcript = rebuildTranscript(received);
      const storedMessages = stored.flatMap((event) => (event.type === 'message' ? [event.message] : []));
      expect(transcript).toEqual(storedMessages);
      expect(transcript.filter((message) => message.role === 'visitor')).toHaveLength(QUESTIONS.length);
      // The streamed pieces of each answer run along the answer: none doubled, none skipped in between. A client
      // that came back after the answer was stored got the whole message instead of the pieces it had not seen.
      for (const message of transcript.filter((entry) => entry.role === 'assistant')) {
        answers++;
        const streamed = received
          .flatMap((event) => (event.type === 'message-delta' && event.messageId === message.id ? [event.delta] : []))
          .join('');
        expect(message.text.startsWith(streamed.trim())).toBe(true);
      }
    }
    expect(answers).toBeGreaterThanOrEqual((CONVERSATIONS * QUESTIONS.length) / 2);

    await running.close();
    server = undefined;
    for (let attempt = 0; attempt < 100 && store.statistics().listeners > 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(store.statistics().listeners).toBe(0);
    expect(relay.metrics.sseConnections.value()).toBe(0);
  }, 40_000);
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
