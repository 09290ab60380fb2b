import type { Message } from '@tandem/protocol';
import type { StoredSession } from '../session/session.ts';
import { type RelayClient, RelayRequestError } from '../transport/relay-client.ts';
import type { Outbox, OutboxEntry } from './outbox.ts';

export interface OutboxSenderOptions {
  outbox: Outbox;
  client: RelayClient;
  /** The conversation to send to, started on first use. */
  session(): Promise<StoredSession>;
  onDelivered(clientMessageId: string, message: Message): void;
  /** The relay refused this message for good (too long, a file too large…): it has left the outbox. */
  onRefused(clientMessageId: string, code?: string): void;
  /**
   * Uploads the entry's files that the relay does not have yet and resolves with their relay ids, in order.
   * Throws a RelayRequestError like the other calls. Loaded with the attachments' code (ui/attach), on first need.
   */
  upload?(session: StoredSession, entry: OutboxEntry): Promise<string[]>;
  /** The conversation can no longer be reached (token expired, conversation gone): forget it. */
  onConversationLost(): Promise<void>;
  /** First wait before trying again after the relay could not be reached. Default 1 s. */
  retryDelayMs?: number;
}

const MAXIMUM_RETRY_DELAY_MS = 30_000;
const GONE = [401, 403, 404];

/**
 * Sends the stored outbox in order, one pass at a time. What cannot be sent now waits for the next chance:
 * a retry with backoff and jitter, or an explicit `send()` when the network or the relay comes back.
 */
export class OutboxSender {
  readonly #options: OutboxSenderOptions;
  #sending: Promise<void> | undefined;
  #again = false;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(options: OutboxSenderOptions) {
    this.#options = options;
  }

  /** Starts a pass now (or right after the current one), skipping any backoff wait. */
  send(): Promise<void> {
    if (this.#sending) {
      this.#again = true;
      return this.#sending;
    }
    clearTimeout(this.#timer);
    this.#sending = this.#pass().finally(() => {
      this.#sending = undefined;
      if (this.#again && !this.#stopped) {
        this.#again = false;
        void this.send();
      }
    });
    return this.#sending;
  }

  /** The relay is reachable again: the next failure starts the backoff from the beginning. */
  resetBackoff(): void {
    this.#attempt = 0;
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  async #pass(): Promise<void> {
    const { outbox, client } = this.#options;
    const entries = await outbox.list();
    if (entries.length === 0 || this.#stopped) return;
    let session: StoredSession;
    try {
      session = await this.#options.session();
    } catch (error) {
      if (error instanceof RelayRequestError && !error.retryable) {
        // The relay refuses to start a conversation with these settings (a bad siteId or identity, say):
        // retrying cannot help, so say why once and show the messages as failed.
        console.error(
          `[tandem] ${error.code === 'origin_refused' ? error.message : `the relay refused to start a conversation: ${error.message}`}`,
        );
        for (const entry of entries) await this.#refuse(entry.clientMessageId);
        return;
      }
      this.#retryLater(error);
      return;
    }
    for (const entry of entries) {
      if (this.#stopped) return;
      try {
        const attachmentIds = entry.attachments?.length ? await this.#options.upload?.(session, entry) : undefined;
        const { message } = await client.sendMessage(session.conversationId, session.token, {
          clientMessageId: entry.clientMessageId,
          text: entry.text,
          ...(attachmentIds && { attachmentIds }),
        });
        await outbox.remove(entry.clientMessageId);
        this.#options.onDelivered(entry.clientMessageId, message);
      } catch (error) {
        if (error instanceof RelayRequestError && GONE.includes(error.status)) {
          // The outbox goes to a fresh conversation.
          await this.#options.onConversationLost();
          this.#again = true;
          return;
        }
        if (error instanceof RelayRequestError && !error.retryable) {
          await this.#refuse(entry.clientMessageId, error.code);
          continue;
        }
        this.#retryLater(error);
        return;
      }
    }
    this.#attempt = 0;
  }

  async #refuse(clientMessageId: string, code?: string): Promise<void> {
    await this.#options.outbox.remove(clientMessageId);
    this.#options.onRefused(clientMessageId, code);
  }

  /** Waits with backoff and jitter, and never less than a busy relay's Retry-After. */
  #retryLater(error?: unknown): void {
    if (this.#stopped) return;
    const ceiling = Math.min(MAXIMUM_RETRY_DELAY_MS, (this.#options.retryDelayMs ?? 1000) * 2 ** this.#attempt);
    this.#attempt++;
    clearTimeout(this.#timer);
    // Half fixed, half jitter: tabs and visitors coming back from one outage do not all knock at once.
    const backoff = ceiling / 2 + (Math.random() * ceiling) / 2;
    const retryAfter = error instanceof RelayRequestError ? (error.retryAfterMs ?? 0) : 0;
    this.#timer = setTimeout(() => void this.send(), Math.max(backoff, retryAfter + Math.random() * 500));
  }
}
