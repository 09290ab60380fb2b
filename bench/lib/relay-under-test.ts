import { createRelay, type RelayOptions } from '../../packages/relay/src/index.ts';
import { type RunningServer, serveApp } from '../../packages/relay/src/node/index.ts';
import { BENCH_RELAY_OPTIONS } from './workload.ts';

export { KNOWLEDGE, QUESTION } from './workload.ts';

/**
 * The relay as a deployment would run it on Node, on a real loopback socket, with quiet logs; the memory store unless
 * `options` names another (and its audit log), and the escalation policy off unless `options` gives one.
 */
export async function serveRelay(
  assistant: RelayOptions['assistant'],
  options: Pick<RelayOptions, 'store' | 'audit' | 'policy'> = {},
): Promise<RunningServer> {
  const relay = createRelay({
    ...BENCH_RELAY_OPTIONS,
    ...options,
    secret: 'bench-secret-bench-secret-bench-secret',
    assistant,
  });
  return serveApp({ app: relay, port: 0, hostname: '127.0.0.1' });
}
