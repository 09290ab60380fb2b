import { describe, expect, it } from 'vitest';
import { serveApp } from '../src/node/serve.ts';
import { createMemoryStore } from '../src/store/memory.ts';
import { relayForTest } from '../test/test-fixture.ts';

describe('the relay served on Node', () => {
  it('limits each client address by its socket, not by headers a client could forge', async () => {
    const relay = relayForTest({ ipRateLimit: { limit: 2, windowSeconds: 60 } });
    const server = await serveApp({ app: relay, port: 0 });
    try {
      const statuses = [];
      for (let index = 0; index < 3; index++) {
        const response = await fetch(`${server.url}/v1/conversations`, {
          method: 'POST',
          // A forged forwarding header must not give a fresh allowance.
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${index}` },
          body: '{}',
        });
        statuses.push(response.status);
        if (response.status === 429) expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
        await response.arrayBuffer();
      }
      expect(statuses).toEqual([201, 201, 429]);
    } finally {
      await server.close();
    }
  });

  it('closes open event streams on shutdown, leaving no listener behind', async () => {
    const store = createMemoryStore();
    const relay = relayForTest({ store });
    const server = await serveApp({ app: relay, port: 0 });
    const created = await fetch(`${server.url}/v1/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const { conversationId, token } = (await created.json()) as { conversationId: string; token: string };
    const streams = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const response = await fetch(`${server.url}/v1/conversations/${conversationId}/events`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const reader = (response.body as ReadableStream<Uint8Array>).getReader();
        await reader.read();
        return reader;
      }),
    );
    expect(store.statistics().listeners).toBe(20);
    await server.close();
    for (const reader of streams) await reader.read().catch(() => undefined);
    for (let attempt = 0; attempt < 100 && store.statistics().listeners > 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(store.statistics().listeners).toBe(0);
    expect(relay.metrics.sseConnections.value()).toBe(0);
  });
});
