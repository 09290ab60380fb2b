/**
 * Child process of the answer-cost benchmark: the visitor. It creates a conversation, opens its event stream, sends
 * one question and notes when the first delta and the whole answer arrive. In its own process its HTTP, SSE parsing
 * and JSON work run on its own event loop (as a browser's would), so what the benchmark times between the send and
 * the relay asking the model, and between the model's first word and the visitor, is the relay's work and the
 * loopback hops.
 *
 * The send and the stream use `node:http` on kept-alive connections rather than `fetch`: undici writes a request's
 * headers and its body in two writes, so the relay's parser took the body in a second read, 0.1–0.2 ms later, where a
 * browser sends a small request in one (Chromium merges headers and a body under 1,400 bytes), as `node:http` does.
 * Its response path (a web stream per body, then a text decoder) cost the visitor's side another 0.1 ms per event.
 *
 * Times are `monotonicMs()` (CLOCK_MONOTONIC, one clock for every process on the machine), so they compare with the
 * relay process's own marks. Messages from the parent: `{ type: 'prepare', relayUrl? }` (answered `{ type: 'prepared' }`
 * once the stream is open; the relay given on the command line unless another is named), then `{ type: 'send', clientMessageId }` (answered `{ type: 'answered', sentAt, firstDeltaAt,
 * answerAt, events, cpuMs }` once the assistant's message arrived), `{ type: 'stop' }`.
 */
import { Agent, request } from 'node:http';
import { createParser } from 'eventsource-parser';
import type { ConversationEvent } from '../../packages/protocol/src/index.ts';
import { monotonicMs } from './monotonic.ts';
import { createConversation, type StartedConversation, waitFor } from './relay-client.ts';
import { QUESTION } from './workload.ts';

const defaultUrl = process.argv[2] ?? '';
if (!defaultUrl) throw new Error('usage: answer-cost-visitor.ts <relay url>');
const ROUND_TIMEOUT_MS = 30_000;
/** One kept-alive connection for the sends, as a browser keeps one to the relay after creating the conversation. */
const sends = new Agent({ keepAlive: true, maxSockets: 1 });

type Command = { type: 'prepare'; relayUrl?: string } | { type: 'send'; clientMessageId: string } | { type: 'stop' };

let relayUrl = defaultUrl;
let conversation: StartedConversation | undefined;
let subscription: { ready: Promise<void>; close(): void } | undefined;
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
    sends.destroy();
    process.disconnect();
    return;
  }
  if (command.type === 'prepare') {
    subscription?.close();
    relayUrl = command.relayUrl ?? defaultUrl;
    conversation = await createConversation(relayUrl);
    firstDeltaAt = Number.NaN;
    answerAt = Number.NaN;
    events = 0;
    subscription = openStream(relayUrl, conversation);
    await subscription.ready;
    process.send?.({ type: 'prepared' });
    return;
  }
  if (!conversation) throw new Error('send before prepare');
  const cpu = process.cpuUsage();
  const sentAt = monotonicMs();
  await send(relayUrl, conversation, command.clientMessageId);
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

// --- internal ---

function send(baseUrl: string, to: StartedConversation, clientMessageId: string): Promise<void> {
  const body = JSON.stringify({ clientMessageId, text: QUESTION });
  return new Promise((resolve, reject) => {
    const sending = request(
      `${baseUrl}/v1/conversations/${to.conversationId}/messages`,
      {
        method: 'POST',
        agent: sends,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${to.token}`,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          response.statusCode === 202 ? resolve() : reject(new Error(`sending failed: ${response.statusCode}`)),
        );
      },
    );
    sending.on('error', reject);
    sending.end(body);
  });
}

function openStream(baseUrl: string, to: StartedConversation): { ready: Promise<void>; close(): void } {
  const parser = createParser({
    onEvent(message) {
      onEvent(JSON.parse(message.data) as ConversationEvent);
    },
  });
  const opening = request(`${baseUrl}/v1/conversations/${to.conversationId}/events`, {
    headers: { authorization: `Bearer ${to.token}`, accept: 'text/event-stream' },
  });
  const ready = new Promise<void>((resolve, reject) => {
    opening.on('response', (response) => {
      if (response.statusCode !== 200) return reject(new Error(`subscribing failed: ${response.statusCode}`));
      response.setEncoding('utf8');
      response.on('data', (text: string) => parser.feed(text));
      response.on('error', () => undefined);
      resolve();
    });
    opening.on('error', reject);
  });
  opening.end();
  return { ready, close: () => opening.destroy() };
}
