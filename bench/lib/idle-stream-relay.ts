/**
 * A relay in a process of its own for `stream-memory`: it answers the parent's questions over IPC (its heap after a
 * full garbage collection, its open streams), so only the relay's memory is counted, not the client's.
 * Run with `--expose-gc`.
 */
import { createOfflineAssistant, createRelay } from '../../packages/relay/src/index.ts';
import { serveApp } from '../../packages/relay/src/node/index.ts';
import { BENCH_RELAY_OPTIONS, KNOWLEDGE } from './workload.ts';

const relay = createRelay({
  ...BENCH_RELAY_OPTIONS,
  secret: 'bench-secret-bench-secret-bench-secret',
  assistant: createOfflineAssistant({ knowledge: KNOWLEDGE }),
});
const server = await serveApp({ app: relay, port: 0 });

function collectGarbage() {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let pass = 0; pass < 3; pass++) gc?.();
}

process.on('message', async (message: { type: string }) => {
  if (message.type === 'measure') {
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 50));
    collectGarbage();
    process.send?.({
      type: 'measured',
      heapUsed: process.memoryUsage().heapUsed,
      streams: relay.metrics.sseConnections.value(),
    });
  } else if (message.type === 'stop') {
    await server.close();
    process.exit(0);
  }
});
process.send?.({ type: 'ready', url: server.url });
