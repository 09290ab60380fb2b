import { type RedisServer, startRedisServer } from '@tandem/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, upload } from '../../test/attachment-fixtures.ts';
import { postTo, relayForTest, startConversation } from '../../test/test-fixture.ts';
import { createRedisStore } from '../store/redis/redis-store.ts';
import { createSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { ConversationStore } from '../store/store.ts';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis.dispose());

const stores: [string, () => Promise<ConversationStore>][] = [
  [
    'redis',
    async () => {
      const store = createRedisStore({ url: redis.url, prefix: `attachments-${crypto.randomUUID()}:` });
      await store.ready();
      return store;
    },
  ],
  ['sqlite', async () => createSqliteStore()],
];

describe.each(stores)('attachment metadata on the %s store', (_name, createStore) => {
  it('counts uploads against the limit, dedupes by clientAttachmentId and attaches a file to one message', async () => {
    const store = await createStore();
    try {
      const relay = relayForTest({ store, attachments: { maxPerConversation: 2 } });
      const conversation = await startConversation(relay);
      const statuses: number[] = [];
      for (const id of ['one', 'one', 'two', 'three']) {
        statuses.push((await upload(relay, conversation, fixture('anim.gif'), { clientAttachmentId: id })).status);
      }
      expect(statuses).toEqual([201, 200, 201, 409]);
      const [first] = await relay.attachments.listWithLinks(conversation.conversationId);
      const send = (clientMessageId: string) =>
        postTo(relay, conversation, 'messages', { clientMessageId, text: '', attachmentIds: [first?.id] });
      expect((await send('a')).status).toBe(202);
      expect((await send('b')).status).toBe(409);
      await relay.conversations.idle();
      expect(await relay.attachments.deleteConversation(conversation.conversationId)).toBe(2);
    } finally {
      await store.close?.();
    }
  });
});
