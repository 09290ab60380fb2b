import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Outbox } from '../outbox/outbox.ts';
import { createIdbStorage } from './idb-storage.ts';

// fake-indexeddb is a complete IndexedDB in JavaScript; the Chromium e2e tests cover the browser's own.
describe('IndexedDB storage through idb-keyval', () => {
  it('keeps values per namespace, so two widgets on one origin never share a conversation', async () => {
    const shop = createIdbStorage({ namespace: 'https://relay.example|shop' });
    const blog = createIdbStorage({ namespace: 'https://relay.example|blog' });
    await shop.set('session', { conversationId: 'c1' });
    expect(await shop.get('session')).toEqual({ conversationId: 'c1' });
    expect(await blog.get('session')).toBeUndefined();
    await shop.delete('session');
    expect(await shop.get('session')).toBeUndefined();
  });

  it('loses no outbox entry when several writers add at the same moment', async () => {
    const storage = createIdbStorage({ namespace: 'outbox-race' });
    const writers = [new Outbox(storage), new Outbox(storage), new Outbox(storage)];
    await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        writers[index % 3]?.add({ clientMessageId: `c${index}`, text: `message ${index}`, createdAt: '' }),
      ),
    );
    const entries = await writers[0]?.list();
    expect(entries?.map((entry) => entry.clientMessageId).sort()).toEqual(
      Array.from({ length: 30 }, (_, index) => `c${index}`).sort(),
    );
    // Adding an entry again (a retry) does not duplicate it.
    await writers[1]?.add({ clientMessageId: 'c0', text: 'message 0', createdAt: '' });
    await writers[2]?.remove('c1');
    expect(await writers[0]?.list()).toHaveLength(29);
  });
});
