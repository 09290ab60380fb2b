/**
 * One relay instance for `answer-throughput`, in a process of its own as a deployment runs it: the Redis store at
 * `BENCH_REDIS_URL`, the recovery loop on, the offline assistant unpaced (so the relay's own cost is what is timed).
 * Tells its parent its URL over IPC, and its CPU time so far on `{ type: 'cpu' }`; stops on `{ type: 'stop' }`.
 */
import { createOfflineAssistant, createRelay } from '../../packages/relay/src/index.ts';
import { serveApp } from '../../packages/relay/src/node/index.ts';
import { createRedisStore } from '../../packages/relay/src/store/redis/index.ts';
import { BENCH_RELAY_OPTIONS, KNOWLEDGE } from './workload.ts';

const store = createRedisStore({ url: process.env.BENCH_REDIS_URL ?? '', prefix: 'bench-throughput:' });
const relay = createRelay({
  ...BENCH_RELAY_OPTIONS,
  secret: 'bench-secret-bench-secret-bench-secret',
  assistant: createOfflineAssistant({ knowledge: KNOWLEDGE }),
  store,
});
const server = await serveApp({ app: relay, port: 0, hostname: '127.0.0.1' });
const stopRecovering = relay.keepRecovering();

process.on('message', async (message: { type: string }) => {
  if (message.type === 'cpu') {
    const used = process.cpuUsage();
    process.send?.({ type: 'cpu', milliseconds: (used.user + used.system) / 1000 });
    return;
  }
  if (message.type !== 'stop') return;
  stopRecovering();
  await server.close();
  await relay.conversations.idle();
  await store.close();
  process.exit(0);
});
process.send?.({ type: 'ready', url: server.url });
