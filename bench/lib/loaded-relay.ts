/**
 * A relay in a process of its own for `load-threshold`: it reports its event-loop delay, read by the same sampler
 * the load shedding reads, to the parent over IPC every 100 ms, so the parent's own work never counts.
 */
import { createOfflineAssistant, createRelay } from '../../packages/relay/src/index.ts';
import { EventLoopDelay } from '../../packages/relay/src/load/event-loop-delay.ts';
import { serveApp } from '../../packages/relay/src/node/index.ts';
import { BENCH_RELAY_OPTIONS, KNOWLEDGE, STREAMING_WORD_DELAY_MS } from './workload.ts';

const relay = createRelay({
  ...BENCH_RELAY_OPTIONS,
  secret: 'bench-secret-bench-secret-bench-secret',
  assistant: createOfflineAssistant({ knowledge: KNOWLEDGE, wordDelayMs: STREAMING_WORD_DELAY_MS }),
});
const server = await serveApp({ app: relay, port: 0 });
const delay = new EventLoopDelay();
const reporting = setInterval(() => process.send?.({ type: 'delay', ms: delay.currentMs() }), 100);

process.on('message', async (message: { type: string }) => {
  if (message.type === 'stop') {
    clearInterval(reporting);
    delay.stop();
    await server.close();
    process.exit(0);
  }
});
process.send?.({ type: 'ready', url: server.url });
