import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createInboxHandoff } from '../src/handoff/inbox/inbox-adapter.ts';
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

  it('answers a malformed or cut-short chunked body with 400, not a 500 logged as ours', async () => {
    const relay = relayForTest({ handoff: { adapters: [createInboxHandoff()], development: true } });
    const server = await serveApp({ app: relay, port: 0 });
    try {
      const bodies = [
        '5\r\n{"sit\r\nZZ\r\nxx\r\n0\r\n\r\n', // a chunk size that is not hexadecimal
        '3\r\n{}\r\n0\r\n\r\n', // a chunk shorter than its size
        '5\r\n{"sit\r\n', // the client stops half way and hangs up
      ];
      for (const path of ['/v1/conversations', '/v1/webhooks/inbox']) {
        for (const body of bodies) {
          const answer = await rawRequest(
            server.port,
            `POST ${path} HTTP/1.1\r\nHost: relay\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${body}`,
          );
          expect(answer, body).toMatch(/^HTTP\/1\.1 400 /);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(relay.logLines.filter((line) => line.level === 'error')).toEqual([]);
      expect(relay.metrics.registry.render()).not.toContain('status="5xx"');
    } finally {
      await server.close();
    }
  });
});

/** Writes raw bytes to the server, half-closes, and returns everything it answered before closing. */
function rawRequest(port: number, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(bytes);
      setTimeout(() => socket.end(), 100);
    });
    socket.setTimeout(2000, () => socket.destroy());
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
  });
}
