import { fileURLToPath } from 'node:url';
import { createAnthropicAssistant, createOfflineAssistant, redact } from '../packages/relay/src/index.ts';
import { loadKnowledgeFolder } from '../packages/relay/src/node/index.ts';
import { startFakeAnthropicServer } from '../packages/relay/test/index.ts';
import type { Benchmark } from './lib/benchmark.ts';
import { median, round } from './lib/statistics.ts';

const ROUNDS = 30;
const WARM_UP_ROUNDS = 3;
const RETRIEVAL_QUESTIONS = 200;
const KNOWLEDGE_COPIES = 20;
const DEMO_KNOWLEDGE = fileURLToPath(new URL('../examples/shop/knowledge', import.meta.url));
const ANSWER = 'You have 30 days from the day your order is delivered to return an item for a full refund. '.repeat(6);
const TOOL_INPUT = {
  confidence: 0.9,
  sentiment: 0,
  intent: 'question',
  topics: ['returns'],
  citations: ['returns#return-window'],
  answer: ANSWER,
};

/**
 * The assistant's own cost: Claude's answer read through the SDK and the assessment tool (SSE parsing, streamed
 * tool-input parsing, redaction, validation) against fetching the same streamed reply's bytes from the same loopback
 * server; and offline
 * retrieval on the demo knowledge against a knowledge base 20 times larger, to catch worse-than-linear growth.
 */
export const assistantBench: Benchmark = {
  name: 'assistant',
  description: `Claude assistant vs bare fetch of the same stream (${ROUNDS} rounds), offline retrieval on 1× vs ${KNOWLEDGE_COPIES}× knowledge`,
  async run() {
    const server = await startFakeAnthropicServer();
    const raw: number[] = [];
    const wrapped: number[] = [];
    try {
      const knowledge = await loadKnowledgeFolder(DEMO_KNOWLEDGE);
      const assistant = createAnthropicAssistant({ apiKey: 'test-key', baseURL: server.url, knowledge });
      const reply = { tool: { input: TOOL_INPUT }, chunkSize: 12, delayMs: 1 };
      for (let round = 0; round < WARM_UP_ROUNDS + ROUNDS; round++) {
        server.script(reply, reply);
        const rawMs = await timeRawStream(server.url);
        const wrappedMs = await timeAssistant(assistant);
        if (round >= WARM_UP_ROUNDS) {
          raw.push(rawMs);
          wrapped.push(wrappedMs);
        }
      }
    } finally {
      await server.close();
    }

    const documents = await loadKnowledgeFolder(DEMO_KNOWLEDGE);
    const large = Array.from({ length: KNOWLEDGE_COPIES }, (_, copy) =>
      documents.map((document) => ({ id: `${document.id}-${copy}`, markdown: document.markdown })),
    ).flat();
    const smallMs = await timeRetrieval(createOfflineAssistant({ knowledge: documents }));
    const largeMs = await timeRetrieval(createOfflineAssistant({ knowledge: large }));

    const message = 'My card 4111 1111 1111 1111 was charged twice for order 100234, call +49 30 1234567. '.repeat(45);
    const redactStarted = performance.now();
    for (let round = 0; round < 200; round++) redact(message);
    const redactMs = (performance.now() - redactStarted) / 200;

    return {
      figures: [
        { label: 'bare fetch of the stream, whole reply p50', value: round(median(raw)), unit: 'ms' },
        { label: 'Claude assistant, whole answer p50', value: round(median(wrapped)), unit: 'ms' },
        { label: `offline answer, demo knowledge (${documents.length} files)`, value: round(smallMs, 3), unit: 'ms' },
        { label: `offline answer, ${KNOWLEDGE_COPIES}× the knowledge`, value: round(largeMs, 3), unit: 'ms' },
        { label: `redact one ${message.length}-character message`, value: round(redactMs, 3), unit: 'ms' },
      ],
      budgets: [
        {
          label: 'Claude assistant / bare fetch, p50',
          value: round(median(wrapped) / median(raw)),
          limit: 1.3,
          unit: '×',
        },
        {
          label: `offline answer, ${KNOWLEDGE_COPIES}× knowledge / 1×`,
          value: round(largeMs / smallMs),
          limit: KNOWLEDGE_COPIES * 1.5,
          unit: '×',
        },
      ],
    };
  },
};

/** The bare transport: the same streamed reply fetched and read to its last byte, nothing parsed. */
async function timeRawStream(baseUrl: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'test-key', 'anthropic-version': '2026-10-21' },
    body: JSON.stringify({
      model: 'claude-sonnet-5-5',
      max_tokens: 1024,
      stream: true,
      messages: [{ role: 'user', content: 'How long do I have to return an item?' }],
    }),
  });
  await response.arrayBuffer();
  return performance.now() - started;
}

async function timeAssistant(assistant: ReturnType<typeof createAnthropicAssistant>): Promise<number> {
  const started = performance.now();
  for await (const _part of assistant.respond({
    conversationId: 'bench',
    messages: [{ id: 'm1', role: 'visitor', text: 'How long do I have to return an item?', createdAt: 'now' }],
    signal: new AbortController().signal,
  })) {
    // Consuming every part is the work being compared.
  }
  return performance.now() - started;
}

/** Mean time per answer over a fixed list of questions, after as many warm-up answers. */
async function timeRetrieval(assistant: ReturnType<typeof createOfflineAssistant>): Promise<number> {
  const questions = [
    'Where is my order?',
    'How long does a refund take?',
    'Do you ship to Canada?',
    'My card was declined',
  ];
  const ask = async (text: string) => {
    for await (const _part of assistant.respond({
      conversationId: 'bench',
      messages: [{ id: 'm1', role: 'visitor', text, createdAt: 'now' }],
      signal: new AbortController().signal,
    })) {
      // Streaming the answer's words is part of answering.
    }
  };
  for (let round = 0; round < RETRIEVAL_QUESTIONS; round++) await ask(questions[round % questions.length] as string);
  const started = performance.now();
  for (let round = 0; round < RETRIEVAL_QUESTIONS; round++) await ask(questions[round % questions.length] as string);
  return (performance.now() - started) / RETRIEVAL_QUESTIONS;
}
