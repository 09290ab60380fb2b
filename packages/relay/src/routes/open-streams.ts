/** One open event stream as the keeper sees it. */
export interface KeptStream {
  /** Milliseconds since the epoch at which the stream's token expires and the stream must end. */
  readonly expiresAt: number;
  /** Writes the keep-alive comment. */
  heartbeat(): void;
  /** Ends the stream (its token expired). */
  end(): void;
}

export interface OpenStreamsOptions {
  heartbeatIntervalMs: number;
  /**
   * One timer for every stream (the default), or one per stream where a timer must belong to the request that
   * writes (Cloudflare Workers forbid I/O on behalf of another request).
   */
  sharedTimer?: boolean;
  now?: () => number;
}

/** How often the shared timer looks for expired tokens, at most; a stream ends at most this late. */
const EXPIRY_CHECK_MS = 1000;

/**
 * Keeps the idle event streams alive and ends each when its token expires. On Node one timer serves every stream
 * (10,000 idle streams cost one timer, not 10,000), started with the first stream and stopped with the last.
 */
export class OpenStreams {
  readonly #streams = new Set<KeptStream>();
  readonly #options: Required<OpenStreamsOptions>;
  #timer: ReturnType<typeof setInterval> | undefined;
  #lastHeartbeat = 0;

  constructor({ heartbeatIntervalMs, sharedTimer = true, now = () => Date.now() }: OpenStreamsOptions) {
    this.#options = { heartbeatIntervalMs, sharedTimer, now };
  }

  get size(): number {
    return this.#streams.size;
  }

  /** Starts keeping `stream`; the returned function lets it go (call it when the stream ends for any reason). */
  keep(stream: KeptStream): () => void {
    if (!this.#options.sharedTimer) return keepAlone(stream, this.#options);
    this.#streams.add(stream);
    if (this.#timer === undefined) {
      this.#lastHeartbeat = this.#options.now();
      const interval = Math.min(this.#options.heartbeatIntervalMs, EXPIRY_CHECK_MS);
      this.#timer = setInterval(() => this.#tick(), interval);
      // A Node process with nothing but idle streams may still exit when asked to.
      (this.#timer as { unref?: () => void }).unref?.();
    }
    return () => {
      this.#streams.delete(stream);
      if (this.#streams.size === 0 && this.#timer !== undefined) {
        clearInterval(this.#timer);
        this.#timer = undefined;
      }
    };
  }

  #tick(): void {
    const now = this.#options.now();
    const heartbeatDue = now - this.#lastHeartbeat >= this.#options.heartbeatIntervalMs - EXPIRY_CHECK_MS / 2;
    if (heartbeatDue) this.#lastHeartbeat = now;
    for (const stream of this.#streams) {
      if (stream.expiresAt <= now) stream.end();
      else if (heartbeatDue) stream.heartbeat();
    }
  }
}

// --- internal ---

function keepAlone(stream: KeptStream, options: Required<OpenStreamsOptions>): () => void {
  const heartbeat = setInterval(() => stream.heartbeat(), options.heartbeatIntervalMs);
  const expiry = setTimeout(() => stream.end(), Math.min(2 ** 31 - 1, stream.expiresAt - options.now()));
  return () => {
    clearInterval(heartbeat);
    clearTimeout(expiry);
  };
}
