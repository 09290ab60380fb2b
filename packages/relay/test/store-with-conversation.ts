import { createMemoryStore } from '../src/store/memory.ts';
import type { ConversationStore } from '../src/store/store.ts';

/** A memory store holding one conversation, in assistant mode, for tests of what writes to its log. */
export async function storeWithConversation(conversationId: string): Promise<ConversationStore> {
  const store = createMemoryStore();
  await store.createConversation({
    id: conversationId,
    siteId: 'default',
    createdAt: new Date().toISOString(),
    mode: 'assistant',
    identityVerified: false,
  });
  return store;
}
