import type { ConversationEvent } from '../packages/protocol/src/index.ts';
import { type Assistant, createOfflineAssistant } from '../packages/relay/src/index.ts';
import type { Benchmark } from './lib/benchmark.ts';
import { createConversation, sendMessage, subscribe, waitFor } from './lib/relay-client.ts';
import { KNOWLEDGE, QUESTION, serveRelay } from './lib/relay-under-test.ts';
import { median, percentile, round } from './lib/statistics.ts';

const WARM_UP_ROUNDS = 3;
const ROUNDS = 30;
// Paces the offline assistant like a fast model streaming words; the relay's cost is what is added on top.
const WORD_DELAY_MS = 4;
const ANSWER_TIMEOUT_MS = 10_000;

interface Timing {
  firstDeltaMs: number;
  answerMs: number;
}

/**
 * What the relay adds to an answer: the same assistant timed when called directly and when its answer travels
 * through the relay (HTTP send, event log, SSE over a loopback socket, client parse), rounds interleaved.
 */
export const relayStreaming: Benchmark = {
  name: 'relay-streaming',
  description: `relay overhead on time-to-first-delta and full answer, ${ROUNDS} rounds, offline assistant at ${WORD_DELAY_MS} ms/word`,
  async run() {
    const assistant = createOfflineAssistant({ knowledge: KNOWLEDGE, wordDelayMs: WORD_DELAY_MS });
    const server = await serveRelay(assistant);
    const direct: Timing[] = [];
    const relayed: Timing[] = [];
    try {
      for (let round = 0; round < WARM_UP_ROUNDS + ROUNDS; round++) {
        const directTiming = await timeDirect(assistant);
        const relayedTiming = await timeThroughRelay(server.url, round);
        if (round >= WARM_UP_ROUNDS) {
          direct.push(directTiming);
          relayed.push(relayedTiming);
        }
      }
    } finally {
      await server.close();
    }
    const p50 = (timings: Timing[], key: keyof Timing) => median(timings.map((timing) => timing[key]));
    const p95 = (timings: Timing[], key: keyof Timing) =>
      percentile(
        timings.map((timing) => timing[key]),
        0.95,
      );
    return {
      figures: [
        { label: 'direct: first delta p50', value: round(p50(direct, 'firstDeltaMs')), unit: 'ms' },
        { label: 'relay: first delta p50', value: round(p50(relayed, 'firstDeltaMs')), unit: 'ms' },
        { label: 'relay: first delta p95', value: round(p95(relayed, 'firstDeltaMs')), unit: 'ms' },
        { label: 'direct: full answer p50', value: round(p50(direct, 'answerMs')), unit: 'ms' },
        { label: 'relay: full answer p50', value: round(p50(relayed, 'answerMs')), unit: 'ms' },
        { label: 'relay: full answer p95', value: round(p95(relayed, 'answerMs')), unit: 'ms' },
      ],
      budgets: [
        {
          label: 'first delta p50, relay / direct',
          value: round(p50(relayed, 'firstDeltaMs') / p50(direct, 'firstDeltaMs')),
          limit: 3,
          unit: '×',
        },
        {
          label: 'full answer p50, relay / direct',
          value: round(p50(relayed, 'answerMs') / p50(direct, 'answerMs')),
          limit: 1.5,
          unit: '×',
        },
      ],
    };
  },
};

async function timeDirect(assistant: Assistant): Promise<Timing> {
  const controller = new AbortController();
  const started = performance.now();
  let firstDeltaMs = Number.NaN;
  for await (const part of assistant.respond({
    conversationId: 'bench',
    messages: [{ id: 'm1', role: 'visitor', text: QUESTION, createdAt: new Date().toISOString() }],
    signal: controller.signal,
  })) {
    if (part.type === 'text-delta' && Number.isNaN(firstDeltaMs)) firstDeltaMs = performance.now() - started;
  }
  return { firstDeltaMs, answerMs: performance.now() - started };
}

async function timeThroughRelay(baseUrl: string, round: number): Promise<Timing> {
  const conversation = await createConversation(baseUrl);
  let firstDeltaAt = Number.NaN;
  let answerAt = Number.NaN;
  const subscription = subscribe(baseUrl, conversation, (event: ConversationEvent, receivedAt) => {
    if (event.type === 'message-delta' && Number.isNaN(firstDeltaAt)) firstDeltaAt = receivedAt;
    if (event.type === 'message' && event.message.role === 'assistant') answerAt = receivedAt;
  });
  try {
    await subscription.ready;
    const started = performance.now();
    await sendMessage(baseUrl, conversation, `round-${round}`, QUESTION);
    await waitFor(() => !Number.isNaN(answerAt), ANSWER_TIMEOUT_MS, 'the relayed answer');
    return { firstDeltaMs: firstDeltaAt - started, answerMs: answerAt - started };
  } finally {
    subscription.close();
  }
}
