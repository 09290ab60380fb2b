import type { HandoffAdapter } from '@tandem/handoff';
import type { HandoffMetrics } from './handoff-metrics.ts';
import type { ResolvedHandoffOptions } from './options.ts';
import { type Sleep, withRetry } from './retry.ts';

/** One adapter operation, retried with backoff as the options say, and counted. */
export type CallAdapter = <T>(adapter: HandoffAdapter, operation: string, task: () => Promise<T>) => Promise<T>;

export function createAdapterCall(
  metrics: HandoffMetrics,
  options: Pick<ResolvedHandoffOptions, 'retry'>,
  sleep: Sleep,
): CallAdapter {
  return (adapter, operation, task) =>
    withRetry(
      async () => {
        try {
          const result = await task();
          metrics.adapterCalls.increment({ adapter: adapter.name, operation, outcome: 'ok' });
          return result;
        } catch (error) {
          metrics.adapterCalls.increment({ adapter: adapter.name, operation, outcome: 'error' });
          throw error;
        }
      },
      options.retry,
      sleep,
    );
}
