/**
 * A relay in a process of its own for `stream-memory`: it answers the parent's questions over IPC (its heap after a
 * full garbage collection, its open streams), so only the relay's memory is counted, not the client's; and writes an
 * agent's reply into a conversation when asked, as a helpdesk webhook would. With `BENCH_REDIS_URL` set its
 * conversations live in that Redis (the store several instances share), else in memory.
 * Run with `--expose-gc`.
 */
import { createOfflineAssistant, createRelay } from '../../packages/relay/src/index.ts';
import { serveApp } from '../../packages/relay/src/node/index.ts';
import { createRedisStore } from '../../packages/relay/src/store/redis/index.ts';
import { BENCH_RELAY_OPTIONS, KNOWLEDGE } from './workload.ts';

const redisUrl = process.env.BENCH_REDIS_URL;
const relay = createRelay({
  ...BENCH_RELAY_OPTIONS,
  secret: 'bench-secret-bench-secret-bench-secret',
  assistant: createOfflineAssistant({ knowledge: KNOWLEDGE }),
  ...(redisUrl ? { store: createRedisStore({ url: redisUrl, prefix: 'bench-streams:' }) } : {}),
});
const server = await serveApp({ app: relay, port: 0 });

function collectGarbage() {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let pass = 0; pass < 3; pass++) gc?.();
}

type Request = { type: 'measure' } | { type: 'stop' } | { type: 'agent-reply'; conversationId: string; sample: number };

process.on('message', async (message: Request) => {
  if (message.type === 'measure') {
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 50));
    collectGarbage();
    process.send?.({
      type: 'measured',
      heapUsed: process.memoryUsage().heapUsed,
      streams: relay.metrics.sseConnections.value(),
    });
  } else if (message.type === 'agent-reply') {
    await relay.conversations.appendAgentMessage(message.conversationId, {
      author: { name: 'Maria' },
      text: 'Your parcel left our warehouse this morning.',
      externalId: `bench-reply-${message.sample}`,
    });
  } else if (message.type === 'stop') {
    await server.close();
    await relay.conversations.store.close?.();
    process.exit(0);
  }
});
process.send?.({ type: 'ready', url: server.url });
