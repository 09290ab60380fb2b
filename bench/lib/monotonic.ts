/**
 * Milliseconds on the machine's monotonic clock (`process.hrtime`, CLOCK_MONOTONIC on Linux): one clock shared by
 * every process, so times noted in a benchmark's child process compare with the parent's. `performance.now()` counts
 * from each process's own start, and `performance.timeOrigin` is read from the wall clock, which may be slewed.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
