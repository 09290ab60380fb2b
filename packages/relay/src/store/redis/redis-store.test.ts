import type { ConversationEvent } from '@tandem/protocol';
import { testStore } from '@tandem/relay/test';
import { type RedisServer, startRedisServer } from '@tandem/test-utils';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ConversationRecord } from '../store.ts';
import { StoreUnavailableError } from '../store-unavailable.ts';
import { createRedisStore } from './redis-store.ts';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis.dispose());

let stores = 0;
testStore({
  name: 'redis',
  createStore: async () => {
    const store = createRedisStore({ url: redis.url, prefix: `test-${stores++}:` });
    await store.ready();
    return store;
  },
});

function record(id = crypto.randomUUID()): ConversationRecord {
  return { id, siteId: 'shop', createdAt: new Date().toISOString(), mode: 'assistant', identityVerified: false };
}

async function collect(events: AsyncIterable<ConversationEvent>, count: number, controller: AbortController) {
  const seen: ConversationEvent[] = [];
  const timeout = setTimeout(() => controller.abort(), 10_000);
  try {
    for await (const event of events) {
      seen.push(event);
      if (seen.length >= count) break;
    }
  } finally {
    clearTimeout(timeout);
    controller.abort();
  }
  return seen;
}

describe('redis store', () => {
  it('keeps events in a Redis Stream whose ids are the SSE ids, and drops the deltas of a finished message', async () => {
    const store = createRedisStore({ url: redis.url, prefix: 'layout:' });
    const conversation = record();
    await store.createConversation(conversation);
    await store.appendEvent(conversation.id, { type: 'typing', role: 'assistant', typing: true });
    await store.appendEvent(conversation.id, { type: 'message-delta', messageId: 'a', delta: 'Thirty ' });
    await store.appendEvent(conversation.id, { type: 'message-delta', messageId: 'a', delta: 'days.' });
    await store.appendEvent(conversation.id, {
      type: 'message',
      message: { id: 'a', role: 'assistant', text: 'Thirty days.', createdAt: conversation.createdAt },
    });
    const entries = await store.client.xrange(`layout:events:{${conversation.id}}`, '-', '+');
    expect(entries.map(([id]) => id)).toEqual(['1-0', '4-0']);
    const resumed = await store.client.xrange(`layout:events:{${conversation.id}}`, '(2-0', '+');
    expect(resumed.map(([id]) => id)).toEqual(['4-0']);
    await store.close?.();
  });

  it('fans events appended on one instance out to streams on another, in order, over one subscriber connection', async () => {
    const instanceA = createRedisStore({ url: redis.url, prefix: 'fan:' });
    const instanceB = createRedisStore({ url: redis.url, prefix: 'fan:' });
    await Promise.all([instanceA.ready(), instanceB.ready()]);
    const conversation = record();
    await instanceB.createConversation(conversation);
    const controllers = Array.from({ length: 50 }, () => new AbortController());
    const streams = controllers.map((controller) =>
      collect(instanceA.subscribe(conversation.id, 0, controller.signal), 20, controller),
    );
    await vi.waitFor(() => expect(instanceA.statistics()).toEqual({ followers: 50, channels: 1 }));
    const pubsubClients = await instanceA.client.call('CLIENT', 'LIST', 'TYPE', 'pubsub');
    expect(String(pubsubClients).trim().split('\n')).toHaveLength(1);
    for (let index = 0; index < 20; index++) {
      await instanceB.appendEvent(conversation.id, { type: 'message-delta', messageId: 'm', delta: `${index} ` });
    }
    for (const seen of await Promise.all(streams)) {
      expect(seen.map((event) => event.id)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    }
    await vi.waitFor(() => expect(instanceA.statistics()).toEqual({ followers: 0, channels: 0 }));
    await Promise.all([instanceA.close?.(), instanceB.close?.()]);
  });

  it('lets Redis expire a conversation after its retention, and deletes one on request', async () => {
    const store = createRedisStore({ url: redis.url, prefix: 'retention:', conversationTtlSeconds: 3600 });
    const conversation = record();
    await store.createConversation(conversation);
    await store.appendEvent(conversation.id, { type: 'message-delta', messageId: 'm', delta: 'x' });
    for (const key of ['conversation', 'events', 'deltas']) {
      const ttl = await store.client.pttl(`retention:${key}:{${conversation.id}}`);
      expect(ttl).toBeGreaterThan(3_590_000);
      expect(ttl).toBeLessThanOrEqual(3_600_000);
    }
    expect(await store.deleteConversation(conversation.id)).toBe(true);
    expect(await store.client.keys(`retention:*${conversation.id}*`)).toEqual([]);
    expect(await store.deleteConversation(conversation.id)).toBe(false);
    await store.close?.();
  });

  it('lists the conversations whose visitor message is still unanswered, oldest first', async () => {
    const store = createRedisStore({ url: redis.url, prefix: 'awaiting:' });
    const [first, second, answered] = [record(), record(), record()];
    for (const conversation of [first, second, answered]) await store.createConversation(conversation);
    await store.updateConversation(first.id, { awaitingAnswer: 'm1' });
    await store.updateConversation(answered.id, { awaitingAnswer: 'm2' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store.updateConversation(second.id, { awaitingAnswer: 'm3' });
    await store.updateConversation(answered.id, { awaitingAnswer: undefined });
    expect(await store.conversationsAwaitingAnswer()).toEqual([first.id, second.id]);
    expect(await store.getConversation(answered.id)).not.toHaveProperty('awaitingAnswer');
    await store.close?.();
  });

  it('renews and releases a lease only for its holder', async () => {
    const store = createRedisStore({ url: redis.url, prefix: 'lease:' });
    expect(await store.claimKey('lease:answer:c:m', 'instance-a', 5)).toBeUndefined();
    expect(await store.renewKey('lease:answer:c:m', 'instance-b', 5)).toBe(false);
    expect(await store.releaseKey('lease:answer:c:m', 'instance-b')).toBe(false);
    expect(await store.renewKey('lease:answer:c:m', 'instance-a', 5)).toBe(true);
    expect(await store.releaseKey('lease:answer:c:m', 'instance-a')).toBe(true);
    expect(await store.getKey('lease:answer:c:m')).toBeUndefined();
    await store.close?.();
  });
});

describe('redis store when Redis goes away', () => {
  it('throws StoreUnavailableError (503, Retry-After) while Redis is down, and picks up by itself when it is back, with nothing lost (AOF) and no live event missed', async () => {
    const own = await startRedisServer({ appendOnly: true });
    const errors: Error[] = [];
    const store = createRedisStore({ url: own.url, onConnectionError: (error) => errors.push(error) });
    const conversation = record();
    await store.createConversation(conversation);
    await store.appendEvent(conversation.id, { type: 'typing', role: 'assistant', typing: true });
    const controller = new AbortController();
    const live = collect(store.subscribe(conversation.id, 0, controller.signal), 3, controller);

    await own.stop();
    const failure = await store.getConversation(conversation.id).catch((error: unknown) => error);
    expect(StoreUnavailableError.isStoreUnavailable(failure)).toBe(true);
    expect(failure).toMatchObject({ code: 'unavailable', status: 503, headers: { 'retry-after': '5' } });
    await expect(
      store.appendEvent(conversation.id, { type: 'typing', role: 'assistant', typing: false }),
    ).rejects.toThrow(StoreUnavailableError);
    await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0), { timeout: 5_000 });

    await own.start();
    await vi.waitFor(() => store.ready(), { timeout: 10_000, interval: 100 });
    expect((await store.getConversation(conversation.id))?.mode).toBe('assistant');
    // Appended by another instance while this one's subscriber connection may still be reconnecting.
    const other = createRedisStore({ url: own.url });
    await other.ready();
    await other.appendEvent(conversation.id, { type: 'typing', role: 'assistant', typing: false });
    await other.appendEvent(conversation.id, { type: 'mode', mode: 'waiting' });
    expect((await live).map((event) => [event.id, event.type])).toEqual([
      [1, 'typing'],
      [2, 'typing'],
      [3, 'mode'],
    ]);
    await Promise.all([store.close?.(), other.close?.()]);
    await own.dispose();
  });
});
