import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ConversationEvent } from '../packages/protocol/src/index.ts';
import { startRedisServer } from '../packages/test-utils/src/redis-server.ts';
import type { Benchmark, Budget, Figure } from './lib/benchmark.ts';
import { createConversation, type StartedConversation, sendMessage, subscribe } from './lib/relay-client.ts';
import { startRoundRobinProxy } from './lib/round-robin-proxy.ts';
import { percentile, round } from './lib/statistics.ts';
import { QUESTION } from './lib/workload.ts';

const VISITORS = Number(process.env.BENCH_THROUGHPUT_VISITORS ?? 40);
/** Windows of one instance and of two, interleaved, so both see the same machine (a shared one varies a lot). */
const ROUNDS = Number(process.env.BENCH_THROUGHPUT_ROUNDS ?? 3);
const WARM_UP_MS = 1_000;
const WINDOW_MS = 4_000;
const RELAY_SCRIPT = fileURLToPath(new URL('./lib/redis-relay-process.ts', import.meta.url));

interface Window {
  answered: number;
  latencies: number[];
  /** CPU time of both relay processes and redis-server during the window. */
  cpuMs: number;
}

/**
 * Answered messages per second on one relay instance and on two, each a process of its own on one redis-server,
 * behind the same round-robin proxy (one target or two), so the proxy's cost is in both. Visitors each keep one
 * event stream open and ask one question after another, each as soon as the previous is answered; the latency is
 * from the send to the whole answer on the stream. The offline assistant answers unpaced, so what is measured is the
 * relay and Redis, not a model. Wall-clock rates follow the share of the machine the processes get; CPU time per
 * answer (relays and redis-server) does not, so the budget is on that: two instances must not pay much more per
 * answer for sharing the work (leases, pub/sub across processes, Lua transitions) than one.
 */
export const answerThroughput: Benchmark = {
  name: 'answer-throughput',
  description: `answered messages per second, one relay instance vs two behind a round-robin proxy, one redis-server, ${VISITORS} visitors, ${ROUNDS} interleaved rounds of ${WINDOW_MS / 1000} s`,
  async run() {
    // No append-only file: a shared machine's disk would time other people's builds (docs/scaling.md has the settings).
    const redis = await startRedisServer();
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
      const cpuNow = async () =>
        (await Promise.all(relays.map((relay) => cpuOf(relay)))).reduce((sum, value) => sum + value, 0) +
        redisCpuMs(redis.pid());
      const one: Window[] = [];
      const two: Window[] = [];
      for (let index = 0; index < ROUNDS; index++) {
        one.push(await measureWindow([urls[0] as string], cpuNow));
        two.push(await measureWindow(urls, cpuNow));
      }
      const summary = (windows: Window[]) => {
        const answered = windows.reduce((sum, window) => sum + window.answered, 0);
        const cpuMs = windows.reduce((sum, window) => sum + window.cpuMs, 0);
        return {
          perSecond: answered / ((windows.length * WINDOW_MS) / 1000),
          cpuPerAnswer: cpuMs / Math.max(1, answered),
          latencies: windows.flatMap((window) => window.latencies),
        };
      };
      const single = summary(one);
      const pair = summary(two);
      const figures: Figure[] = [];
      for (const [name, result] of [
        ['one instance', single],
        ['two instances', pair],
      ] as const) {
        figures.push(
          { label: `${name}: answered messages per second`, value: round(result.perSecond), unit: '/s' },
          { label: `${name}: send to whole answer p50`, value: round(percentile(result.latencies, 0.5)), unit: 'ms' },
          { label: `${name}: send to whole answer p99`, value: round(percentile(result.latencies, 0.99)), unit: 'ms' },
          { label: `${name}: CPU per answer (relays + redis-server)`, value: round(result.cpuPerAnswer), unit: 'ms' },
        );
      }
      figures.push(
        {
          label: 'answered per second, two instances / one',
          value: round(pair.perSecond / single.perSecond),
          unit: '×',
        },
        {
          label: 'send to whole answer p99, two instances / one',
          value: round(percentile(pair.latencies, 0.99) / percentile(single.latencies, 0.99)),
          unit: '×',
        },
      );
      const budgets: Budget[] = [
        {
          label: 'CPU per answer, two instances / one',
          value: round(pair.cpuPerAnswer / single.cpuPerAnswer),
          limit: 1.5,
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

async function measureWindow(targets: string[], cpuNow: () => Promise<number>): Promise<Window> {
  const proxy = await startRoundRobinProxy(targets);
  const latencies: number[] = [];
  let cpuAtStart = 0;
  const started = performance.now();
  const measureFrom = started + WARM_UP_MS;
  const measureUntil = measureFrom + WINDOW_MS;
  const cpuStart = new Promise<void>((resolve) =>
    setTimeout(async () => {
      cpuAtStart = await cpuNow();
      resolve();
    }, WARM_UP_MS),
  );
  let cpuAtEnd = 0;
  const cpuEnd = new Promise<void>((resolve) =>
    setTimeout(async () => {
      cpuAtEnd = await cpuNow();
      resolve();
    }, WARM_UP_MS + WINDOW_MS),
  );
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
            if (sentAt >= measureFrom && answeredAt <= measureUntil) latencies.push(answeredAt - sentAt);
          }
        } finally {
          subscription.close();
        }
      }),
    );
    await Promise.all([cpuStart, cpuEnd]);
  } finally {
    await proxy.close();
  }
  return { answered: latencies.length, latencies, cpuMs: cpuAtEnd - cpuAtStart };
}

function cpuOf(relay: ChildProcess): Promise<number> {
  const answer = nextMessage<{ milliseconds: number }>(relay, 'cpu');
  relay.send({ type: 'cpu' });
  return answer.then((message) => message.milliseconds);
}

/** User and system time of redis-server from /proc (Linux), in milliseconds; 0 where there is no /proc. */
function redisCpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`a relay process exited (${code})`));
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as T);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
