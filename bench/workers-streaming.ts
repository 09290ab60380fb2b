import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { createOfflineAssistant } from '../packages/relay/src/index.ts';
import type { Benchmark } from './lib/benchmark.ts';
import { createConversation, sendMessage, subscribe, waitFor } from './lib/relay-client.ts';
import { median } from './lib/statistics.ts';
import { compareStreaming, streamingResult } from './lib/streaming.ts';
import { KNOWLEDGE, QUESTION, STREAMING_WORD_DELAY_MS } from './lib/workload.ts';
import type { ObjectRequest } from './workers/relay-worker.ts';

const ROUNDS = { warmUpRounds: 3, rounds: 30 };
/**
 * With Durable Objects every store call is a request to an object. A visitor's message is checked and stored in one
 * (`POST /conversation/send`), then the typing event (sent while the model is asked) and the first delta: three
 * requests before the first word, where there were nine in a row. The first word is held to the 3×.
 */
const LIMITS = {
  memory: { firstDelta: 3, answer: 1.5 },
  'durable-object': { firstDelta: 3, answer: 2.5 },
};
const WORKER_ENTRY = fileURLToPath(new URL('./workers/relay-worker.ts', import.meta.url));

/**
 * The relay-streaming comparison with the relay's Workers entry running in workerd (Cloudflare's runtime, through
 * Miniflare) on a direct loopback socket: with the memory store, and with a Durable Object per conversation.
 */
function workersStreaming(store: 'memory' | 'durable-object'): Benchmark {
  const relayName = store === 'memory' ? 'workerd' : 'workerd + Durable Objects';
  return {
    name: store === 'memory' ? 'workers-streaming' : 'workers-durable-streaming',
    description: `${relayName}: relay overhead on time-to-first-delta and full answer, ${ROUNDS.rounds} rounds`,
    async run() {
      // Bundled as Wrangler bundles (browser platform, workerd condition first).
      const bundle = await build({
        entryPoints: [WORKER_ENTRY],
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'browser',
        conditions: ['workerd', 'worker', 'browser'],
        logLevel: 'silent',
      });
      const runtime = new Miniflare({
        name: 'relay',
        modules: true,
        script: bundle.outputFiles[0]?.text ?? '',
        compatibilityDate: '2026-01-01',
        compatibilityFlags: ['enable_request_signal'],
        bindings: { TANDEM_SECRET: 'bench-secret-bench-secret-bench-secret', TANDEM_ALLOWED_ORIGINS: '*' },
        ...(store === 'durable-object' ? { durableObjects: { TANDEM_CONVERSATIONS: 'TandemConversation' } } : {}),
        unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
      });
      try {
        const baseUrl = (await runtime.unsafeGetDirectURL('relay')).origin;
        const assistant = createOfflineAssistant({ knowledge: KNOWLEDGE, wordDelayMs: STREAMING_WORD_DELAY_MS });
        const result = streamingResult(relayName, await compareStreaming(assistant, baseUrl, ROUNDS), LIMITS[store]);
        if (store === 'durable-object') {
          const counts = [];
          for (let round = 0; round < COUNTED_SENDS; round++) counts.push(await objectRequestsBeforeFirstWord(baseUrl));
          const typical = counts[Math.floor(counts.length / 2)] ?? { count: Number.NaN, paths: [] };
          result.figures.push({
            label: 'requests to objects from the send to the first delta p50',
            value: median(counts.map((count) => count.count)),
            unit: '',
          });
          console.log(`  (one send's requests: ${typical.paths.join(' → ')})`);
        }
        return result;
      } finally {
        await runtime.dispose();
      }
    },
  };
}

const COUNTED_SENDS = 5;

/**
 * Counts the requests the relay sends to Durable Objects from a visitor's send up to and including the append of
 * the answer's first delta (the bench worker notes them; the event stream is open before counting starts).
 */
async function objectRequestsBeforeFirstWord(baseUrl: string): Promise<{ count: number; paths: string[] }> {
  const takeRequests = async () => (await (await fetch(`${baseUrl}/bench/object-requests`)).json()) as ObjectRequest[];
  const conversation = await createConversation(baseUrl);
  let answered = false;
  const subscription = subscribe(baseUrl, conversation, (event) => {
    if (event.type === 'message' && event.message.role === 'assistant') answered = true;
  });
  try {
    await subscription.ready;
    await takeRequests();
    await sendMessage(baseUrl, conversation, 'counted', QUESTION);
    await waitFor(() => answered, 10_000, 'the counted answer');
    const requests = await takeRequests();
    const firstDelta = requests.findIndex((request) => request.eventType === 'message-delta');
    const before = requests.slice(0, firstDelta + 1);
    return {
      count: firstDelta < 0 ? Number.NaN : before.length,
      paths: before.map((request) => request.path + (request.eventType ? ` (${request.eventType})` : '')),
    };
  } finally {
    subscription.close();
  }
}

export const workersStreamingMemory = workersStreaming('memory');
export const workersStreamingDurable = workersStreaming('durable-object');
