import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Assistant,
  type AssistantRequest,
  createAnthropicAssistant,
  createOfflineAssistant,
  createRelay,
} from '../packages/relay/src/index.ts';
import { createSqliteAuditLog, createSqliteStore } from '../packages/relay/src/store/sqlite/index.ts';
import { type ScriptedReply, startFakeAnthropicServer } from '../packages/relay/test/index.ts';
import type { Benchmark } from './lib/benchmark.ts';
import { monotonicMs } from './lib/monotonic.ts';
import { serveRelay } from './lib/relay-under-test.ts';
import { median, round } from './lib/statistics.ts';
import { BENCH_RELAY_OPTIONS, KNOWLEDGE, QUESTION } from './lib/workload.ts';

const TOKENS = 1000;
const ROUNDS = 20;
const WARM_UP_ROUNDS = 3;
/** One token a `content_block_delta`, streamed as fast as the loopback allows: the relay's worst case. */
const REPLY = {
  tool: {
    input: {
      confidence: 0.9,
      sentiment: 0,
      intent: 'question',
      topics: ['returns'],
      citations: [],
      answer: 'word '.repeat(TOKENS).trim(),
    },
  },
  chunkSize: 5,
};
/**
 * For the first delta, a reply paced like a fast model (1 ms between events): unpaced, the SDK parses the whole
 * loopback burst in one go before any socket write of this single process can run, which would time the burst.
 */
const PACED_REPLY = {
  ...REPLY,
  tool: { input: { ...REPLY.tool.input, answer: 'word '.repeat(100).trim() } },
  delayMs: 1,
};
/**
 * The paced reply as the default escalation policy lets it through: sure and citing the knowledge (an answer that
 * cites nothing is never confident, so the policy would hand it to a person and no word would stream).
 */
const PACED_CITED_REPLY = {
  ...PACED_REPLY,
  tool: { input: { ...PACED_REPLY.tool.input, confidence: 0.95, citations: ['returns#return-window'] } },
};
const THROUGHPUT_SECONDS = 3;
const THROUGHPUT_CONCURRENCY = 50;
const VISITOR_SCRIPT = fileURLToPath(new URL('./lib/answer-cost-visitor.ts', import.meta.url));
const VISITOR_TIMEOUT_MS = 30_000;

/**
 * What the relay costs per answer: a 1,000-token Claude answer (through the real SDK, from a loopback server
 * speaking the Messages streaming format) read directly, and the same answer through the relay on a loopback
 * socket, rounds interleaved: total time, first delta, SSE events per answer and the relay's CPU per answer.
 */
export const answerCost: Benchmark = {
  name: 'answer-cost',
  description: `${TOKENS}-token Claude answer direct vs through the relay (${ROUNDS} rounds), loopback, no pacing`,
  async run() {
    const anthropic = await startFakeAnthropicServer();
    const assistant = createAnthropicAssistant({ apiKey: 'test-key', baseURL: anthropic.url, knowledge: KNOWLEDGE });
    const marks = new AssistantMarks();
    const server = await serveRelay(marks.wrap(assistant));
    // The same relay on the store `tandem-relay` runs with on Node (SQLite in a data directory, the audit log in the same
    // file): what the durable write of the visitor's message, made before the model is asked, costs on top.
    const dataDirectory = mkdtempSync(join(tmpdir(), 'tandem-answer-cost-'));
    const durableStore = createSqliteStore({ path: join(dataDirectory, 'tandem.db') });
    const durableServer = await serveRelay(marks.wrap(assistant), {
      store: durableStore,
      audit: { log: createSqliteAuditLog({ database: durableStore.database }) },
    });
    // The same relay with the escalation policy on, as `createRelay` and `tandem-relay` run by default: the local
    // signals (the frustration classifier among them) and the past confidences are read before the model is asked.
    const policyServer = await serveRelay(marks.wrap(assistant), { policy: {} });
    // Both defaults together, SQLite and the policy: what `tandem-relay` runs out of the box (its own file, so
    // neither SQLite relay's writes land in the other's).
    const defaultsStore = createSqliteStore({ path: join(dataDirectory, 'tandem-defaults.db') });
    const defaultsServer = await serveRelay(marks.wrap(assistant), {
      store: defaultsStore,
      audit: { log: createSqliteAuditLog({ database: defaultsStore.database }) },
      policy: {},
    });
    // The visitor (fetch, SSE parsing) runs in a process of its own, so its work does not queue on the relay's
    // event loop and the relay's CPU per answer is the relay's alone.
    const visitor = await startVisitor(server.url);
    const direct = { firstDeltaMs: [] as number[], answerMs: [] as number[], cpuMs: [] as number[] };
    const relayed = {
      ...structuredClone(direct),
      events: [] as number[],
      beforeModelMs: [] as number[],
      afterFirstWordMs: [] as number[],
      firstDeltaAddedMs: [] as number[],
      visitorCpuMs: [] as number[],
    };
    const durable: PacedRounds = { beforeModelMs: [], firstDeltaAddedMs: [] };
    const withPolicy: PacedRounds = { beforeModelMs: [], firstDeltaAddedMs: [] };
    const defaults: PacedRounds = { beforeModelMs: [], firstDeltaAddedMs: [] };
    try {
      for (let index = 0; index < WARM_UP_ROUNDS + ROUNDS; index++) {
        anthropic.script(PACED_REPLY);
        const pacedDirect = await timeDirect(assistant);
        anthropic.script(PACED_REPLY);
        const pacedRelayed = await timeRelayed(visitor, `paced-${index}`, marks);
        anthropic.script(REPLY);
        const directCpu = process.cpuUsage();
        const directTiming = await timeDirect(assistant);
        const directCpuMs = cpuMsSince(directCpu);
        anthropic.script(REPLY);
        const relayedTiming = await timeRelayed(visitor, `round-${index}`, marks);
        if (index < WARM_UP_ROUNDS) continue;
        direct.firstDeltaMs.push(pacedDirect.firstDeltaMs);
        direct.answerMs.push(directTiming.answerMs);
        direct.cpuMs.push(directCpuMs);
        relayed.firstDeltaMs.push(pacedRelayed.firstDeltaMs);
        relayed.beforeModelMs.push(pacedRelayed.beforeModelMs);
        relayed.afterFirstWordMs.push(pacedRelayed.afterFirstWordMs);
        // The relay's time before the model is asked plus its time from the model's first word to the visitor's
        // screen. The model's own pacing, identical in both paths, is left out, and with it its timer noise.
        relayed.firstDeltaAddedMs.push(pacedRelayed.beforeModelMs + pacedRelayed.afterFirstWordMs);
        relayed.answerMs.push(relayedTiming.answerMs);
        relayed.cpuMs.push(relayedTiming.relayCpuMs);
        relayed.events.push(relayedTiming.events);
        relayed.visitorCpuMs.push(relayedTiming.visitorCpuMs);
      }
      // After the budgeted rounds rather than among them, so that nothing the SQLite relay leaves behind (its writes,
      // their garbage) lands in them.
      const pacedRounds = async (rounds: PacedRounds, name: string, reply: ScriptedReply, relayUrl: string) => {
        for (let index = 0; index < WARM_UP_ROUNDS + ROUNDS; index++) {
          anthropic.script(reply);
          const paced = await timeRelayed(visitor, `${name}-${index}`, marks, relayUrl);
          if (index < WARM_UP_ROUNDS) continue;
          rounds.beforeModelMs.push(paced.beforeModelMs);
          rounds.firstDeltaAddedMs.push(paced.beforeModelMs + paced.afterFirstWordMs);
        }
      };
      await pacedRounds(durable, 'durable', PACED_REPLY, durableServer.url);
      await pacedRounds(withPolicy, 'policy', PACED_CITED_REPLY, policyServer.url);
      await pacedRounds(defaults, 'defaults', PACED_CITED_REPLY, defaultsServer.url);
    } finally {
      visitor.stop();
      await server.close();
      await durableServer.close();
      await policyServer.close();
      await defaultsServer.close();
      await durableStore.close?.();
      await defaultsStore.close?.();
      rmSync(dataDirectory, { recursive: true, force: true });
      await anthropic.close();
    }
    const throughput = await answeredPerCpuSecond();
    const firstDeltaAdded = median(relayed.firstDeltaAddedMs);
    return {
      figures: [
        { label: 'direct SDK: first delta p50 (paced reply)', value: round(median(direct.firstDeltaMs)), unit: 'ms' },
        { label: 'relay: first delta p50 (paced reply)', value: round(median(relayed.firstDeltaMs)), unit: 'ms' },
        { label: 'relay: send → model asked p50', value: round(median(relayed.beforeModelMs)), unit: 'ms' },
        {
          label: "relay: model's first word → SSE client p50",
          value: round(median(relayed.afterFirstWordMs)),
          unit: 'ms',
        },
        ...pacedFigures('SQLite store, policy off', durable),
        ...pacedFigures('default escalation policy on (memory store)', withPolicy),
        ...pacedFigures('SQLite store + default policy (tandem-relay defaults)', defaults),
        { label: 'direct SDK: full answer p50', value: round(median(direct.answerMs)), unit: 'ms' },
        { label: 'relay: full answer p50', value: round(median(relayed.answerMs)), unit: 'ms' },
        { label: `SSE events per ${TOKENS}-token answer p50`, value: median(relayed.events), unit: 'events' },
        {
          label: `relay CPU per ${TOKENS}-token answer (relayed − direct round)`,
          value: round(median(relayed.cpuMs) - median(direct.cpuMs)),
          unit: 'ms',
        },
        {
          label: `visitor process CPU per ${TOKENS}-token answer (not the relay's)`,
          value: round(median(relayed.visitorCpuMs)),
          unit: 'ms',
        },
        {
          label: 'answered conversations per second per core (per CPU-second, offline assistant)',
          value: round(throughput.perCpuSecond),
          unit: '/s',
        },
        { label: 'answered conversations per second, wall clock', value: round(throughput.perSecond), unit: '/s' },
      ],
      budgets: [
        {
          label: 'full answer p50, relay / direct SDK',
          value: round(median(relayed.answerMs) / median(direct.answerMs)),
          limit: 1.3,
          unit: '×',
        },
        { label: 'first delta p50, added by the relay', value: round(firstDeltaAdded), limit: 2, unit: 'ms' },
      ],
    };
  },
};

// --- internal ---

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

async function timeDirect(assistant: ReturnType<typeof createAnthropicAssistant>) {
  const started = monotonicMs();
  let firstDeltaMs = Number.NaN;
  for await (const part of assistant.respond({
    conversationId: 'bench',
    messages: [{ id: 'm1', role: 'visitor', text: QUESTION, createdAt: new Date().toISOString() }],
    signal: new AbortController().signal,
  })) {
    if (part.type === 'text-delta' && Number.isNaN(firstDeltaMs)) firstDeltaMs = monotonicMs() - started;
  }
  return { firstDeltaMs, answerMs: monotonicMs() - started };
}

async function timeRelayed(visitor: Visitor, clientMessageId: string, marks: AssistantMarks, relayUrl?: string) {
  await visitor.request({ type: 'prepare', ...(relayUrl ? { relayUrl } : {}) }, 'prepared');
  marks.reset();
  // From the send to the answer: creating the conversation and opening its stream are not the answer's cost.
  const cpu = process.cpuUsage();
  const answered = (await visitor.request({ type: 'send', clientMessageId }, 'answered')) as unknown as VisitorRound;
  const relayCpuMs = cpuMsSince(cpu);
  return {
    relayCpuMs,
    firstDeltaMs: answered.firstDeltaAt - answered.sentAt,
    answerMs: answered.answerAt - answered.sentAt,
    events: answered.events,
    beforeModelMs: marks.askedAt - answered.sentAt,
    afterFirstWordMs: answered.firstDeltaAt - marks.firstWordAt,
    visitorCpuMs: answered.cpuMs,
  };
}

/** Paced rounds against one relay variant, printed beside the budgeted ones. */
interface PacedRounds {
  beforeModelMs: number[];
  firstDeltaAddedMs: number[];
}

function pacedFigures(variant: string, rounds: PacedRounds) {
  return [
    { label: `${variant}: send → model asked p50`, value: round(median(rounds.beforeModelMs)), unit: 'ms' },
    { label: `${variant}: first delta added p50`, value: round(median(rounds.firstDeltaAddedMs)), unit: 'ms' },
  ];
}

/** What the visitor process reports per round, in `monotonicMs()`. */
interface VisitorRound {
  sentAt: number;
  firstDeltaAt: number;
  answerAt: number;
  events: number;
  cpuMs: number;
}

interface Visitor {
  /** Sends a command to the visitor process and resolves with its reply of type `replyType`. */
  request(command: Record<string, unknown>, replyType: string): Promise<Record<string, unknown>>;
  stop(): void;
}

async function startVisitor(relayUrl: string): Promise<Visitor> {
  const child = fork(VISITOR_SCRIPT, [relayUrl], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await nextMessage(child, 'ready');
  return {
    request(command, replyType) {
      const reply = nextMessage(child, replyType);
      child.send(command);
      return reply;
    },
    stop() {
      if (child.connected) child.send({ type: 'stop' });
      child.kill();
    },
  };
}

function nextMessage(child: ChildProcess, type: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const finish = (error: Error | undefined, message?: Record<string, unknown>) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(message as Record<string, unknown>);
    };
    const timer = setTimeout(
      () => finish(new Error(`no "${type}" from the visitor process within ${VISITOR_TIMEOUT_MS} ms`)),
      VISITOR_TIMEOUT_MS,
    );
    const onMessage = (message: Record<string, unknown>) => {
      if (message.type === type) finish(undefined, message);
    };
    const onExit = (code: number | null) => finish(new Error(`the visitor process exited with ${code}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * Wraps the relay's assistant to note when the relay asks the model and when the model's first word comes out of
 * the SDK: what the relay adds before and after that, not the model's own time, is the relay's cost.
 */
class AssistantMarks {
  askedAt = Number.NaN;
  firstWordAt = Number.NaN;

  reset(): void {
    this.askedAt = Number.NaN;
    this.firstWordAt = Number.NaN;
  }

  wrap(assistant: Assistant): Assistant {
    const respond = async function* (this: AssistantMarks, request: AssistantRequest) {
      this.askedAt = monotonicMs();
      for await (const part of assistant.respond(request)) {
        if (part.type === 'text-delta' && Number.isNaN(this.firstWordAt)) this.firstWordAt = monotonicMs();
        yield part;
      }
    }.bind(this);
    return {
      specificationVersion: assistant.specificationVersion,
      name: assistant.name,
      model: assistant.model,
      respond,
    };
  }
}

/** Conversations created and answered back to back in this process (no sockets), as many as one core allows. */
async function answeredPerCpuSecond() {
  const relay = createRelay({
    ...BENCH_RELAY_OPTIONS,
    secret: 'bench-secret-bench-secret-bench-secret',
    assistant: createOfflineAssistant({ knowledge: KNOWLEDGE }),
  });
  const post = (path: string, body: unknown, token?: string) =>
    relay.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  const answerOne = async (index: number) => {
    const created = (await (await post('/v1/conversations', {})).json()) as { conversationId: string; token: string };
    await post(
      `/v1/conversations/${created.conversationId}/messages`,
      { clientMessageId: `m${index}`, text: QUESTION },
      created.token,
    );
  };
  const cpu = process.cpuUsage();
  const started = performance.now();
  let answered = 0;
  while (performance.now() - started < THROUGHPUT_SECONDS * 1000) {
    await Promise.all(Array.from({ length: THROUGHPUT_CONCURRENCY }, (_, index) => answerOne(answered + index)));
    await relay.conversations.idle();
    answered += THROUGHPUT_CONCURRENCY;
  }
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: answered / seconds, perCpuSecond: answered / (cpuMsSince(cpu) / 1000) };
}
