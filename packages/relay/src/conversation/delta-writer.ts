import type { ConversationStore } from '../store/store.ts';

/**
 * Appends an answer's streamed text as `message-delta` events without making the assistant wait for the store.
 * While one append is on its way, the pieces that arrive meanwhile wait and go together as the next event. A store
 * that answers at once (memory) sees every piece on its own; one a network hop away (a Durable Object, Redis) sees
 * fewer, larger appends, so the answer's stream is never slowed to the store's round trip per word. The order of
 * the text is kept, and nothing is dropped: the widget concatenates deltas, however they are cut.
 */
export class DeltaWriter {
  readonly #store: ConversationStore;
  readonly #conversationId: string;
  readonly #messageId: string;
  #pending = '';
  #draining: Promise<void> | undefined;
  #failure: { error: unknown } | undefined;

  constructor(store: ConversationStore, conversationId: string, messageId: string) {
    this.#store = store;
    this.#conversationId = conversationId;
    this.#messageId = messageId;
  }

  /** Queues `delta`; throws the store's error if an earlier append failed, so the turn stops at once. */
  write(delta: string): void {
    this.#throwIfFailed();
    // An empty piece adds nothing, and would end a drain before its first append.
    if (delta.length === 0) return;
    this.#pending += delta;
    this.#draining ??= this.#drain();
  }

  /** Resolves once every queued piece is in the store; rejects with the store's error if one append failed. */
  async flush(): Promise<void> {
    while (this.#draining) await this.#draining;
    this.#throwIfFailed();
  }

  async #drain(): Promise<void> {
    while (this.#pending.length > 0 && !this.#failure) {
      const delta = this.#pending;
      this.#pending = '';
      try {
        await this.#store.appendEvent(this.#conversationId, {
          type: 'message-delta',
          messageId: this.#messageId,
          delta,
        });
      } catch (error) {
        this.#failure = { error };
      }
    }
    // Cleared in the same step as the last look at the pending text: a piece written a moment later starts a new
    // drain instead of waiting behind one that has already decided to stop.
    this.#draining = undefined;
  }

  #throwIfFailed(): void {
    if (this.#failure) throw this.#failure.error;
  }
}
