import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { createOfflineAssistant } from '../packages/relay/src/index.ts';
import type { Benchmark } from './lib/benchmark.ts';
import { compareStreaming, streamingResult } from './lib/streaming.ts';
import { KNOWLEDGE, STREAMING_WORD_DELAY_MS } from './lib/workload.ts';

const ROUNDS = { warmUpRounds: 3, rounds: 30 };
/**
 * With Durable Objects every store call is a request to an object, and about nine of them in a row stand between
 * the send and the first delta: the ceilings are wider there, and say so.
 */
const LIMITS = {
  memory: { firstDelta: 3, answer: 1.5 },
  'durable-object': { firstDelta: 20, answer: 2.5 },
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
        return streamingResult(relayName, await compareStreaming(assistant, baseUrl, ROUNDS), LIMITS[store]);
      } finally {
        await runtime.dispose();
      }
    },
  };
}

export const workersStreamingMemory = workersStreaming('memory');
export const workersStreamingDurable = workersStreaming('durable-object');
