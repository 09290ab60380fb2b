import { type Message, messageSchema } from '@tandem/protocol';
import type { ConversationStore } from '../store/store.ts';
import { StoreUnavailableError } from '../store/store-unavailable.ts';

/** Longer than any store write takes: a claim this old whose message is not stored was left by a failed send. */
const ABANDONED_CLAIM_MS = 10_000;
/** How long a repeat waits for the message of a fresh claim to be stored by the request that claimed it. */
const IN_FLIGHT_WAIT_MS = 2_000;
const POLL_MS = 50;

/**
 * Claims a visitor message's clientMessageId. Returns undefined when this request may store `message`, or the
 * earlier message when a request with the same id stored it (a repeat).
 *
 * The claim and the stored message are two writes. When the store fails between them (Redis killed) the send
 * answers 503 and tries to forget the claim, which fails too while the store is away; the widget's retry then finds
 * a claim without a message. Calling that a duplicate would tell the visitor "sent" for a message nobody has, so a
 * claim counts only once its message is in the conversation: a fresh one is waited for (the first request may still
 * be writing) and then the retry is asked to come back (503); an abandoned one is taken over and the message stored.
 */
export async function claimVisitorMessage(
  store: ConversationStore,
  conversationId: string,
  key: string,
  message: Message,
  ttlSeconds: number,
): Promise<Message | undefined> {
  const value = JSON.stringify(message);
  const existing = await store.claimKey(key, value, ttlSeconds);
  if (existing === undefined) return undefined;
  const earlier = messageSchema.parse(JSON.parse(existing));
  const waitUntil = Date.now() + IN_FLIGHT_WAIT_MS;
  for (;;) {
    if (await isStored(store, conversationId, earlier.id)) return earlier;
    if (Date.now() - Date.parse(earlier.createdAt) > ABANDONED_CLAIM_MS) {
      // Only the abandoned claim is removed: a retry racing this one may have taken it over already.
      if (store.releaseKey) await store.releaseKey(key, existing);
      else await store.deleteKey(key);
      const retaken = await store.claimKey(key, value, ttlSeconds);
      return retaken === undefined ? undefined : messageSchema.parse(JSON.parse(retaken));
    }
    if (Date.now() > waitUntil) {
      throw new StoreUnavailableError(store.name, new Error(`message ${earlier.id} is claimed but not stored yet`));
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

// --- internal ---

async function isStored(store: ConversationStore, conversationId: string, messageId: string): Promise<boolean> {
  const events = await store.readEvents(conversationId, 0);
  return events.some((event) => event.type === 'message' && event.message.id === messageId);
}
