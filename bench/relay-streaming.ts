import { createOfflineAssistant } from '../packages/relay/src/index.ts';
import type { Benchmark } from './lib/benchmark.ts';
import { serveRelay } from './lib/relay-under-test.ts';
import { compareStreaming, streamingResult } from './lib/streaming.ts';
import { KNOWLEDGE, STREAMING_WORD_DELAY_MS } from './lib/workload.ts';

const ROUNDS = { warmUpRounds: 3, rounds: 30 };

/**
 * What the relay adds to an answer on Node: the same assistant timed when called directly and when its answer
 * travels through the relay (HTTP send, event log, SSE over a loopback socket, client parse), rounds interleaved.
 */
export const relayStreaming: Benchmark = {
  name: 'relay-streaming',
  description: `relay overhead on time-to-first-delta and full answer, ${ROUNDS.rounds} rounds, offline assistant at ${STREAMING_WORD_DELAY_MS} ms/word`,
  async run() {
    const assistant = createOfflineAssistant({ knowledge: KNOWLEDGE, wordDelayMs: STREAMING_WORD_DELAY_MS });
    const server = await serveRelay(assistant);
    try {
      return streamingResult('relay', await compareStreaming(assistant, server.url, ROUNDS), {
        firstDelta: 3,
        answer: 1.5,
      });
    } finally {
      await server.close();
    }
  },
};
