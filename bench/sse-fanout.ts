import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createOfflineAssistant } from '../packages/relay/src/index.ts';
import type { Benchmark, Figure } from './lib/benchmark.ts';
import { createConversation, sendMessage } from './lib/relay-client.ts';
import { KNOWLEDGE, QUESTION, serveRelay } from './lib/relay-under-test.ts';
import { percentile, round } from './lib/statistics.ts';

const SUBSCRIBERS = 200;
const WARM_UP_ROUNDS = 2;
// A single subscriber gives one sample a round, so it gets more rounds for a steadier p99.
const ROUNDS = { single: 40, many: 10 };
// A paced answer, so the visitor's message goes out before the answer starts, as with a real model.
const WORD_DELAY_MS = 2;
const ROUND_TIMEOUT_MS = 30_000;
const SUBSCRIBERS_SCRIPT = fileURLToPath(new URL('./lib/fanout-subscribers.ts', import.meta.url));

/**
 * Many listeners on one conversation (tabs, dashboards): each message is sent once and must reach every open
 * stream. Delivery latency runs from sending a message to a subscriber receiving it (the visitor's message, then
 * the whole streamed answer). The listeners live in a child process, so their parsing does not slow the relay.
 */
export const sseFanOut: Benchmark = {
  name: 'sse-fanout',
  description: `${SUBSCRIBERS} SSE subscribers on one conversation vs 1, loopback, answer paced at ${WORD_DELAY_MS} ms/word`,
  async run() {
    const single = await measure(1, ROUNDS.single);
    const many = await measure(SUBSCRIBERS, ROUNDS.many);
    const ratio = (key: 'message' | 'answer', fraction: number) =>
      round(percentile(many[key], fraction) / percentile(single[key], fraction));
    const figure = (label: string, samples: number[], fraction: number): Figure => ({
      label,
      value: round(percentile(samples, fraction)),
      unit: 'ms',
    });
    return {
      figures: [
        figure('1 subscriber: message delivered p50', single.message, 0.5),
        figure('1 subscriber: message delivered p99', single.message, 0.99),
        figure(`${SUBSCRIBERS} subscribers: message delivered p50`, many.message, 0.5),
        figure(`${SUBSCRIBERS} subscribers: message delivered p99`, many.message, 0.99),
        figure('1 subscriber: answer complete p50', single.answer, 0.5),
        figure(`${SUBSCRIBERS} subscribers: answer complete p50`, many.answer, 0.5),
        figure(`${SUBSCRIBERS} subscribers: answer complete p99`, many.answer, 0.99),
        {
          label: `${SUBSCRIBERS} subscribers: relay CPU per message`,
          value: round(many.relayCpuMsPerRound),
          unit: 'ms',
        },
        {
          label: `${SUBSCRIBERS} subscribers: listeners' CPU per message`,
          value: round(many.subscriberCpuMsPerRound),
          unit: 'ms',
        },
      ],
      budgets: [
        {
          label: `message delivered p50, ${SUBSCRIBERS} / 1 subscribers`,
          value: ratio('message', 0.5),
          limit: 15,
          unit: '×',
        },
        {
          label: `message delivered p99, ${SUBSCRIBERS} / 1 subscribers`,
          value: ratio('message', 0.99),
          limit: 30,
          unit: '×',
        },
        {
          label: `answer complete p99, ${SUBSCRIBERS} / 1 subscribers`,
          value: ratio('answer', 0.99),
          limit: 30,
          unit: '×',
        },
      ],
    };
  },
};

interface Measurement {
  /** Send → the visitor's message arrives, per subscriber per round. */
  message: number[];
  /** Send → the assistant's whole answer arrives, per subscriber per round. */
  answer: number[];
  relayCpuMsPerRound: number;
  subscriberCpuMsPerRound: number;
}

async function measure(subscriberCount: number, rounds: number): Promise<Measurement> {
  const server = await serveRelay(createOfflineAssistant({ knowledge: KNOWLEDGE, wordDelayMs: WORD_DELAY_MS }));
  const measurement: Measurement = { message: [], answer: [], relayCpuMsPerRound: 0, subscriberCpuMsPerRound: 0 };
  let child: ChildProcess | undefined;
  try {
    const conversation = await createConversation(server.url);
    const subscribers = fork(
      SUBSCRIBERS_SCRIPT,
      [server.url, conversation.conversationId, conversation.token, String(subscriberCount)],
      { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    );
    child = subscribers;
    await nextMessage(subscribers, 'ready');
    let cpuAtStart = process.cpuUsage();
    for (let index = 0; index < WARM_UP_ROUNDS + rounds; index++) {
      if (index === WARM_UP_ROUNDS) cpuAtStart = process.cpuUsage();
      const clientMessageId = `round-${index}`;
      subscribers.send({ type: 'round', clientMessageId });
      // Let the child switch rounds before the message can reach it.
      await new Promise((resolve) => setTimeout(resolve, 5));
      const started = performance.timeOrigin + performance.now();
      await sendMessage(server.url, conversation, clientMessageId, QUESTION);
      const arrived = (await nextMessage(subscribers, 'arrived')) as { message: number[]; answer: number[] };
      if (index < WARM_UP_ROUNDS) continue;
      measurement.message.push(...arrived.message.map((at) => at - started));
      measurement.answer.push(...arrived.answer.map((at) => at - started));
    }
    const cpu = process.cpuUsage(cpuAtStart);
    measurement.relayCpuMsPerRound = (cpu.user + cpu.system) / 1000 / rounds;
    subscribers.send({ type: 'stop' });
    const stopped = (await nextMessage(subscribers, 'stopped')) as { cpuMs: number };
    // Includes opening the streams and the warm-up: an upper bound for the listeners' share.
    measurement.subscriberCpuMsPerRound = stopped.cpuMs / (WARM_UP_ROUNDS + rounds);
  } finally {
    child?.kill();
    await server.close();
  }
  return measurement;
}

function nextMessage(child: ChildProcess, type: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`no "${type}" from the subscribers within ${ROUND_TIMEOUT_MS} ms`)),
      ROUND_TIMEOUT_MS,
    );
    const onMessage = (message: Record<string, unknown>) => {
      if (message.type === type) finish(undefined, message);
    };
    const onExit = (code: number | null) => finish(new Error(`the subscriber process exited with ${code}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
    function finish(error: Error | undefined, message?: Record<string, unknown>) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(message as Record<string, unknown>);
    }
  });
}
