import { type ChildProcess, fork } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { startRedisServer } from '../packages/test-utils/src/redis-server.ts';
import type { Benchmark, BenchmarkResult, Budget, Figure } from './lib/benchmark.ts';
import { createConversation, type StartedConversation } from './lib/relay-client.ts';
import { percentile, round } from './lib/statistics.ts';

/** `BENCH_STREAM_COUNTS=200,500 pnpm bench stream-memory` for a quick run while developing. */
const STREAM_COUNTS = (process.env.BENCH_STREAM_COUNTS ?? '1000,5000,10000').split(',').map(Number);
const DELIVERY_SAMPLES = 100;
const RELAY_SCRIPT = fileURLToPath(new URL('./lib/idle-stream-relay.ts', import.meta.url));

/**
 * What an idle event stream costs the relay: heap after a full garbage collection with 1,000, 5,000 and 10,000 open
 * streams (each on its own conversation) against the same conversations with none open, in a relay process of its
 * own; and how fast an agent's reply then reaches one stream among them (written into a random open conversation,
 * as a helpdesk webhook does). Once with the memory store, once with the Redis store (a real redis-server on
 * loopback), where every stream is fed through the process's one subscriber connection.
 */
export const streamMemory: Benchmark = {
  name: 'stream-memory',
  description: `relay heap per idle SSE stream at ${STREAM_COUNTS.join(' / ')} streams and p99 delivery of one agent reply, memory and Redis stores`,
  async run() {
    const memory = await measureStreams('memory store', {});
    const redis = await startRedisServer();
    try {
      const shared = await measureStreams('Redis store', { BENCH_REDIS_URL: redis.url });
      return {
        figures: [...memory.figures, ...shared.figures],
        budgets: [...memory.budgets, ...shared.budgets],
      };
    } finally {
      await redis.dispose();
    }
  },
};

async function measureStreams(store: string, environment: Record<string, string>): Promise<BenchmarkResult> {
  const relay = fork(RELAY_SCRIPT, [], {
    execArgv: ['--import', 'tsx', '--expose-gc', '--max-old-space-size=4096'],
    env: { ...process.env, ...environment },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const figures: Figure[] = [];
  const budgets: Budget[] = [];
  const streams: OpenStream[] = [];
  try {
    const { url } = await nextMessage<{ url: string }>(relay, 'ready');
    // Every conversation exists before the baseline, so what grows after it is the streams alone.
    const conversations: StartedConversation[] = [];
    const most = Math.max(...STREAM_COUNTS);
    while (conversations.length < most) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(100, most - conversations.length) }, () => createConversation(url)),
      );
      conversations.push(...batch);
    }
    const baseline = await measure(relay);
    for (const count of STREAM_COUNTS) {
      while (streams.length < count) {
        const batch = conversations.slice(streams.length, Math.min(count, streams.length + 200));
        streams.push(...(await Promise.all(batch.map((conversation) => openStream(url, conversation)))));
      }
      const measured = await measure(relay);
      if (measured.streams !== count) throw new Error(`${measured.streams} streams open, expected ${count}`);
      const perStreamKb = (measured.heapUsed - baseline.heapUsed) / count / 1024;
      figures.push({
        label: `${store}, ${count} idle streams: relay heap`,
        value: round(measured.heapUsed / 2 ** 20),
        unit: 'MB',
      });
      budgets.push({
        label: `${store}: relay heap per idle stream at ${count}`,
        value: round(perStreamKb),
        limit: 20,
        unit: 'KB',
      });
    }
    const delivery = await deliveryTimes(relay, streams, conversations);
    figures.push({
      label: `${store}, ${streams.length} streams: one agent reply delivered p50`,
      value: round(percentile(delivery, 0.5)),
      unit: 'ms',
    });
    budgets.push({
      label: `${store}: one agent reply to one of ${streams.length} streams, p99`,
      value: round(percentile(delivery, 0.99)),
      limit: 50,
      unit: 'ms',
    });
    return { figures, budgets };
  } finally {
    for (const stream of streams) stream.close();
    relay.send({ type: 'stop' });
    await new Promise((resolve) => relay.once('exit', resolve));
  }
}

// --- internal ---

interface OpenStream {
  /** Resolves with the time the next agent message arrives. */
  nextAgentMessage(): Promise<number>;
  close(): void;
}

/** A bare node:http SSE client: light enough that 10,000 of them fit in the benchmark's own process. */
function openStream(baseUrl: string, conversation: StartedConversation): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    let waiting: ((at: number) => void) | undefined;
    const outgoing = request(
      `${baseUrl}/v1/conversations/${conversation.conversationId}/events`,
      { headers: { authorization: `Bearer ${conversation.token}` }, agent: false },
      (response) => {
        if (response.statusCode !== 200) reject(new Error(`stream refused: ${response.statusCode}`));
        response.setEncoding('utf8');
        let opened = false;
        response.on('data', (chunk: string) => {
          if (!opened) {
            opened = true;
            resolve({
              nextAgentMessage: () => new Promise((done) => (waiting = done)),
              close: () => outgoing.destroy(),
            });
          }
          if (chunk.includes('"role":"agent"')) {
            const done = waiting;
            waiting = undefined;
            done?.(performance.now());
          }
        });
        response.on('error', () => undefined);
      },
    );
    outgoing.on('error', (error) => reject(error));
    outgoing.end();
  });
}

async function deliveryTimes(relay: ChildProcess, streams: OpenStream[], conversations: StartedConversation[]) {
  const times: number[] = [];
  for (let sample = 0; sample < DELIVERY_SAMPLES; sample++) {
    const index = (sample * 7919) % streams.length;
    const stream = streams[index] as OpenStream;
    const conversation = conversations[index] as StartedConversation;
    const arrived = stream.nextAgentMessage();
    const started = performance.now();
    relay.send({ type: 'agent-reply', conversationId: conversation.conversationId, sample });
    times.push((await arrived) - started);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return times;
}

async function measure(relay: ChildProcess): Promise<{ heapUsed: number; streams: number }> {
  relay.send({ type: 'measure' });
  return nextMessage(relay, 'measured');
}

function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      resolve(message as T);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`the relay process exited (${code})`)));
  });
}
