import { type RedisServer, startRedisServer } from '@tandem/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore, type RedisStore } from '../src/store/redis/redis-store.ts';
import { postTo, relayForTest, startConversation } from '../test/test-fixture.ts';
import { messagesOf, until } from './relay-http.ts';

let redis: RedisServer;
let store: RedisStore;

beforeAll(async () => {
  redis = await startRedisServer({ appendOnly: true });
  store = createRedisStore({ url: redis.url, unavailableAfterMs: 300 });
  await store.ready();
});
afterAll(async () => {
  await store?.close();
  await redis?.dispose();
});

describe('a relay on Redis while Redis is down', () => {
  it('answers 503 with Retry-After and a code, keeps running, and serves again by itself once Redis is back, with nothing lost and a retried message stored and answered once', {
    timeout: 60_000,
  }, async () => {
    const relay = relayForTest({ store });
    const conversation = await startConversation(relay);
    expect(
      (await postTo(relay, conversation, 'messages', { clientMessageId: 'c1', text: 'How long to return?' })).status,
    ).toBe(202);
    await until(async () => (await store.getConversation(conversation.conversationId))?.awaitingAnswer === undefined);

    await redis.stop();
    const refused = await postTo(relay, conversation, 'messages', {
      clientMessageId: 'c2',
      text: 'How long is delivery?',
    });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.json()).toEqual({
      error: { code: 'unavailable', message: expect.stringContaining('try again') },
    });
    const notCreated = await relay.request('/v1/conversations', {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(notCreated.status).toBe(503);
    const noStream = await relay.request(`/v1/conversations/${conversation.conversationId}/events`, {
      headers: { authorization: `Bearer ${conversation.token}` },
    });
    expect(noStream.status).toBe(503);

    await redis.start();
    // The widget's outbox sends again after Retry-After; here, until the relay takes it.
    let accepted: Response | undefined;
    await until(async () => {
      accepted = await postTo(relay, conversation, 'messages', {
        clientMessageId: 'c2',
        text: 'How long is delivery?',
      });
      return accepted.status !== 503;
    });
    expect(accepted?.status).toBe(202);
    const repeated = await postTo(relay, conversation, 'messages', {
      clientMessageId: 'c2',
      text: 'How long is delivery?',
    });
    expect(repeated.status).toBe(200);
    await until(async () => (await store.getConversation(conversation.conversationId))?.awaitingAnswer === undefined);
    await relay.conversations.idle();

    const messages = messagesOf(await store.readEvents(conversation.conversationId, 0));
    expect(messages.filter((message) => message.startsWith('visitor: '))).toEqual([
      'visitor: How long to return?',
      'visitor: How long is delivery?',
    ]);
    expect(messages.filter((message) => message.startsWith('assistant: '))).toHaveLength(2);
    expect(messages[1]).toMatch(/^assistant: .*30 days/);
    expect(messages[3]).toMatch(/^assistant: .*3 to 5 working days/);
  });
});
