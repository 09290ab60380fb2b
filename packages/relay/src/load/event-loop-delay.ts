export interface EventLoopDelayOptions {
  /** How often the loop is sampled, in milliseconds. Default 50. */
  sampleEveryMs?: number;
  /** The sampler stops after this long without a reading asked for, so an idle relay runs no timer. Default 10 s. */
  idleAfterMs?: number;
}

/** Each sample keeps this share of the previous reading, so one long task is remembered for a few hundred ms. */
const DECAY = 0.7;

/**
 * How late the event loop runs, measured by a timer that should fire every `sampleEveryMs`: how much later it fires
 * is the time other work kept the loop busy. A cheap stand-in for Node's `monitorEventLoopDelay` that runs on every
 * runtime with timers (Node, Bun, Deno). The reading is the recent worst delay, decaying as the loop recovers.
 */
export class EventLoopDelay {
  readonly #sampleEveryMs: number;
  readonly #idleAfterMs: number;
  #timer: ReturnType<typeof setInterval> | undefined;
  #expectedAt = 0;
  #delayMs = 0;
  #lastAskedAt = 0;

  constructor({ sampleEveryMs = 50, idleAfterMs = 10_000 }: EventLoopDelayOptions = {}) {
    this.#sampleEveryMs = sampleEveryMs;
    this.#idleAfterMs = idleAfterMs;
  }

  /** The recent event-loop delay in milliseconds; the first call starts the sampler (and reads 0). */
  currentMs(): number {
    this.#lastAskedAt = performance.now();
    if (this.#timer === undefined) this.#start();
    return this.#delayMs;
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#delayMs = 0;
  }

  #start(): void {
    this.#expectedAt = performance.now() + this.#sampleEveryMs;
    this.#timer = setInterval(() => this.#sample(), this.#sampleEveryMs);
    (this.#timer as { unref?: () => void }).unref?.();
  }

  #sample(): void {
    const now = performance.now();
    const late = Math.max(0, now - this.#expectedAt);
    this.#expectedAt = now + this.#sampleEveryMs;
    this.#delayMs = Math.max(late, this.#delayMs * DECAY);
    if (now - this.#lastAskedAt > this.#idleAfterMs) this.stop();
  }
}
