import { describe, expect, it } from 'vitest';
import { serveApp } from '../src/node/serve.ts';
import { readEvents, relayForTest } from '../test/test-fixture.ts';

/** Keeps the event loop saturated: blocks it for `blockMs` out of every `periodMs`, until stopped. */
function saturateEventLoop(blockMs: number, periodMs: number): () => void {
  const timer = setInterval(() => {
    const until = performance.now() + blockMs;
    while (performance.now() < until) {
      // Busy, as a process answering more than it can would be.
    }
  }, periodMs);
  return () => clearInterval(timer);
}

describe('a saturated relay', () => {
  it('refuses new conversations and messages with 503 and Retry-After, while open streams keep delivering', async () => {
    const relay = relayForTest({ loadShedding: { maxEventLoopDelayMs: 100, retryAfterSeconds: 3 } });
    const server = await serveApp({ app: relay, port: 0 });
    const post = (path: string, body: unknown, token?: string) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
    let stop: (() => void) | undefined;
    try {
      const created = await post('/v1/conversations', {});
      expect(created.status).toBe(201);
      const { conversationId, token } = (await created.json()) as { conversationId: string; token: string };
      const stream = await fetch(`${server.url}/v1/conversations/${conversationId}/events`, {
        headers: { authorization: `Bearer ${token}` },
      });

      stop = saturateEventLoop(400, 450);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const refused = await post('/v1/conversations', {});
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('3');
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('unavailable');
      const message = await post(
        `/v1/conversations/${conversationId}/messages`,
        { clientMessageId: 'm1', text: 'Hi' },
        token,
      );
      expect(message.status).toBe(503);

      // The conversation already under way is served: its handoff request goes through and its stream delivers.
      const reading = readEvents(stream, (events) => events.some((event) => event.type === 'handoff'));
      expect((await post(`/v1/conversations/${conversationId}/handoff`, {}, token)).status).toBeLessThan(300);
      expect((await reading).some((event) => event.type === 'handoff')).toBe(true);
      expect(relay.metrics.registry.render()).toMatch(/tandem_shed_requests_total [2-9]/);

      stop();
      stop = undefined;
      // Once the loop recovers, new visitors are welcome again.
      let status = 0;
      for (let attempt = 0; attempt < 50 && status !== 201; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        status = (await post('/v1/conversations', {})).status;
      }
      expect(status).toBe(201);
    } finally {
      stop?.();
      await server.close();
    }
  }, 30_000);
});
