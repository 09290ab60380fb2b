import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Benchmark, Figure } from './lib/benchmark.ts';
import { createConversation, type StartedConversation, sendMessage, subscribe } from './lib/relay-client.ts';
import { median, percentile, round } from './lib/statistics.ts';
import { QUESTION } from './lib/workload.ts';

const RELAY_SCRIPT = fileURLToPath(new URL('./lib/loaded-relay.ts', import.meta.url));
/** New visitors in flight at once, each creating a conversation and sending a message, again and again. */
const LEVELS = [0, 4, 16, 64, 128, 256];
const LEVEL_MS = 4000;
/** Conversations already going, each sending a message, waiting for the whole answer, pausing, and again. */
const ESTABLISHED = 8;
const PAUSE_MS = 100;
/** Established conversations count as degraded once their p99 first delta is this many times the idle p99. */
const DEGRADED_AT = 2;
/** The shipped default of `loadShedding.maxEventLoopDelayMs` (packages/relay/src/options.ts). */
const DEFAULT_THRESHOLD_MS = 250;

interface Level {
  visitors: number;
  /** Event-loop delay as the relay's own sampler reads it (the figure load shedding compares), p50 and p90. */
  delayP50: number;
  delayP90: number;
  /** Send → first delta in the established conversations. */
  firstDeltaP50: number;
  firstDeltaP99: number;
  newVisitorsPerSecond: number;
}

/**
 * Where load shedding should start: a relay in its own process, conversations already going (a message, the whole
 * answer, a pause, again), and ever more new visitors at once (a conversation and a message each, again and again,
 * without waiting for answers). For each level, the relay's event-loop delay (read by the sampler the shedding
 * reads) beside the established conversations' first-delta p99. The threshold is the delay at the first level
 * where that p99 passes twice its idle value; the shipped default is printed beside it.
 */
export const loadThreshold: Benchmark = {
  name: 'load-threshold',
  description: `event-loop delay vs established conversations' p99, ${LEVELS.length} load levels of ${LEVEL_MS / 1000} s`,
  async run() {
    const relay = fork(RELAY_SCRIPT, [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    try {
      const url = await readyUrl(relay);
      const samples: number[] = [];
      relay.on('message', (message: { type: string; ms?: number }) => {
        if (message.type === 'delay' && message.ms !== undefined) samples.push(message.ms);
      });
      const established = await Promise.all(Array.from({ length: ESTABLISHED }, () => establish(url)));
      try {
        const levels: Level[] = [];
        for (const visitors of LEVELS) {
          await settle(samples);
          samples.length = 0;
          levels.push(await runLevel(url, established, visitors, samples));
        }
        return result(levels);
      } finally {
        for (const conversation of established) conversation.close();
      }
    } finally {
      relay.send({ type: 'stop' });
      await new Promise((resolve) => relay.once('exit', resolve));
    }
  },
};

// --- internal ---

async function runLevel(url: string, established: Established[], visitors: number, samples: number[]) {
  const ends = performance.now() + LEVEL_MS;
  const firstDeltas: number[] = [];
  let newVisitors = 0;
  const keepTalking = async (conversation: Established, index: number) => {
    let round = 0;
    while (performance.now() < ends) {
      const timing = await askAndWait(url, conversation, `v${visitors}-c${index}-r${round++}`);
      if (timing !== undefined) firstDeltas.push(timing);
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    }
  };
  const arrive = async () => {
    while (performance.now() < ends) {
      try {
        const conversation = await createConversation(url);
        await sendMessage(url, conversation, 'first', QUESTION);
        newVisitors++;
      } catch {
        // A refused or failed arrival is simply not counted.
      }
    }
  };
  const started = performance.now();
  await Promise.all([
    ...established.map((conversation, index) => keepTalking(conversation, index)),
    ...Array.from({ length: visitors }, () => arrive()),
  ]);
  return {
    visitors,
    delayP50: round(median(samples)),
    delayP90: round(percentile(samples, 0.9)),
    firstDeltaP50: round(median(firstDeltas)),
    firstDeltaP99: round(percentile(firstDeltas, 0.99)),
    newVisitorsPerSecond: round(newVisitors / ((performance.now() - started) / 1000)),
  };
}

/** A conversation already going, its event stream open for the whole benchmark. */
interface Established {
  conversation: StartedConversation;
  /** The message on its way: when it was sent, when its first delta came, and what to call once it is answered. */
  pending?: { sentAt: number; firstDeltaAt?: number; answered: () => void };
  close(): void;
}

async function establish(url: string): Promise<Established> {
  const conversation = await createConversation(url);
  const established: Established = { conversation, close: () => undefined };
  const subscription = subscribe(url, conversation, (event, receivedAt) => {
    const pending = established.pending;
    if (!pending) return;
    if (event.type === 'message-delta') pending.firstDeltaAt ??= receivedAt;
    if (event.type === 'message' && event.message.role === 'assistant') pending.answered();
  });
  established.close = () => subscription.close();
  await subscription.ready;
  return established;
}

/** One message in an established conversation: send → first delta, once the whole answer is in (or 10 s pass). */
async function askAndWait(url: string, established: Established, clientMessageId: string) {
  let answered: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    answered = resolve;
  });
  const pending: NonNullable<Established['pending']> = { sentAt: performance.now(), answered };
  established.pending = pending;
  await sendMessage(url, established.conversation, clientMessageId, QUESTION);
  await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  delete established.pending;
  return pending.firstDeltaAt === undefined ? undefined : pending.firstDeltaAt - pending.sentAt;
}

/** Waits until the relay has worked off the previous level: its event-loop delay back under 20 ms for a while. */
async function settle(samples: number[]) {
  const deadline = performance.now() + 30_000;
  while (performance.now() < deadline) {
    samples.length = 0;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if (samples.length > 0 && Math.max(...samples) < 20) return;
  }
}

function readyUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the relay exited with ${code}`)));
    const onMessage = (message: { type: string; url?: string }) => {
      if (message.type !== 'ready' || !message.url) return;
      child.off('message', onMessage);
      resolve(message.url);
    };
    child.on('message', onMessage);
  });
}

function result(levels: Level[]) {
  const idle = levels[0];
  const idleP99 = idle?.firstDeltaP99 ?? Number.NaN;
  const degraded = levels.find((level) => level.firstDeltaP99 > DEGRADED_AT * idleP99);
  const figures: Figure[] = levels.flatMap((level) => [
    {
      label: `${level.visitors} new visitors at once: event-loop delay p50 / p90`,
      value: level.delayP50,
      unit: `ms / ${level.delayP90} ms`,
    },
    {
      label: `${level.visitors} new visitors at once: established first delta p50 / p99`,
      value: level.firstDeltaP50,
      unit: `ms / ${level.firstDeltaP99} ms`,
    },
    {
      label: `${level.visitors} new visitors at once: new conversations answered`,
      value: level.newVisitorsPerSecond,
      unit: '/s',
    },
  ]);
  figures.push(
    {
      label: `event-loop delay p50 where established p99 passes ${DEGRADED_AT}× idle`,
      value: degraded ? degraded.delayP50 : Number.NaN,
      unit: degraded ? `ms (at ${degraded.visitors} new visitors at once)` : 'ms (not reached)',
    },
    { label: 'shipped default loadShedding.maxEventLoopDelayMs', value: DEFAULT_THRESHOLD_MS, unit: 'ms' },
  );
  return { figures, budgets: [] };
}
