import { describe, expect, it } from 'vitest';
import { RELAY_URL, relayForTests, until } from '../../test/relay-for-tests.ts';
import { ChatController } from './controller.ts';
import { createMemoryStorage } from './storage/memory-storage.ts';

/** Keeps the event loop saturated: blocks it for `blockMs` out of every `periodMs`, until stopped. */
function saturateEventLoop(blockMs: number, periodMs: number): () => void {
  const timer = setInterval(() => {
    const until = performance.now() + blockMs;
    while (performance.now() < until) {
      // Busy, as a relay answering more than it can would be.
    }
  }, periodMs);
  return () => clearInterval(timer);
}

describe('a relay too busy for new work', () => {
  it('keeps the message in the outbox, waits the Retry-After the relay asked for, then delivers it once', async () => {
    const { relay, fetch, network, events } = relayForTests({
      loadShedding: { maxEventLoopDelayMs: 100, retryAfterSeconds: 1 },
    });
    // The relay's load sampler runs once it has seen traffic.
    await fetch(`${RELAY_URL}/v1/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const controller = new ChatController({
      relayUrl: RELAY_URL,
      fetch,
      storage: createMemoryStorage(),
      channel: null,
      locks: null,
    });
    let stop: (() => void) | undefined = saturateEventLoop(300, 330);
    try {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await controller.send('Is anyone there?');
      await until(() => relay.metrics.registry.render().includes('tandem_shed_requests_total 1'), 5000);
      expect(controller.getState().messages.map((m) => [m.text, m.status])).toEqual([['Is anyone there?', 'sending']]);
      stop();
      stop = undefined;
      await until(
        () => controller.getState().messages.some((m) => m.role === 'visitor' && m.status === 'sent'),
        10_000,
      );
      const conversationId = controller.conversationId ?? '';
      const visitorMessages = (await events(conversationId)).filter(
        (event) => event.type === 'message' && event.message.role === 'visitor',
      );
      expect(visitorMessages).toHaveLength(1);
      // It waited as asked rather than knocking again at once: a handful of attempts, not dozens.
      const creates = network.requests.filter(
        (request) => request.method === 'POST' && request.path === '/v1/conversations',
      );
      expect(creates.length).toBeLessThanOrEqual(5);
    } finally {
      stop?.();
      controller.destroy();
    }
  }, 20_000);
});
