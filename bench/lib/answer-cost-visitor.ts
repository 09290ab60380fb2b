/**
 * Child process of the answer-cost benchmark: the visitor. It creates a conversation, opens its event stream, sends
 * one question and notes when the first delta and the whole answer arrive. In its own process its fetches, SSE
 * parsing and JSON work run on its own event loop (as a browser's would), so what the benchmark times between the
 * send and the relay asking the model, and between the model's first word and the visitor, is the relay's work.
 *
 * Times are `monotonicMs()` (CLOCK_MONOTONIC, one clock for every process on the machine), so they compare with the
 * relay process's own marks. Messages from the parent: `{ type: 'prepare' }` (answered `{ type: 'prepared' }` once
 * the stream is open), then `{ type: 'send', clientMessageId }` (answered `{ type: 'answered', sentAt, firstDeltaAt,
 * answerAt, events, cpuMs }` once the assistant's message arrived), `{ type: 'stop' }`.
 */
import type { ConversationEvent } from '../../packages/protocol/src/index.ts';
import { monotonicMs } from './monotonic.ts';
import {
  createConversation,
  type StartedConversation,
  type Subscription,
  sendMessage,
  subscribe,
  waitFor,
} from './relay-client.ts';
import { QUESTION } from './workload.ts';

const [baseUrl] = process.argv.slice(2);
if (!baseUrl) throw new Error('usage: answer-cost-visitor.ts <relay url>');
const ROUND_TIMEOUT_MS = 30_000;

type Command = { type: 'prepare' } | { type: 'send'; clientMessageId: string } | { type: 'stop' };

let conversation: StartedConversation | undefined;
let subscription: Subscription | undefined;
let firstDeltaAt = Number.NaN;
let answerAt = Number.NaN;
let events = 0;

process.on('message', (command: Command) => {
  handle(command).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
process.send?.({ type: 'ready' });

async function handle(command: Command): Promise<void> {
  if (command.type === 'stop') {
    subscription?.close();
    process.disconnect();
    return;
  }
  if (command.type === 'prepare') {
    subscription?.close();
    conversation = await createConversation(baseUrl as string);
    firstDeltaAt = Number.NaN;
    answerAt = Number.NaN;
    events = 0;
    subscription = subscribe(baseUrl as string, conversation, onEvent);
    await subscription.ready;
    process.send?.({ type: 'prepared' });
    return;
  }
  if (!conversation) throw new Error('send before prepare');
  const cpu = process.cpuUsage();
  const sentAt = monotonicMs();
  await sendMessage(baseUrl as string, conversation, command.clientMessageId, QUESTION);
  await waitFor(() => !Number.isNaN(answerAt), ROUND_TIMEOUT_MS, 'the relayed answer');
  const used = process.cpuUsage(cpu);
  process.send?.({ type: 'answered', sentAt, firstDeltaAt, answerAt, events, cpuMs: (used.user + used.system) / 1000 });
}

function onEvent(event: ConversationEvent): void {
  // Noted before anything else is done with the event.
  const at = monotonicMs();
  if (event.type === 'message-delta') {
    events++;
    if (Number.isNaN(firstDeltaAt)) firstDeltaAt = at;
  }
  if (event.type === 'message' && event.message.role === 'assistant') {
    events++;
    answerAt = at;
  }
}
