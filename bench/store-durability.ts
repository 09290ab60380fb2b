import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DEFAULT_RETENTION_DAYS } from '../packages/relay/src/config/store-variables.ts';
import { createMemoryStore, createOfflineAssistant, createRelay } from '../packages/relay/src/index.ts';
import { serveApp } from '../packages/relay/src/node/index.ts';
import { storeFromVariables } from '../packages/relay/src/node/store-from-variables.ts';
import { createSqliteStore } from '../packages/relay/src/store/sqlite/index.ts';
import type { ConversationStore } from '../packages/relay/src/store/store.ts';
import type { Benchmark, Figure } from './lib/benchmark.ts';
import { median, round } from './lib/statistics.ts';
import { type Timing, timeThroughRelay } from './lib/streaming.ts';
import { BENCH_RELAY_OPTIONS, KNOWLEDGE, QUESTION, STREAMING_WORD_DELAY_MS } from './lib/workload.ts';

const ROUNDS = { warmUp: 3, measured: 30 };
const FINISHED_CONVERSATIONS = 20_000;
const SECRET = 'bench-secret-bench-secret-bench-secret';
const WRITE_METHODS = new Set([
  'acceptVisitorMessage',
  'createConversation',
  'updateConversation',
  'transition',
  'appendEvent',
  'claimKey',
  'setKey',
  'deleteKey',
  'incrementCounter',
  'deleteConversation',
]);

/**
 * The durable default against memory: the same relay with the SQLite store (WAL, a file on disk) and with the
 * memory store, rounds interleaved; the store writes one answered message costs; and the relay's heap once it
 * holds 20,000 finished conversations under the default retention, as `tandem-relay` runs it.
 */
export const storeDurability: Benchmark = {
  name: 'sqlite-store',
  description: `SQLite vs memory store, ${ROUNDS.measured} interleaved rounds at ${STREAMING_WORD_DELAY_MS} ms/word; writes per answer; heap with ${FINISHED_CONVERSATIONS} finished conversations`,
  async run() {
    const directory = mkdtempSync(join(tmpdir(), 'tandem-bench-store-'));
    try {
      const streaming = await compareStores(directory);
      const writes = await writesPerAnswer(directory);
      const heap = await heapWithFinishedConversations(directory);
      return {
        figures: [...streaming.figures, ...writes.figures, ...heap.figures],
        budgets: [
          {
            label: 'sqlite / memory: full answer p50',
            value: round(streaming.answerRatio),
            unit: '×',
            limit: 1.3,
          },
          { label: 'sqlite − memory: first delta p50', value: round(streaming.firstDeltaAdded), unit: 'ms', limit: 2 },
          {
            label: 'store writes per answered message, deltas aside',
            value: writes.besidesDeltas,
            unit: '',
            limit: 10,
          },
          {
            label: 'relay heap with 20,000 finished conversations (sqlite)',
            value: heap.sqliteMegabytes,
            unit: 'MB',
            limit: 64,
          },
        ],
      };
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  },
};

// --- internal ---

async function compareStores(directory: string) {
  const assistant = createOfflineAssistant({ knowledge: KNOWLEDGE, wordDelayMs: STREAMING_WORD_DELAY_MS });
  const sqlite = createSqliteStore({ path: join(directory, 'streaming.db') });
  const servers = await Promise.all(
    [createMemoryStore(), sqlite].map((store) =>
      serveApp({ app: createRelay({ ...BENCH_RELAY_OPTIONS, secret: SECRET, assistant, store }), port: 0 }),
    ),
  );
  const timings: Record<'memory' | 'sqlite', Timing[]> = { memory: [], sqlite: [] };
  try {
    for (let index = 0; index < ROUNDS.warmUp + ROUNDS.measured; index++) {
      const memory = await timeThroughRelay(servers[0]?.url ?? '', index);
      const durable = await timeThroughRelay(servers[1]?.url ?? '', index);
      if (index < ROUNDS.warmUp) continue;
      timings.memory.push(memory);
      timings.sqlite.push(durable);
    }
  } finally {
    await Promise.all(servers.map((server) => server.close()));
    await sqlite.close?.();
  }
  const p50 = (list: Timing[], key: 'firstDeltaMs' | 'answerMs') => median(list.map((t) => t[key]));
  const figures: Figure[] = [
    { label: 'memory: first delta p50', value: round(p50(timings.memory, 'firstDeltaMs')), unit: 'ms' },
    { label: 'sqlite: first delta p50', value: round(p50(timings.sqlite, 'firstDeltaMs')), unit: 'ms' },
    { label: 'memory: full answer p50', value: round(p50(timings.memory, 'answerMs')), unit: 'ms' },
    { label: 'sqlite: full answer p50', value: round(p50(timings.sqlite, 'answerMs')), unit: 'ms' },
  ];
  return {
    figures,
    answerRatio: p50(timings.sqlite, 'answerMs') / p50(timings.memory, 'answerMs'),
    firstDeltaAdded: p50(timings.sqlite, 'firstDeltaMs') - p50(timings.memory, 'firstDeltaMs'),
  };
}

/** Counts the store's write calls while one conversation is created and one message answered (no SSE open). */
async function writesPerAnswer(directory: string) {
  const counts = new Map<string, number>();
  const store = countingWrites(createSqliteStore({ path: join(directory, 'writes.db') }), counts);
  const relay = createRelay({
    ...BENCH_RELAY_OPTIONS,
    secret: SECRET,
    assistant: createOfflineAssistant({ knowledge: KNOWLEDGE }),
    store,
  });
  const { conversationId } = await relay.conversations.create({}, 'shop');
  const conversation = await relay.conversations.store.getConversation(conversationId);
  if (!conversation) throw new Error('no conversation');
  counts.clear();
  // The way the messages route goes on this store: checked and stored in one call where the store can.
  const request = { clientMessageId: 'bench', text: QUESTION };
  if (relay.conversations.acceptsVisitorMessagesAtOnce) {
    const claims = { conversationId, siteId: conversation.siteId, expiresAt: Date.now() / 1000 + 3600 };
    await relay.conversations.sendVisitorMessageAtOnce(claims, request, BENCH_RELAY_OPTIONS.conversationRateLimit);
  } else await relay.conversations.sendVisitorMessage(conversation, request);
  await relay.conversations.idle();
  const events = await store.readEvents(conversationId, 0);
  const deltaWrites = counts.get('appendEvent:message-delta') ?? 0;
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
  await store.close?.();
  return {
    besidesDeltas: total - deltaWrites,
    figures: [
      { label: 'store writes for one answered message', value: total, unit: '' },
      { label: '  of which message deltas', value: deltaWrites, unit: '' },
      { label: 'events stored for it once the answer is final', value: events.length, unit: '' },
      ...[...counts.entries()]
        .filter(([name]) => name !== 'appendEvent:message-delta')
        .map(([name, count]) => ({ label: `  ${name}`, value: count, unit: '' })),
    ] satisfies Figure[],
  };
}

/** The heap of a relay set up as `tandem-relay` sets it up, after it answered 20,000 conversations. */
async function heapWithFinishedConversations(directory: string) {
  const collect = garbageCollector();
  const { store, audit } = storeFromVariables({
    TANDEM_STORE: 'sqlite',
    TANDEM_DATA_DIR: join(directory, 'retention'),
    TANDEM_RETENTION_DAYS: DEFAULT_RETENTION_DAYS,
  });
  collect();
  const before = process.memoryUsage().heapUsed;
  const relay = createRelay({
    ...BENCH_RELAY_OPTIONS,
    secret: SECRET,
    assistant: createOfflineAssistant({ knowledge: KNOWLEDGE }),
    store,
    audit: { log: audit },
  });
  const started = performance.now();
  for (let batch = 0; batch < FINISHED_CONVERSATIONS / 100; batch++) {
    await Promise.all(
      Array.from({ length: 100 }, async (_, index) => {
        const { conversationId } = await relay.conversations.create({}, 'shop');
        const conversation = await relay.conversations.store.getConversation(conversationId);
        if (!conversation) return;
        await relay.conversations.sendVisitorMessage(conversation, { clientMessageId: `m${index}`, text: QUESTION });
      }),
    );
    await relay.conversations.idle();
  }
  const seconds = (performance.now() - started) / 1000;
  collect();
  const after = process.memoryUsage().heapUsed;
  await store.close?.();
  return {
    sqliteMegabytes: round((after - before) / 1024 / 1024),
    figures: [
      {
        label: `answered conversations per second (sqlite, ${FINISHED_CONVERSATIONS})`,
        value: round(FINISHED_CONVERSATIONS / seconds),
        unit: '/s',
      },
    ] satisfies Figure[],
  };
}

function countingWrites(store: ConversationStore, counts: Map<string, number>): ConversationStore {
  return new Proxy(store, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (typeof property !== 'string' || !WRITE_METHODS.has(property)) return value.bind(target);
      return (...parameters: unknown[]) => {
        const event = parameters[1] as { type?: string } | undefined;
        const name = property === 'appendEvent' ? `appendEvent:${event?.type ?? '?'}` : property;
        counts.set(name, (counts.get(name) ?? 0) + 1);
        return value.apply(target, parameters);
      };
    },
  });
}

/** `gc()` without starting Node with --expose-gc. */
function garbageCollector(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return () => {
    gc();
    gc();
  };
}
