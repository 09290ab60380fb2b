import type { ConversationEvent } from '@tandem/protocol';
import { type RelayClient, RelayRequestError } from './relay-client.ts';

export interface ReconnectingStreamOptions {
  client: RelayClient;
  conversationId: string;
  /** Read at every (re)connect, so a refreshed token is used from the next attempt on. */
  token: () => string;
  /** Resume after this id (0 for the whole log). */
  lastEventId: number;
  onEvent(event: ConversationEvent): void;
  onStatus(status: 'connecting' | 'open' | 'reconnecting'): void;
  /** The relay refused the stream for good (token expired, conversation gone): retrying cannot help. */
  onFatal?(error: RelayRequestError): void;
  /** Longest wait between attempts. Default 30 s. */
  maximumDelayMs?: number;
  /**
   * A connection silent for this long is treated as dropped: the relay sends a heartbeat every 15 s,
   * and a half-open TCP connection (laptop lid, network switch) never reports an error by itself. Default 45 s.
   */
  silenceTimeoutMs?: number;
}

/** Keeps an event stream open: reconnects after any drop with exponential backoff and full jitter. */
export class ReconnectingStream {
  readonly #stopper = new AbortController();
  #lastEventId: number;
  #attempt = 0;
  #retryHintMs = 1000;
  #wakeUp: (() => void) | undefined;
  #current: AbortController | undefined;

  readonly #options: ReconnectingStreamOptions;

  constructor(options: ReconnectingStreamOptions) {
    this.#options = options;
    this.#lastEventId = options.lastEventId;
  }

  get stopped(): boolean {
    return this.#stopper.signal.aborted;
  }

  start(): void {
    void this.#run();
  }

  stop(): void {
    this.#stopper.abort();
    this.#current?.abort();
    this.#wakeUp?.();
  }

  /** Skips the current backoff wait, e.g. when the tab becomes visible or the network returns. */
  reconnectNow(): void {
    this.#attempt = 0;
    this.#wakeUp?.();
  }

  /** Drops the current connection and resumes at once from the last event seen. */
  restart(): void {
    this.#current?.abort();
    this.reconnectNow();
  }

  async #run(): Promise<void> {
    const { client, conversationId } = this.#options;
    const silenceTimeoutMs = this.#options.silenceTimeoutMs ?? 45_000;
    while (!this.#stopper.signal.aborted) {
      if (this.#attempt === 0) this.#options.onStatus('connecting');
      const attempt = new AbortController();
      this.#current = attempt;
      let silence: ReturnType<typeof setTimeout> | undefined;
      const heard = () => {
        clearTimeout(silence);
        silence = setTimeout(() => attempt.abort(), silenceTimeoutMs);
      };
      try {
        heard();
        await client.streamEvents({
          conversationId,
          token: this.#options.token(),
          lastEventId: this.#lastEventId,
          signal: attempt.signal,
          onOpen: () => {
            this.#attempt = 0;
            this.#options.onStatus('open');
          },
          onActivity: heard,
          onRetryHint: (milliseconds) => {
            this.#retryHintMs = milliseconds;
          },
          onEvent: (event) => {
            // A replay after a reconnect may overlap what was already seen.
            if (event.id <= this.#lastEventId) return;
            this.#lastEventId = event.id;
            this.#options.onEvent(event);
          },
        });
      } catch (error) {
        if (error instanceof RelayRequestError && [401, 403, 404].includes(error.status)) {
          this.stop();
          this.#options.onFatal?.(error);
          return;
        }
        // Every other failure is handled the same way: wait, then resume from the last event seen.
      } finally {
        clearTimeout(silence);
      }
      if (this.#stopper.signal.aborted) return;
      this.#attempt++;
      // Said at once, not after the backoff: the visitor should see the connection is gone while we wait.
      this.#options.onStatus('reconnecting');
      await this.#wait(this.#delay());
    }
  }

  #delay(): number {
    const ceiling = Math.min(this.#options.maximumDelayMs ?? 30_000, this.#retryHintMs * 2 ** (this.#attempt - 1));
    return Math.random() * ceiling;
  }

  #wait(milliseconds: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, milliseconds);
      this.#wakeUp = done;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
  }
}
