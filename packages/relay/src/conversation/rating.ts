import type { RatingRequest } from '@tandem/protocol';
import { RelayError } from '../errors.ts';
import type { ConversationStore } from '../store/store.ts';
import { requireConversation } from './conversation-records.ts';

/** Saves the visitor's score once; the widget asks for it only after the close or a handoff, so earlier is refused. */
export async function saveRating(
  store: ConversationStore,
  conversationId: string,
  rating: RatingRequest,
): Promise<void> {
  const current = await requireConversation(store, conversationId);
  if (current.rating) {
    // A resent request (a retry after a lost response) is not a second rating.
    if (current.rating.score === rating.score && current.rating.comment === rating.comment) return;
    throw new RelayError('conflict', 'This conversation has been rated already.');
  }
  if (current.mode !== 'closed' && !current.handoff) {
    throw new RelayError('conflict', 'A conversation can be rated once it is closed or after talking to a person.');
  }
  await store.updateConversation(conversationId, { rating: { ...rating, savedAt: new Date().toISOString() } });
}
