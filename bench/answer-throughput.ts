import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ConversationEvent } from '../packages/protocol/src/index.ts';
import { startRedisServer } from '../packages/test-utils/src/redis-server.ts';
import type { Benchmark, Budget, Figure } from './lib/benchmark.ts';
import { createConversation, type StartedConversation, sendMessage, subscribe } from './lib/relay-client.ts';
import { startRoundRobinProxy } from './lib/round-robin-proxy.ts';
import { percentile, round } from './lib/statistics.ts';
import { QUESTION } from './lib/workload.ts';

const VISITORS = Number(process.env.BENCH_THROUGHPUT_VISITORS ?? 40);
const WARM_UP_MS = 2_000;
const MEASURE_MS = Number(process.env.BENCH_THROUGHPUT_SECONDS ?? 8) * 1000;
const RELAY_SCRIPT = fileURLToPath(new URL('./lib/redis-relay-process.ts', import.meta.url));

/**
 * Answered messages per second on one relay instance and on two, each a process of its own on one redis-server
 * (append-only file, fsync every second, as docs/scaling.md recommends), behind the same round-robin proxy (one
 * target or two), so the proxy's cost is in both. Visitors each keep one event stream open and ask one question
 * after another, each as soon as the previous is answered; the latency is from the send to the whole answer on the
 * stream. The offline assistant answers unpaced, so what is measured is the relay and Redis, not a model.
 */
export const answerThroughput: Benchmark = {
  name: 'answer-throughput',
  description: `answered messages per second, one relay instance vs two behind a round-robin proxy, Redis store, ${VISITORS} visitors`,
  async run() {
    const redis = await startRedisServer({ appendOnly: true, appendFsync: 'everysec' });
    const relays: ChildProcess[] = [];
    try {
      const urls: string[] = [];
      for (let index = 0; index < 2; index++) {
        const relay = fork(RELAY_SCRIPT, [], {
          execArgv: ['--import', 'tsx'],
          env: { ...process.env, BENCH_REDIS_URL: redis.url },
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        });
        relays.push(relay);
        urls.push((await nextMessage<{ url: string }>(relay, 'ready')).url);
      }
      const one = await measureThroughput([urls[0] as string]);
      const two = await measureThroughput(urls);
      const figures: Figure[] = [];
      for (const [name, result] of [
        ['one instance', one],
        ['two instances', two],
      ] as const) {
        figures.push(
          { label: `${name}: answered messages per second`, value: round(result.perSecond), unit: '/s' },
          { label: `${name}: send to whole answer p50`, value: round(percentile(result.latencies, 0.5)), unit: 'ms' },
          { label: `${name}: send to whole answer p99`, value: round(percentile(result.latencies, 0.99)), unit: 'ms' },
        );
      }
      figures.push({
        label: 'answered per second, two instances / one',
        value: round(two.perSecond / one.perSecond),
        unit: '×',
      });
      const budgets: Budget[] = [
        {
          // Two instances share the work without losing it to coordination (leases, pub/sub, Lua transitions).
          label: 'answered per second, one instance / two',
          value: round(one.perSecond / two.perSecond),
          limit: 1.25,
          unit: '×',
        },
        {
          label: 'send to whole answer p99, two instances / one',
          value: round(percentile(two.latencies, 0.99) / percentile(one.latencies, 0.99)),
          limit: 2,
          unit: '×',
        },
      ];
      return { figures, budgets };
    } finally {
      for (const relay of relays) {
        relay.send({ type: 'stop' });
        await new Promise((resolve) => relay.once('exit', resolve));
      }
      await redis.dispose();
    }
  },
};

// --- internal ---

async function measureThroughput(targets: string[]): Promise<{ perSecond: number; latencies: number[] }> {
  const proxy = await startRoundRobinProxy(targets);
  const latencies: number[] = [];
  let answered = 0;
  const started = performance.now();
  const measureFrom = started + WARM_UP_MS;
  const measureUntil = measureFrom + MEASURE_MS;
  try {
    await Promise.all(
      Array.from({ length: VISITORS }, async (_, visitor) => {
        const conversation: StartedConversation = await createConversation(proxy.url);
        let waiting: ((at: number) => void) | undefined;
        const subscription = subscribe(proxy.url, conversation, (event: ConversationEvent, receivedAt) => {
          if (event.type === 'message' && event.message.role === 'assistant') waiting?.(receivedAt);
        });
        await subscription.ready;
        try {
          for (let question = 0; performance.now() < measureUntil; question++) {
            const answer = new Promise<number>((resolve) => {
              waiting = resolve;
            });
            const sentAt = performance.now();
            await sendMessage(proxy.url, conversation, `v${visitor}-q${question}`, QUESTION);
            const answeredAt = await answer;
            if (sentAt >= measureFrom && answeredAt <= measureUntil) {
              latencies.push(answeredAt - sentAt);
              answered++;
            }
          }
        } finally {
          subscription.close();
        }
      }),
    );
  } finally {
    await proxy.close();
  }
  return { perSecond: answered / (MEASURE_MS / 1000), latencies };
}

function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      resolve(message as T);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`a relay process exited (${code})`)));
  });
}
