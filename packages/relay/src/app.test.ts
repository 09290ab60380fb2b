import type { ConversationEvent } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { createRelay } from './app.ts';
import { createOfflineAssistant } from './assistant/offline.ts';

const knowledge = [
  { id: 'returns', markdown: '## Return window\nYou have 30 days from delivery to return an item for a full refund.' },
];

function isAssistantMessage(event: ConversationEvent) {
  return event.type === 'message' && event.message.role === 'assistant';
}

function relayForTest() {
  return createRelay({
    secret: 'test-secret-test-secret-test-secret-42',
    assistant: createOfflineAssistant({ knowledge }),
    allowedOrigins: ['https://shop.example'],
  });
}

async function startConversation(relay: ReturnType<typeof relayForTest>) {
  const response = await relay.request('/v1/conversations', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ siteId: 'shop', locale: 'en' }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { conversationId: string; token: string };
}

function send(relay: ReturnType<typeof relayForTest>, conversationId: string, token: string, body: unknown) {
  return relay.request(`/v1/conversations/${conversationId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
}

/** Reads an SSE response until `enough` says so, then hangs up. */
async function readEvents(
  response: Response,
  enough: (events: ConversationEvent[]) => boolean,
): Promise<ConversationEvent[]> {
  const reader = (response.body as ReadableStream<Uint8Array>)
    .pipeThrough(new TextDecoderStream() as unknown as ReadableWritablePair<string, Uint8Array>)
    .getReader();
  let text = '';
  const events: ConversationEvent[] = [];
  while (!enough(events)) {
    const { done, value } = await reader.read();
    if (done) break;
    text += value;
    const blocks = text.split('\n\n');
    text = blocks.pop() ?? '';
    for (const block of blocks) {
      const data = block.split('\n').find((line) => line.startsWith('data: '));
      if (data) events.push(JSON.parse(data.slice(6)));
    }
  }
  await reader.cancel();
  return events;
}

describe('relay walking skeleton', () => {
  it('creates a conversation with a token bound to it', async () => {
    const relay = relayForTest();
    const { conversationId, token } = await startConversation(relay);
    expect(conversationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(token.split('.')).toHaveLength(2);
  });

  it('stores a message and streams the answer word by word, then whole', async () => {
    const relay = relayForTest();
    const { conversationId, token } = await startConversation(relay);
    const sent = await send(relay, conversationId, token, {
      clientMessageId: 'm1',
      text: 'How long do I have to return an item?',
    });
    expect(sent.status).toBe(202);
    await relay.conversations.idle();

    const stream = await relay.request(`/v1/conversations/${conversationId}/events`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    expect(stream.headers.get('x-accel-buffering')).toBe('no');
    expect(stream.headers.get('tandem-protocol-version')).toBe('1');
    const events = await readEvents(stream, (seen) => seen.some(isAssistantMessage));
    const ids = events.map((event) => event.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const deltas = events.filter((event) => event.type === 'message-delta');
    expect(deltas.length).toBeGreaterThan(5);
    const answer = events.find(isAssistantMessage);
    expect(answer?.type === 'message' && answer.message.text).toBe(
      'You have 30 days from delivery to return an item for a full refund.',
    );
    expect(answer?.type === 'message' && answer.message.citations).toEqual([
      { id: 'returns#return-window', title: 'Return window' },
    ]);
  });

  it('replays only the events after Last-Event-ID', async () => {
    const relay = relayForTest();
    const { conversationId, token } = await startConversation(relay);
    await send(relay, conversationId, token, { clientMessageId: 'm1', text: 'return an item' });
    await relay.conversations.idle();
    const resumed = await relay.request(`/v1/conversations/${conversationId}/events`, {
      headers: { authorization: `Bearer ${token}`, 'last-event-id': '3' },
    });
    const [first] = await readEvents(resumed, (seen) => seen.length > 0);
    expect(first?.id).toBe(4);
  });

  it('stores a retried send once and answers it once', async () => {
    const relay = relayForTest();
    const { conversationId, token } = await startConversation(relay);
    const body = { clientMessageId: 'retry-1', text: 'return an item' };
    const first = await send(relay, conversationId, token, body);
    const second = await send(relay, conversationId, token, body);
    expect(second.status).toBe(200);
    const [firstBody, secondBody] = [await first.json(), await second.json()];
    expect(secondBody).toEqual({ ...firstBody, duplicate: true });
    await relay.conversations.idle();
    const events = await relay.conversations.store.readEvents(conversationId, 0);
    const messages = events.filter((event) => event.type === 'message');
    expect(messages.map((event) => event.type === 'message' && event.message.role)).toEqual(['visitor', 'assistant']);
  });

  it('refuses a token for another conversation and bad bodies, changing nothing', async () => {
    const relay = relayForTest();
    const a = await startConversation(relay);
    const b = await startConversation(relay);
    const crossed = await send(relay, b.conversationId, a.token, { clientMessageId: 'x', text: 'hi' });
    expect(crossed.status).toBe(403);
    const missing = await send(relay, a.conversationId, '', { clientMessageId: 'x', text: 'hi' });
    expect(missing.status).toBe(401);
    const bad = await send(relay, a.conversationId, a.token, { text: 'no id' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: { code: 'bad_request', message: expect.stringContaining('clientMessageId') },
    });
    expect(await relay.conversations.store.readEvents(a.conversationId, 0)).toEqual([]);
    expect(await relay.conversations.store.readEvents(b.conversationId, 0)).toEqual([]);
  });

  it('answers CORS preflights only for allowed origins', async () => {
    const relay = relayForTest();
    const allowed = await relay.request('/v1/conversations', {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    const refused = await relay.request('/v1/conversations', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('fails fast on bad options, naming the option', () => {
    expect(() =>
      createRelay({ secret: 'short', assistant: createOfflineAssistant({ knowledge }), allowedOrigins: '*' }),
    ).toThrow(/secret: must be at least 32 characters/);
  });
});
