import type { ConversationEvent } from '@tandem/protocol';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyModeChange } from '../src/conversation/state-machine.ts';
import type { VisitorMessageInput } from '../src/store/store.ts';
import { createDurableObjectStore } from '../src/workers/durable-object-store.ts';
import type { DurableObjectNamespaceLike } from '../src/workers/durable-object-types.ts';
import { OBJECT_ORIGIN } from '../src/workers/durable-object-wire.ts';
import { testStore } from '../test/test-store.ts';
import { visitorMessageInput } from '../test/visitor-message-input.ts';
import { bundleWorker } from './workers/bundle.ts';
import { isAssistantMessage, readEvents } from './workers/sse.ts';

const SECRET = 'durable-object-secret-0123456789abcdef';
const KNOWLEDGE = JSON.stringify([
  { id: 'returns', markdown: '## Return window\nYou have 30 days from delivery to return an item.' },
  {
    id: 'refunds',
    markdown:
      '## Refund timing\nRefunds are issued within 5 business days of the return reaching our warehouse. ' +
      'The money goes back to the card or account you paid with; banks usually take another two to three days ' +
      'to show it. You get an email as soon as the refund is on its way, with the amount and the order number.',
  },
]);
const REFUND_ANSWER =
  'Refunds are issued within 5 business days of the return reaching our warehouse. The money goes back to the ' +
  'card or account you paid with; banks usually take another two to three days to show it. You get an email as ' +
  'soon as the refund is on its way, with the amount and the order number.';

let runtime: Miniflare;
let namespace: DurableObjectNamespaceLike;

// Two Workers, each its own isolate, bound to one Durable Object namespace: what Cloudflare does when it runs
// several isolates of a Worker in different places.
beforeAll(async () => {
  const bundle = await bundleWorker(new URL('./workers/durable-worker.ts', import.meta.url));
  const bindings = {
    TANDEM_SECRET: SECRET,
    TANDEM_ALLOWED_ORIGINS: '*',
    TANDEM_KNOWLEDGE: KNOWLEDGE,
    TANDEM_HEARTBEAT_INTERVAL_MS: '200',
  };
  runtime = new Miniflare({
    workers: ['relay-a', 'relay-b'].map((name) => ({
      name,
      routes: [`${name}.test/*`],
      // A socket straight into this Worker, without Miniflare's proxy in front, so a client hanging up reaches it.
      unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
      modules: true,
      script: bundle.code,
      compatibilityDate: '2026-01-01',
      compatibilityFlags: ['enable_request_signal'],
      bindings,
      durableObjects: { TANDEM_CONVERSATIONS: { className: 'TandemConversation', scriptName: 'relay-a' } },
    })),
  });
  namespace = (await runtime.getDurableObjectNamespace(
    'TANDEM_CONVERSATIONS',
    'relay-a',
  )) as unknown as DurableObjectNamespaceLike;
}, 60_000);

afterAll(async () => {
  await runtime?.dispose();
});

// The same conformance suite as every store, run from Node against the objects inside workerd.
testStore({ name: 'durable-object', createStore: () => createDurableObjectStore({ namespace }) });

function call(worker: 'relay-a' | 'relay-b', path: string, init: RequestInit = {}): Promise<Response> {
  return runtime.dispatchFetch(`http://${worker}.test${path}`, init as never) as unknown as Promise<Response>;
}

describe('the relay on Workers with conversations in Durable Objects', () => {
  it('serves one conversation from two isolates: created and sent on one, streamed from the other', {
    timeout: 30_000,
  }, async () => {
    const created = await call('relay-a', '/v1/conversations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(created.status).toBe(201);
    const { conversationId, token } = (await created.json()) as { conversationId: string; token: string };
    const authorization = { authorization: `Bearer ${token}` };

    const stream = await call('relay-b', `/v1/conversations/${conversationId}/events`, { headers: authorization });
    expect(stream.status).toBe(200);
    const sent = await call('relay-a', `/v1/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: { ...authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ clientMessageId: 'first', text: 'How long do I have to return an item?' }),
    });
    expect(sent.status).toBe(202);

    const { events } = await readEvents(stream.body as ReadableStream<Uint8Array>, (received) =>
      received.some(isAssistantMessage),
    );
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
    const answer = events.find(isAssistantMessage);
    expect(answer?.type === 'message' && answer.message.text).toBe('You have 30 days from delivery to return an item.');

    // A retried send reaching the other isolate is still recognised as the same message.
    const retried = await call('relay-b', `/v1/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: { ...authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ clientMessageId: 'first', text: 'How long do I have to return an item?' }),
    });
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ duplicate: true });

    const resumed = await call('relay-a', `/v1/conversations/${conversationId}/events`, {
      headers: { ...authorization, 'last-event-id': '1' },
    });
    // Stored conversations hold messages, not words: the finished answer's deltas were replaced by the message.
    const stored = events.filter((event) => event.id > 1 && event.type !== 'message-delta');
    const replay = await readEvents(
      resumed.body as ReadableStream<Uint8Array>,
      (received: ConversationEvent[]) => received.length >= stored.length,
    );
    expect(replay.events).toEqual(stored);
  });

  it('loses and repeats nothing when streams drop mid-answer and resume on either isolate', {
    timeout: 60_000,
  }, async () => {
    const created = await call('relay-a', '/v1/conversations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const { conversationId, token } = (await created.json()) as { conversationId: string; token: string };
    const direct = [await runtime.unsafeGetDirectURL('relay-a'), await runtime.unsafeGetDirectURL('relay-b')];
    const sent = await call('relay-b', `/v1/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ clientMessageId: 'refund', text: 'When will my refund be issued?' }),
    });
    expect(sent.status).toBe(202);

    // Each connection reads one to three events, then hangs up; the next resumes from the last id seen,
    // on the other isolate.
    const received: ConversationEvent[] = [];
    let connections = 0;
    while (!received.some(isAssistantMessage) && connections < 300) {
      const hangUp = new AbortController();
      const response = await fetch(new URL(`/v1/conversations/${conversationId}/events`, direct[connections % 2]), {
        headers: { authorization: `Bearer ${token}`, 'last-event-id': String(received.at(-1)?.id ?? 0) },
        signal: hangUp.signal,
      });
      connections++;
      const wanted = 1 + (connections % 3);
      const { events } = await readEvents(
        response.body as ReadableStream<Uint8Array>,
        (seen) => seen.length >= wanted || seen.some(isAssistantMessage),
      );
      hangUp.abort();
      received.push(...events);
    }

    expect(connections).toBeGreaterThan(1);
    // In order, nothing twice. Once the answer is stored whole, its deltas are replaced by the message: a reader
    // that falls behind skips the rest of the pieces and gets the message, so the pieces seen start the answer.
    const ids = received.map((event) => event.id);
    expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
    const deltas = received.flatMap((event) => (event.type === 'message-delta' ? [event.delta] : [])).join('');
    expect(REFUND_ANSWER.startsWith(deltas.trim())).toBe(true);
    const answer = received.find(isAssistantMessage);
    expect(answer?.type === 'message' && answer.message.text).toBe(REFUND_ANSWER);
  });

  it('lets go of the subscriber in the object when an SSE client goes away', { timeout: 30_000 }, async () => {
    const created = await call('relay-a', '/v1/conversations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const { conversationId, token } = (await created.json()) as { conversationId: string; token: string };
    const object = namespace.get(namespace.idFromName(`conversation:${conversationId}`) as never);
    const listeners = async () =>
      ((await (await object.fetch(`${OBJECT_ORIGIN}/conversation/listeners`)).json()) as { listeners: number })
        .listeners;

    const direct = {
      'relay-a': await runtime.unsafeGetDirectURL('relay-a'),
      'relay-b': await runtime.unsafeGetDirectURL('relay-b'),
    };
    const hangUps = Array.from({ length: 20 }, () => new AbortController());
    const streams = await Promise.all(
      hangUps.map((hangUp, index) =>
        fetch(new URL(`/v1/conversations/${conversationId}/events`, direct[index % 2 === 0 ? 'relay-a' : 'relay-b']), {
          headers: { authorization: `Bearer ${token}` },
          signal: hangUp.signal,
        }),
      ),
    );
    // Each stream holds a subscription once its first bytes (the retry hint) arrive.
    const readers = streams.map((stream) => (stream.body as ReadableStream<Uint8Array>).getReader());
    await Promise.all(readers.map((reader) => reader.read()));
    expect(await listeners()).toBe(20);

    for (const hangUp of hangUps) hangUp.abort();
    const deadline = Date.now() + 10_000;
    while ((await listeners()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await listeners()).toBe(0);
  });
});

describe("the Worker's send and the separate calls sharing one conversation's claims and limit", () => {
  async function openConversation() {
    const created = await call('relay-a', '/v1/conversations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const { conversationId, token } = (await created.json()) as { conversationId: string; token: string };
    const send = (clientMessageId: string, text: string) =>
      call('relay-a', `/v1/conversations/${conversationId}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ clientMessageId, text }),
      });
    return { conversationId, token, send };
  }

  it('stores a message sent to a person once when the widget retries it after the assistant is back', {
    timeout: 30_000,
  }, async () => {
    const { conversationId, send } = await openConversation();
    // The mode changes the relay's handoff code makes, on the very objects the Workers use.
    const store = createDurableObjectStore({ namespace });
    await applyModeChange(store, conversationId, 'agent-joined', { agent: { name: 'Maria' } });

    const sent = await send('to-maria', 'Can you change the delivery address?');
    expect(sent.status).toBe(202);
    const { message } = (await sent.json()) as { message: { id: string } };

    await applyModeChange(store, conversationId, 'hand-back', {});
    // The first answer was lost on the way back: the widget sends the same message again.
    const retried = await send('to-maria', 'Can you change the delivery address?');
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ duplicate: true, message: { id: message.id } });

    const visitorMessages = (await store.readEvents(conversationId, 0)).filter(
      (event) => event.type === 'message' && event.message.role === 'visitor',
    );
    expect(visitorMessages).toHaveLength(1);
  });

  it('counts messages and the other visitor routes against one budget per conversation', {
    timeout: 30_000,
  }, async () => {
    const { conversationId, token, send } = await openConversation();
    // The default limit is 20 changes a minute: twenty left addresses use it up.
    for (let index = 0; index < 20; index++) {
      const saved = await call('relay-a', `/v1/conversations/${conversationId}/contact`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'visitor@example.com' }),
      });
      expect(saved.status).toBe(200);
    }
    const refused = await send('over-the-limit', 'One more question');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).not.toBeNull();
    const store = createDurableObjectStore({ namespace });
    expect((await store.readEvents(conversationId, 0)).filter((event) => event.type === 'message')).toEqual([]);
  });
});

describe("a visitor's message checked and stored by its conversation's object in one request", () => {
  const input = (conversationId: string, clientMessageId: string, overrides: Partial<VisitorMessageInput> = {}) =>
    visitorMessageInput(conversationId, clientMessageId, { rateLimit: { limit: 3, windowSeconds: 60 }, ...overrides });

  async function conversationInMode(mode: 'assistant' | 'human') {
    const store = createDurableObjectStore({ namespace });
    const id = crypto.randomUUID();
    await store.createConversation({
      id,
      siteId: 'shop',
      createdAt: new Date().toISOString(),
      mode,
      identityVerified: false,
    });
    return { store, id };
  }

  it('stores the message awaiting its answer and hands back the log; a repeat is the same message', async () => {
    const { store, id } = await conversationInMode('assistant');
    const first = input(id, 'one');
    const accepted = await store.acceptVisitorMessage?.(id, first);
    expect(accepted?.outcome).toBe('stored');
    if (accepted?.outcome !== 'stored') return;
    expect(accepted.record.awaitingAnswer).toBe(first.message.id);
    expect(accepted.events.map((event) => event.type)).toEqual(['message']);
    expect(await store.readEvents(id, 0)).toEqual(accepted.events);

    const repeated = await store.acceptVisitorMessage?.(id, input(id, 'one'));
    expect(repeated).toEqual({ outcome: 'duplicate', message: first.message });
    expect(await store.readEvents(id, 0)).toHaveLength(1);
  });

  it('refuses another site, an unknown conversation, a full one and one past its rate limit, storing nothing', async () => {
    const { store, id } = await conversationInMode('assistant');
    expect(await store.acceptVisitorMessage?.(id, input(id, 'a', { siteId: 'elsewhere' }))).toEqual({
      outcome: 'other-site',
    });
    expect(await store.acceptVisitorMessage?.(crypto.randomUUID(), input(id, 'a'))).toEqual({
      outcome: 'unknown-conversation',
    });
    await store.appendEvent(id, { type: 'typing', role: 'assistant', typing: true });
    await store.appendEvent(id, { type: 'typing', role: 'assistant', typing: false });
    expect(await store.acceptVisitorMessage?.(id, input(id, 'b', { maxEvents: 1 }))).toEqual({ outcome: 'full' });
    // The refused full send counted against the limit of 3 (another site's did not reach the count): two more fit.
    expect((await store.acceptVisitorMessage?.(id, input(id, 'c')))?.outcome).toBe('stored');
    expect((await store.acceptVisitorMessage?.(id, input(id, 'd')))?.outcome).toBe('stored');
    expect(await store.acceptVisitorMessage?.(id, input(id, 'e'))).toMatchObject({ outcome: 'rate-limited' });
    expect((await store.readEvents(id, 0)).filter((event) => event.type === 'message')).toHaveLength(2);
  });

  it("sees the separate calls' claim: unstored it leaves the send to them, stored it makes a retry a duplicate", async () => {
    const { store, id } = await conversationInMode('assistant');
    const toPerson = input(id, 'claimed').message;
    // A send on the separate calls has claimed the client message id and not yet stored its message.
    expect(await store.claimKey(`client-message:${id}:claimed`, JSON.stringify(toPerson), 60)).toBeUndefined();
    expect(await store.acceptVisitorMessage?.(id, input(id, 'claimed'))).toMatchObject({ outcome: 'elsewhere' });
    await store.appendEvent(id, { type: 'message', message: toPerson });
    expect(await store.acceptVisitorMessage?.(id, input(id, 'claimed'))).toEqual({
      outcome: 'duplicate',
      message: toPerson,
    });
    expect(await store.readEvents(id, 0)).toHaveLength(1);
  });

  it("counts against the counter the conversation's other routes increment", async () => {
    const { store, id } = await conversationInMode('assistant');
    for (let index = 1; index <= 3; index++) {
      expect((await store.incrementCounter(`rate:conversation:${id}`, 60)).count).toBe(index);
    }
    expect(await store.acceptVisitorMessage?.(id, input(id, 'one'))).toMatchObject({ outcome: 'rate-limited' });
    expect((await store.incrementCounter(`rate:conversation:${id}`, 60)).count).toBe(5);
    expect(await store.readEvents(id, 0)).toEqual([]);
  });

  it("refuses keys that are not the conversation's own, storing nothing", async () => {
    const { store, id } = await conversationInMode('assistant');
    const foreign = input(id, 'one', { keys: { rateLimit: 'rate:ip:1', clientMessage: 'client-message:other:one' } });
    await expect(store.acceptVisitorMessage?.(id, foreign)).rejects.toThrow(/failed with 400/);
    expect(await store.readEvents(id, 0)).toEqual([]);
  });

  it('stores nothing outside assistant mode, so the message takes the usual way to a person', async () => {
    const { store, id } = await conversationInMode('human');
    const accepted = await store.acceptVisitorMessage?.(id, input(id, 'one'));
    expect(accepted?.outcome).toBe('elsewhere');
    expect(await store.readEvents(id, 0)).toEqual([]);
  });
});
