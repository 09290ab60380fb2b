import { describe, expect, it } from 'vitest';
import { storeWithConversation } from '../../test/store-with-conversation.ts';
import { createMemoryStore } from '../store/memory.ts';
import type { ConversationStore } from '../store/store.ts';
import { TypingIndicator } from './typing-indicator.ts';

const conversationId = 'conv_typing';

const typingEvents = async (store: ConversationStore) =>
  (await store.readEvents(conversationId, 0)).filter((event) => event.type === 'typing');
const nextTask = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the typing indicator of an assistant turn', () => {
  it('is appended in the next task, after the promise continuations the current one queued', async () => {
    const store = await storeWithConversation(conversationId);
    const typing = new TypingIndicator(store, conversationId);
    typing.showAfterThisTask();
    // Work the assistant queued when it was started (the SDK building its request) runs before the append.
    for (let step = 0; step < 20; step++) await Promise.resolve();
    expect(await typingEvents(store)).toEqual([]);
    await nextTask();
    await typing.shown;
    expect(await typingEvents(store)).toEqual([expect.objectContaining({ role: 'assistant', typing: true })]);
  });

  it('is appended at once for a first word that comes sooner, and only once', async () => {
    const store = await storeWithConversation(conversationId);
    const typing = new TypingIndicator(store, conversationId);
    typing.showAfterThisTask();
    typing.show();
    typing.show();
    await typing.shown;
    await nextTask();
    expect(await typingEvents(store)).toHaveLength(1);
  });

  it("carries the store's failure to whoever waits for it", async () => {
    const typing = new TypingIndicator(createMemoryStore(), 'conv_unknown');
    typing.show();
    await expect(typing.shown).rejects.toThrow();
  });
});
