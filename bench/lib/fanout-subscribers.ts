/**
 * Child process of the SSE fan-out benchmark: holds N subscriptions to one conversation and reports when each
 * round's visitor message and assistant answer reached every one of them. Running the listeners in their own
 * process keeps their parsing off the relay's event loop, as it would be with real browsers.
 *
 * Messages from the parent: `{ type: 'round', clientMessageId }`, `{ type: 'stop' }`. To the parent: `{ type: 'ready' }`, then per
 * round `{ type: 'arrived', message: number[], answer: number[] }` (epoch milliseconds, high resolution),
 * and `{ type: 'stopped', cpuMs }` at the end.
 */
import type { ConversationEvent } from '../../packages/protocol/src/index.ts';
import { type Subscription, subscribe, waitFor } from './relay-client.ts';

const [baseUrl, conversationId, token, countText] = process.argv.slice(2);
if (!baseUrl || !conversationId || !token || !countText) throw new Error('usage: <url> <conversationId> <token> <n>');
const count = Number(countText);
const ROUND_TIMEOUT_MS = 30_000;

const now = () => performance.timeOrigin + performance.now();
const arrivals = Array.from({ length: count }, () => ({ message: Number.NaN, answer: Number.NaN }));
let currentClientMessageId = '';
const subscriptions: Subscription[] = arrivals.map((arrival) =>
  subscribe(baseUrl, { conversationId, token }, (event: ConversationEvent) => {
    if (event.type !== 'message') return;
    if (event.message.clientMessageId === currentClientMessageId) arrival.message = now();
    else if (event.message.role === 'assistant' && !Number.isNaN(arrival.message)) arrival.answer = now();
  }),
);
await Promise.all(subscriptions.map((subscription) => subscription.ready));
process.send?.({ type: 'ready' });

process.on('message', async (command: { type: 'round'; clientMessageId: string } | { type: 'stop' }) => {
  if (command.type === 'stop') {
    for (const subscription of subscriptions) subscription.close();
    const cpu = process.cpuUsage();
    process.send?.({ type: 'stopped', cpuMs: (cpu.user + cpu.system) / 1000 }, () => process.disconnect());
    return;
  }
  for (const arrival of arrivals) {
    arrival.message = Number.NaN;
    arrival.answer = Number.NaN;
  }
  currentClientMessageId = command.clientMessageId;
  await waitFor(() => arrivals.every((arrival) => !Number.isNaN(arrival.answer)), ROUND_TIMEOUT_MS, 'every answer');
  process.send?.({
    type: 'arrived',
    message: arrivals.map((arrival) => arrival.message),
    answer: arrivals.map((arrival) => arrival.answer),
  });
});
