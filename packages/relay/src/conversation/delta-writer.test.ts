import type { ConversationEvent } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { storeWithConversation } from '../../test/store-with-conversation.ts';
import type { ConversationStore } from '../store/store.ts';
import { DeltaWriter } from './delta-writer.ts';

const conversationId = 'conv_delta';

/** A store a network hop away: every append takes until the test lets it through. */
function slowAppends(store: ConversationStore) {
  const waiting: (() => void)[] = [];
  const slow: ConversationStore = {
    ...store,
    appendEvent: async (id, event) => {
      await new Promise<void>((resolve) => waiting.push(resolve));
      return store.appendEvent(id, event);
    },
  };
  const releaseOne = async () => {
    waiting.shift()?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { slow, waiting, releaseOne };
}

const deltasOf = (events: ConversationEvent[]) =>
  events.flatMap((event) => (event.type === 'message-delta' ? [event.delta] : []));

describe('streaming an answer into the store', () => {
  it('appends each piece on its own when the store keeps up', async () => {
    const store = await storeWithConversation(conversationId);
    const writer = new DeltaWriter(store, conversationId, 'a1');
    for (const word of ['You ', '', 'have ', '30 ', 'days.']) {
      writer.write(word);
      await writer.flush();
    }
    expect(deltasOf(await store.readEvents(conversationId, 0))).toEqual(['You ', 'have ', '30 ', 'days.']);
  });

  it('never makes the answer wait for a slow store, and sends what arrived meanwhile as one piece', async () => {
    const store = await storeWithConversation(conversationId);
    const { slow, waiting, releaseOne } = slowAppends(store);
    // No time window here: only the store's own latency gathers pieces.
    const writer = new DeltaWriter(slow, conversationId, 'a1', { windowMs: 0 });
    writer.write('You ');
    // The first append is still on its way; these words do not wait for it.
    writer.write('have ');
    writer.write('30 ');
    writer.write('days.');
    expect(waiting).toHaveLength(1);
    await releaseOne();
    await releaseOne();
    await writer.flush();
    const events = await store.readEvents(conversationId, 0);
    expect(deltasOf(events)).toEqual(['You ', 'have 30 days.']);
    expect(events.every((event) => event.type !== 'message-delta' || event.messageId === 'a1')).toBe(true);
  });

  it('sends the first word at once and the words arriving within the window together as one event', async () => {
    const store = await storeWithConversation(conversationId);
    const writer = new DeltaWriter(store, conversationId, 'a1', { windowMs: 60_000 });
    writer.write('You ');
    for (let tick = 0; tick < 5; tick++) await Promise.resolve();
    expect(deltasOf(await store.readEvents(conversationId, 0))).toEqual(['You ']);
    const words = Array.from({ length: 999 }, (_, index) => `w${index} `);
    for (const word of words) {
      writer.write(word);
      await Promise.resolve();
    }
    // Inside the window: nothing more has gone out yet.
    expect(deltasOf(await store.readEvents(conversationId, 0))).toEqual(['You ']);
    await writer.flush();
    expect(deltasOf(await store.readEvents(conversationId, 0))).toEqual(['You ', words.join('')]);
  });

  it('puts the first piece after the append it must follow, even when that one is slower', async () => {
    const store = await storeWithConversation(conversationId);
    const { slow, waiting, releaseOne } = slowAppends(store);
    // The turn's typing event, sent while the model is asked, still on its way when the first word arrives.
    const typing = slow.appendEvent(conversationId, { type: 'typing', role: 'assistant', typing: true });
    const writer = new DeltaWriter(store, conversationId, 'a1', { after: typing });
    writer.write('You ');
    for (let tick = 0; tick < 5; tick++) await Promise.resolve();
    expect(waiting).toHaveLength(1);
    expect(await store.readEvents(conversationId, 0)).toEqual([]);
    await releaseOne();
    await writer.flush();
    expect((await store.readEvents(conversationId, 0)).map((event) => event.type)).toEqual(['typing', 'message-delta']);
  });

  it('fails like a failed append when the append it must follow fails', async () => {
    const store = await storeWithConversation(conversationId);
    const failed = Promise.reject(new Error('store gone'));
    const writer = new DeltaWriter(store, conversationId, 'a1', { after: failed });
    writer.write('You ');
    await expect(writer.flush()).rejects.toThrow('store gone');
    expect(await store.readEvents(conversationId, 0)).toEqual([]);
  });

  it('resolves flush only once every piece is stored, so closing events come after the text', async () => {
    const store = await storeWithConversation(conversationId);
    const { slow, releaseOne } = slowAppends(store);
    const writer = new DeltaWriter(slow, conversationId, 'a1');
    writer.write('Returns ');
    writer.write('take 30 days.');
    let flushed = false;
    const flushing = writer.flush().then(() => {
      flushed = true;
    });
    await releaseOne();
    expect(flushed).toBe(false);
    await releaseOne();
    await flushing;
    expect(deltasOf(await store.readEvents(conversationId, 0)).join('')).toBe('Returns take 30 days.');
  });

  it('loses no piece, whatever moment it arrives at', async () => {
    const store = await storeWithConversation(conversationId);
    const writer = new DeltaWriter(store, conversationId, 'a1');
    const words = Array.from({ length: 300 }, (_, index) => `w${index} `);
    for (const [index, word] of words.entries()) {
      writer.write(word);
      // Arrive 0 to 12 microtasks apart, so some pieces land just as an append finishes.
      for (let tick = 0; tick < (index * 7) % 13; tick++) await Promise.resolve();
    }
    await writer.flush();
    expect(deltasOf(await store.readEvents(conversationId, 0)).join('')).toBe(words.join(''));
  });

  it('takes a piece that arrives just as the previous append finishes', async () => {
    for (let ticks = 0; ticks < 8; ticks++) {
      const store = await storeWithConversation(conversationId);
      const { slow, waiting } = slowAppends(store);
      const writer = new DeltaWriter(slow, conversationId, `a${ticks}`, { windowMs: 0 });
      writer.write('Returns take ');
      while (waiting.length === 0) await Promise.resolve();
      waiting.shift()?.();
      for (let tick = 0; tick < ticks; tick++) await Promise.resolve();
      writer.write('30 days.');
      for (let round = 0; round < 3; round++) {
        waiting.shift()?.();
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      await writer.flush();
      const events = await store.readEvents(conversationId, 0);
      expect(deltasOf(events).join(''), `${ticks} microtasks later`).toBe('Returns take 30 days.');
    }
  });

  it("reports the store's failure on the next write and on flush", async () => {
    const store = await storeWithConversation(conversationId);
    const broken: ConversationStore = {
      ...store,
      appendEvent: async () => {
        throw new Error('store unreachable');
      },
    };
    const writer = new DeltaWriter(broken, conversationId, 'a1');
    writer.write('Hello');
    await expect(writer.flush()).rejects.toThrow('store unreachable');
    expect(() => writer.write(' again')).toThrow('store unreachable');
  });
});
