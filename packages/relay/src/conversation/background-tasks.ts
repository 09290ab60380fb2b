/** Work that outlives the request that started it (assistant answers, hooks), held so nothing is cut off. */
export class BackgroundTasks {
  private readonly pending = new Set<Promise<unknown>>();

  /** Resolves when every task started so far has finished, including those started meanwhile. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Keeps a background task alive: on Workers through `waitUntil`, elsewhere by holding the promise. */
  track(task: Promise<unknown>, waitUntil?: (promise: Promise<unknown>) => void): Promise<unknown> {
    this.pending.add(task);
    const settled = task.finally(() => this.pending.delete(task));
    waitUntil?.(settled);
    return settled;
  }
}
