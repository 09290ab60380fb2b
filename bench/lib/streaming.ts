import type { ConversationEvent } from '../../packages/protocol/src/index.ts';
import type { Assistant } from '../../packages/relay/src/index.ts';
import type { BenchmarkResult } from './benchmark.ts';
import { createConversation, sendMessage, subscribe, waitFor } from './relay-client.ts';
import { median, percentile, round } from './statistics.ts';
import { QUESTION } from './workload.ts';

const ANSWER_TIMEOUT_MS = 10_000;

export interface Timing {
  firstDeltaMs: number;
  answerMs: number;
}

/** The assistant called in this process: the floor any relay is measured against. */
export async function timeDirect(assistant: Assistant): Promise<Timing> {
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

/** One question through a relay: a new conversation, its event stream open, then the send; timed from the send. */
export async function timeThroughRelay(baseUrl: string, round: number): Promise<Timing> {
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

/** Interleaves direct and relayed rounds, so drift on a busy machine affects both alike. */
export async function compareStreaming(
  assistant: Assistant,
  baseUrl: string,
  { warmUpRounds, rounds }: { warmUpRounds: number; rounds: number },
): Promise<{ direct: Timing[]; relayed: Timing[] }> {
  const direct: Timing[] = [];
  const relayed: Timing[] = [];
  for (let index = 0; index < warmUpRounds + rounds; index++) {
    const directTiming = await timeDirect(assistant);
    const relayedTiming = await timeThroughRelay(baseUrl, index);
    if (index < warmUpRounds) continue;
    direct.push(directTiming);
    relayed.push(relayedTiming);
  }
  return { direct, relayed };
}

export function streamingResult(
  relayName: string,
  { direct, relayed }: { direct: Timing[]; relayed: Timing[] },
  limits: { firstDelta: number; answer: number },
): BenchmarkResult {
  const p50 = (timings: Timing[], key: keyof Timing) => median(timings.map((timing) => timing[key]));
  const p95 = (timings: Timing[], key: keyof Timing) =>
    percentile(
      timings.map((timing) => timing[key]),
      0.95,
    );
  return {
    figures: [
      { label: 'direct: first delta p50', value: round(p50(direct, 'firstDeltaMs')), unit: 'ms' },
      { label: `${relayName}: first delta p50`, value: round(p50(relayed, 'firstDeltaMs')), unit: 'ms' },
      { label: `${relayName}: first delta p95`, value: round(p95(relayed, 'firstDeltaMs')), unit: 'ms' },
      { label: 'direct: full answer p50', value: round(p50(direct, 'answerMs')), unit: 'ms' },
      { label: `${relayName}: full answer p50`, value: round(p50(relayed, 'answerMs')), unit: 'ms' },
      { label: `${relayName}: full answer p95`, value: round(p95(relayed, 'answerMs')), unit: 'ms' },
    ],
    budgets: [
      {
        label: `first delta p50, ${relayName} / direct`,
        value: round(p50(relayed, 'firstDeltaMs') / p50(direct, 'firstDeltaMs')),
        limit: limits.firstDelta,
        unit: '×',
      },
      {
        label: `full answer p50, ${relayName} / direct`,
        value: round(p50(relayed, 'answerMs') / p50(direct, 'answerMs')),
        limit: limits.answer,
        unit: '×',
      },
    ],
  };
}
