import type { ConversationEvent } from '@tandem/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnthropicAssistant } from '../src/assistant/anthropic.ts';
import { type RunningServer, serveApp } from '../src/node/serve.ts';
import { type FakeAnthropicServer, startFakeAnthropicServer } from '../test/fake-anthropic-server.ts';
import { readEvents, relayForTest, TEST_KNOWLEDGE } from '../test/test-fixture.ts';

let server: RunningServer | undefined;
let anthropic: FakeAnthropicServer | undefined;
afterEach(async () => {
  await server?.close();
  await anthropic?.close();
  server = undefined;
  anthropic = undefined;
});

const ANSWER = 'You have 30 days from delivery to return an item for a full refund.';
const reply = {
  tool: {
    input: {
      confidence: 0.93,
      sentiment: 0.1,
      intent: 'question',
      topics: ['returns'],
      citations: ['returns#return-window'],
      answer: ANSWER,
    },
  },
  chunkSize: 9,
};

async function claudeRelay() {
  anthropic = await startFakeAnthropicServer();
  const relay = relayForTest({
    assistant: createAnthropicAssistant({
      apiKey: 'test-key',
      baseURL: anthropic.url,
      knowledge: TEST_KNOWLEDGE,
      retry: { budgetMs: 4_000, maxAttempts: 3, initialDelayMs: 20 },
    }),
  });
  server = await serveApp({ app: relay, port: 0 });
  return server.url;
}

async function ask(base: string, text: string, done: (events: ConversationEvent[]) => boolean) {
  const created = await fetch(`${base}/v1/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ siteId: 'shop', locale: 'en' }),
  });
  const { conversationId, token } = (await created.json()) as { conversationId: string; token: string };
  const stream = await fetch(`${base}/v1/conversations/${conversationId}/events`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const reading = readEvents(stream, done);
  const sent = await fetch(`${base}/v1/conversations/${conversationId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ clientMessageId: 'm1', text }),
  });
  expect(sent.status).toBe(202);
  return reading;
}

const messagesOf = (events: ConversationEvent[], role: string) =>
  events.flatMap((event) => (event.type === 'message' && event.message.role === role ? [event.message] : []));

describe('Claude failures as the visitor sees them', () => {
  it('an overloaded and a failing model are retried, and the visitor just gets the answer', async () => {
    const base = await claudeRelay();
    anthropic?.script({ status: 529 }, { status: 500 }, reply);
    const events = await ask(
      base,
      'How long do I have to return an item?',
      (seen) => messagesOf(seen, 'assistant').length > 0,
    );

    expect(anthropic?.requests).toHaveLength(3);
    expect(messagesOf(events, 'assistant').map((message) => message.text)).toEqual([ANSWER]);
    expect(events.some((event) => event.type === 'error')).toBe(false);
  });

  it('an answer cut mid-stream is marked as cut off, never completed, and the visitor is offered a person', async () => {
    const base = await claudeRelay();
    const cutAt = JSON.stringify(reply.tool.input).indexOf('return an item');
    anthropic?.script({ ...reply, cutAfter: cutAt }, reply);
    const events = await ask(
      base,
      'How long do I have to return an item?',
      (seen) => messagesOf(seen, 'system').length > 0,
    );

    const deltas = events.flatMap((event) => (event.type === 'message-delta' ? [event] : []));
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.map((event) => event.delta).join('')).not.toBe(ANSWER);
    const cut = events.find((event) => event.type === 'error');
    expect(cut).toMatchObject({ type: 'error', messageId: deltas[0]?.messageId });
    expect(messagesOf(events, 'assistant')).toEqual([]);
    expect(messagesOf(events, 'system')[0]?.text).toMatch(/person/i);
    // Text had reached the visitor: asking again could only repeat or contradict it, so there was no retry.
    expect(anthropic?.requests).toHaveLength(1);
  });
});
