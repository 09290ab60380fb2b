import type { ConversationEvent } from '@tandem/protocol';
import { type RedisServer, startRedisServer } from '@tandem/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore, type RedisStore } from '../src/store/redis/redis-store.ts';
import { relayForTest, type StartedConversation, startConversation } from '../test/test-fixture.ts';
import { readEvents } from './workers/sse.ts';

const EVENTS = 1_500;
const MINIMUM_DROPS = 500;

let redis: RedisServer;
const stores: RedisStore[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await redis?.dispose();
});

/** A seeded generator, so a failure can be replayed with the same drop points. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

describe('fault suite: event streams dropped at random across two instances', () => {
  it(`loses and repeats nothing over at least ${MINIMUM_DROPS} drops while events are appended by a third`, {
    timeout: 120_000,
  }, async () => {
    const instance = () => {
      const store = createRedisStore({ url: redis.url, prefix: 'drops:' });
      stores.push(store);
      return relayForTest({ store });
    };
    const [a, b] = [instance(), instance()];
    const writer = createRedisStore({ url: redis.url, prefix: 'drops:' });
    stores.push(writer);
    const conversation: StartedConversation = await startConversation(a);

    // The writer appends while the reader drops and reconnects, alternating instances.
    const writing = (async () => {
      for (let index = 0; index < EVENTS; index++) {
        await writer.appendEvent(conversation.conversationId, {
          type: 'typing',
          role: index % 2 === 0 ? 'assistant' : 'agent',
          typing: index % 3 === 0,
        });
        if (index % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      }
    })();

    const next = random(11);
    const seen: ConversationEvent[] = [];
    let drops = 0;
    let connections = 0;
    while (seen.length < EVENTS && connections < EVENTS * 2) {
      const relay = connections % 2 === 0 ? a : b;
      connections++;
      const lastId = seen.at(-1)?.id ?? 0;
      const response = await relay.request(`/v1/conversations/${conversation.conversationId}/events`, {
        headers: { authorization: `Bearer ${conversation.token}`, 'last-event-id': String(lastId) },
      });
      expect(response.status).toBe(200);
      const take = 1 + Math.floor(next() * 4);
      const { events } = await readEvents(
        response.body as ReadableStream<Uint8Array>,
        (got) => got.length >= take || seen.length + got.length >= EVENTS,
        20_000,
      );
      seen.push(...events);
      if (seen.length < EVENTS) drops++;
    }
    await writing;

    const ids = seen.map((event) => event.id);
    const lost = EVENTS - new Set(ids).size;
    const duplicated = ids.length - new Set(ids).size;
    console.log(
      `fault suite: ${drops} stream drops across 2 instances, ${connections} connections, ${EVENTS} events: ${lost} lost, ${duplicated} duplicated`,
    );
    expect(drops).toBeGreaterThanOrEqual(MINIMUM_DROPS);
    expect(ids).toEqual(Array.from({ length: EVENTS }, (_, index) => index + 1));
    expect(a.conversations.store.name).toBe('redis');
  });
});
