import { describe, expect, it } from 'vitest';
import {
  postTo,
  readEvents,
  relayForTest,
  relayWithAgentPage,
  ServerSentEventReader,
  type StartedConversation,
  startConversation,
  TEST_SECRET,
} from '../../test/test-fixture.ts';
import { signToken } from '../security/token.ts';
import { createMemoryStore } from '../store/memory.ts';

function openStream(
  relay: ReturnType<typeof relayForTest>,
  conversation: StartedConversation,
  headers: Record<string, string> = {},
  query = '',
) {
  return Promise.resolve(
    relay.request(`/v1/conversations/${conversation.conversationId}/events${query}`, {
      headers: { authorization: `Bearer ${conversation.token}`, ...headers },
    }),
  );
}

async function readText(response: Response, until: (text: string) => boolean): Promise<string> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + 5000;
  while (!until(text) && Date.now() < deadline) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  return text;
}

function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}

describe('GET /v1/conversations/:id/events', () => {
  it('sends the retry hint, then each event with its id and type, byte for byte', async () => {
    const relay = relayWithAgentPage({ reconnectDelayMs: 3000 });
    const conversation = await startConversation(relay);
    await postTo(relay, conversation, 'handoff', {});
    const response = await openStream(relay, conversation);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(response.headers.get('tandem-protocol-version')).toBe('1');
    const text = await readText(response, (seen) => seen.includes('id: 2\n\n'));
    const [first, second] = await relay.conversations.store.readEvents(conversation.conversationId, 0);
    expect(text).toBe(
      `retry: 3000\n\nevent: mode\ndata: ${JSON.stringify(first)}\nid: 1\n\nevent: handoff\ndata: ${JSON.stringify(second)}\nid: 2\n\n`,
    );
  });

  it('resumes after the Last-Event-ID header or the lastEventId query parameter', async () => {
    const relay = relayWithAgentPage();
    const conversation = await startConversation(relay);
    await postTo(relay, conversation, 'messages', { clientMessageId: 'm1', text: 'How long do I have to return?' });
    await relay.conversations.idle();
    const all = await relay.conversations.store.readEvents(conversation.conversationId, 0);
    const lastId = all.at(-1)?.id ?? 0;
    const fromHeader = await readEvents(await openStream(relay, conversation, { 'last-event-id': '3' }), (seen) =>
      seen.some((event) => event.id === lastId),
    );
    expect(fromHeader).toEqual(all.filter((event) => event.id > 3));
    const fromQuery = await readEvents(await openStream(relay, conversation, {}, '?lastEventId=5'), (seen) =>
      seen.some((event) => event.id === lastId),
    );
    expect(fromQuery).toEqual(all.filter((event) => event.id > 5));
  });

  it('delivers events appended after the client connected', async () => {
    const relay = relayWithAgentPage();
    const conversation = await startConversation(relay);
    const response = await openStream(relay, conversation);
    const reading = readEvents(response, (seen) => seen.length >= 2);
    await postTo(relay, conversation, 'handoff', {});
    expect((await reading).map((event) => event.type)).toEqual(['mode', 'handoff']);
  });

  it("refuses a Last-Event-ID that is not an event id, a missing token, and another conversation's token", async () => {
    const relay = relayWithAgentPage();
    const conversation = await startConversation(relay);
    const bad = await openStream(relay, conversation, { 'last-event-id': 'abc' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('bad_request');
    const anonymous = await relay.request(`/v1/conversations/${conversation.conversationId}/events`);
    expect(anonymous.status).toBe(401);
    const other = await startConversation(relay);
    const crossed = await openStream(relay, { ...other, token: conversation.token });
    expect(crossed.status).toBe(403);
    expect((await crossed.json()).error.code).toBe('forbidden');
  });

  it('sends heartbeat comments while idle', async () => {
    const relay = relayWithAgentPage({ heartbeatIntervalMs: 100 });
    const conversation = await startConversation(relay);
    const text = await readText(await openStream(relay, conversation), (seen) => seen.split(': heartbeat').length > 2);
    const parser = new ServerSentEventReader();
    expect(parser.push(text)).toEqual([]);
    expect(parser.comments).toEqual(['heartbeat', 'heartbeat']);
  });

  it('answers HEAD with the headers alone and keeps no subscription for it', async () => {
    const store = createMemoryStore();
    const relay = relayForTest({ store });
    const conversation = await startConversation(relay);
    const timersBefore = activeTimers();
    const heads = await Promise.all(
      Array.from({ length: 500 }, () =>
        Promise.resolve(
          relay.request(`/v1/conversations/${conversation.conversationId}/events`, {
            method: 'HEAD',
            headers: { authorization: `Bearer ${conversation.token}` },
          }),
        ),
      ),
    );
    expect(heads.every((response) => response.status === 200)).toBe(true);
    expect(heads[0]?.headers.get('content-type')).toBe('text/event-stream');
    expect(await heads[0]?.text()).toBe('');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(store.statistics().listeners).toBe(0);
    expect(relay.metrics.sseConnections.value()).toBe(0);
    expect(activeTimers()).toBeLessThanOrEqual(timersBefore);
    const anonymous = await relay.request(`/v1/conversations/${conversation.conversationId}/events`, {
      method: 'HEAD',
    });
    expect(anonymous.status).toBe(401);
  });

  it('ends the stream when its token expires, delivering nothing after, and keeps other streams open', async () => {
    const relay = relayForTest({ heartbeatIntervalMs: 100 });
    const conversation = await startConversation(relay);
    const expiresAt = Math.floor(Date.now() / 1000) + 2;
    const shortLived = await signToken(TEST_SECRET, {
      conversationId: conversation.conversationId,
      siteId: 'shop',
      expiresAt,
    });
    const expiring = await openStream(relay, { ...conversation, token: shortLived });
    const lasting = await openStream(relay, conversation);
    expect(expiring.status).toBe(200);
    const reader = (expiring.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    const deadline = Date.now() + 5000;
    for (;;) {
      const chunk = await Promise.race([
        reader.read(),
        new Promise<{ done: true }>((resolve) => setTimeout(() => resolve({ done: true }), deadline - Date.now())),
      ]);
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
    expect(Date.now()).toBeLessThan(deadline);
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt * 1000);
    expect(text.startsWith('retry: ')).toBe(true);
    expect(text).not.toContain('event:');
    await postTo(relay, conversation, 'handoff', {});
    const stillOpen = await readEvents(lasting, (seen) => seen.some((event) => event.type === 'handoff'));
    expect(stillOpen.map((event) => event.type)).toEqual(['mode', 'handoff']);
    // Reconnecting with the expired token is refused, so a widget renews instead of looping.
    const again = await openStream(relay, { ...conversation, token: shortLived });
    expect(again.status).toBe(401);
    for (let attempt = 0; attempt < 100 && relay.metrics.sseConnections.value() > 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(relay.metrics.sseConnections.value()).toBe(0);
  });

  it('leaves no listener, timer or open-stream count behind after 1,000 clients drop', async () => {
    const store = createMemoryStore();
    // One conversation, a thousand streams: the per-conversation cap raised so that every one opens.
    const relay = relayForTest({ store, maxStreamsPerConversation: 1000 });
    const conversation = await startConversation(relay);
    const timersBefore = activeTimers();
    const readers = await Promise.all(
      Array.from({ length: 1000 }, async () => {
        const response = await openStream(relay, conversation);
        const reader = (response.body as ReadableStream<Uint8Array>).getReader();
        await reader.read(); // the retry hint: the stream is live and subscribed
        return reader;
      }),
    );
    await postTo(relay, conversation, 'handoff', {});
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(store.statistics().listeners).toBe(1000);
    expect(relay.metrics.sseConnections.value()).toBe(1000);
    // One heartbeat timer serves every stream.
    expect(activeTimers() - timersBefore).toBeLessThanOrEqual(1);

    await Promise.all(readers.map((reader) => reader.cancel()));
    for (let attempt = 0; attempt < 100 && relay.metrics.sseConnections.value() > 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(store.statistics().listeners).toBe(0);
    expect(relay.metrics.sseConnections.value()).toBe(0);
    expect(activeTimers()).toBeLessThanOrEqual(timersBefore);
  });
});
