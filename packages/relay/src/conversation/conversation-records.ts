import { type Message, messageSchema } from '@tandem/protocol';
import { RelayError } from '../errors.ts';
import type { ConversationRecord, ConversationStore } from '../store/store.ts';

/** The conversation, or the error every route reports for an unknown id. */
export async function requireConversation(
  store: ConversationStore,
  conversationId: string,
): Promise<ConversationRecord> {
  const record = await store.getConversation(conversationId);
  if (!record) throw new RelayError('not_found', 'No such conversation.');
  return record;
}

/** Stores the message under `key` unless one is there already (a retried request); returns that earlier one. */
export async function claimMessage(
  store: ConversationStore,
  key: string,
  message: Message,
  ttlSeconds: number,
): Promise<Message | undefined> {
  const existing = await store.claimKey(key, JSON.stringify(message), ttlSeconds);
  return existing === undefined ? undefined : messageSchema.parse(JSON.parse(existing));
}
