import type { ConversationEvent } from '@tandem/protocol';
import type { RelayClient } from './relay-client.ts';

export interface ReconnectingStreamOptions {
  client: RelayClient;
  conversationId: string;
  token: string;
  /** Resume after this id (0 for the whole log). */
  lastEventId: number;
  onEvent(event: ConversationEvent): void;
  onStatus(status: 'connecting' | 'open' | 'reconnecting'): void;
  /** Longest wait between attempts. Default 30 s. */
  maximumDelayMs?: number;
}

/** Keeps an event stream open: reconnects after any drop with exponential backoff and full jitter. */
export class ReconnectingStream {
  private readonly stopper = new AbortController();
  private lastEventId: number;
  private attempt = 0;
  private retryHintMs = 1000;
  private wakeUp: (() => void) | undefined;

  constructor(private readonly options: ReconnectingStreamOptions) {
    this.lastEventId = options.lastEventId;
  }

  start(): void {
    void this.run();
  }

  stop(): void {
    this.stopper.abort();
    this.wakeUp?.();
  }

  /** Skips the current backoff wait, e.g. when the tab becomes visible or the network returns. */
  reconnectNow(): void {
    this.attempt = 0;
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    const { client, conversationId, token } = this.options;
    while (!this.stopper.signal.aborted) {
      this.options.onStatus(this.attempt === 0 ? 'connecting' : 'reconnecting');
      try {
        await client.streamEvents({
          conversationId,
          token,
          lastEventId: this.lastEventId,
          signal: this.stopper.signal,
          onOpen: () => {
            this.attempt = 0;
            this.options.onStatus('open');
          },
          onRetryHint: (milliseconds) => {
            this.retryHintMs = milliseconds;
          },
          onEvent: (event) => {
            // A replay after a reconnect may overlap what was already seen.
            if (event.id <= this.lastEventId) return;
            this.lastEventId = event.id;
            this.options.onEvent(event);
          },
        });
      } catch {
        // Every failure is handled the same way: wait, then resume from the last event seen.
      }
      if (this.stopper.signal.aborted) return;
      this.attempt++;
      await this.wait(this.delay());
    }
  }

  private delay(): number {
    const ceiling = Math.min(this.options.maximumDelayMs ?? 30_000, this.retryHintMs * 2 ** (this.attempt - 1));
    return Math.random() * ceiling;
  }

  private wait(milliseconds: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, milliseconds);
      this.wakeUp = done;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
  }
}
