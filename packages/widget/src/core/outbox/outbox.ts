import type { ChatAttachment } from '../chat-state.ts';
import type { WidgetStorage } from '../storage/storage.ts';

/** A message the visitor wrote that the relay has not confirmed yet. */
export interface OutboxEntry {
  clientMessageId: string;
  text: string;
  createdAt: string;
  /** Files to upload before the message is sent; each gets the relay's `id` once uploaded. */
  attachments?: ChatAttachment[] | undefined;
}

export const OUTBOX_KEY = 'outbox';

/**
 * Messages waiting to be sent, in the order they were written, kept in storage so neither a reload nor
 * an offline spell loses them. The relay stores each clientMessageId once, so sending an entry again
 * after a crash between "sent" and "removed" is harmless.
 */
export class Outbox {
  readonly #storage: WidgetStorage;

  constructor(storage: WidgetStorage) {
    this.#storage = storage;
  }

  async list(): Promise<OutboxEntry[]> {
    return (await this.#storage.get<OutboxEntry[]>(OUTBOX_KEY)) ?? [];
  }

  add(entry: OutboxEntry): Promise<void> {
    return this.#storage.update<OutboxEntry[]>(OUTBOX_KEY, (current = []) =>
      current.some((existing) => existing.clientMessageId === entry.clientMessageId) ? current : [...current, entry],
    );
  }

  remove(clientMessageId: string): Promise<void> {
    return this.#storage.update<OutboxEntry[]>(OUTBOX_KEY, (current = []) =>
      current.filter((entry) => entry.clientMessageId !== clientMessageId),
    );
  }

  clear(): Promise<void> {
    return this.#storage.delete(OUTBOX_KEY);
  }
}
