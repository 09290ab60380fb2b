import { describe, expect, it } from 'vitest';
import { relayForTest, relayWithAgentPage, startConversation, TEST_ORIGIN } from '../../test/test-fixture.ts';
import { createInboxHandoff } from '../handoff/inbox/inbox-adapter.ts';

function create(relay: ReturnType<typeof relayForTest>, headers: Record<string, string>) {
  return relay.request('/v1/conversations', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: '{}',
  });
}

describe('origin allowlist', () => {
  it('answers CORS for an allowed site origin', async () => {
    const relay = relayForTest();
    const preflight = await relay.request('/v1/conversations', {
      method: 'OPTIONS',
      headers: { origin: TEST_ORIGIN, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Last-Event-ID');
    const created = await create(relay, { origin: TEST_ORIGIN });
    expect(created.status).toBe(201);
    expect(created.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
  });

  it('refuses any other origin with 403 and no CORS headers, even for a simple request, creating nothing', async () => {
    const relay = relayForTest();
    const preflight = await relay.request('/v1/conversations', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await relay.request('/v1/conversations', {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(simple.status).toBe(403);
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    expect(await simple.json()).toEqual({
      error: { code: 'forbidden', message: 'This origin may not call the relay. Add it to allowedOrigins.' },
    });
    const lookalike = await create(relay, { origin: `${TEST_ORIGIN}.evil.example` });
    expect(lookalike.status).toBe(403);
    expect(relay.metrics.openConversations.value()).toBe(0);
  });

  it('lets requests without an Origin through (servers and tools)', async () => {
    const relay = relayForTest();
    const created = await create(relay, {});
    expect(created.status).toBe(201);
    expect(created.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows every origin with "*" (development)', async () => {
    const relay = relayForTest({ allowedOrigins: '*' });
    const created = await create(relay, { origin: 'http://localhost:5173' });
    expect(created.status).toBe(201);
    expect(created.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });

  it('gives an allowed page CORS headers on refusals too, so the widget can read the error and Retry-After', async () => {
    const relay = relayForTest({ conversationRateLimit: { limit: 1, windowSeconds: 60 } });
    const conversation = await startConversation(relay);
    const send = (clientMessageId: string, token = conversation.token) =>
      relay.request(`/v1/conversations/${conversation.conversationId}/messages`, {
        method: 'POST',
        headers: { origin: TEST_ORIGIN, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ clientMessageId, text: 'Where is my parcel?' }),
      });
    const refused = await send('m1', 'not-a-token');
    expect(refused.status).toBe(401);
    const limited = [await send('m2'), await send('m3')].find((response) => response.status === 429);
    for (const response of [refused, limited]) {
      expect(response?.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
      expect(response?.headers.get('access-control-expose-headers')).toContain('Retry-After');
      expect(response?.headers.get('vary')).toContain('Origin');
    }
    expect(limited?.headers.get('retry-after')).toMatch(/^\d+$/);
    await relay.conversations.idle();
  });

  it('gives an allowed page CORS headers on the event stream too, exposing the headers it needs', async () => {
    const relay = relayForTest();
    const conversation = await startConversation(relay);
    const stream = await relay.request(`/v1/conversations/${conversation.conversationId}/events`, {
      headers: { origin: TEST_ORIGIN, authorization: `Bearer ${conversation.token}` },
    });
    expect(stream.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    expect(stream.headers.get('access-control-expose-headers')).toContain('Tandem-Protocol-Version');
    await stream.body?.cancel();
  });

  it("accepts the agent page's own requests when allowedOrigins lists only the shop, as getting-started shows", async () => {
    const token = 'origin-test-inbox-token-0123456789';
    const relay = relayWithAgentPage({ handoff: { adapters: [createInboxHandoff()], inboxToken: token } });
    const conversation = await startConversation(relay);
    await relay.request(`/v1/conversations/${conversation.conversationId}/handoff`, {
      method: 'POST',
      headers: { authorization: `Bearer ${conversation.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    await relay.conversations.idle();
    const staff = (url: string, headers: Record<string, string>) =>
      relay.request(url, { headers: { authorization: `Bearer ${token}`, ...headers } });
    // Served at its own address, and behind a proxy that forwards the browser's Host to an internal address.
    expect(
      (await staff('https://chat.example.com/v1/agent/conversations', { origin: 'https://chat.example.com' })).status,
    ).toBe(200);
    const proxied = await staff('http://127.0.0.1:8787/v1/agent/conversations', {
      origin: 'https://chat.example.com',
      host: 'chat.example.com',
    });
    expect(proxied.status).toBe(200);
    const { conversations } = (await proxied.json()) as { conversations: { ticketId: string }[] };
    const ticketId = conversations[0]?.ticketId ?? '';
    const join = await relay.request(`https://chat.example.com/v1/agent/conversations/${ticketId}/join`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        origin: 'https://chat.example.com',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ actionId: 'join-0001', agent: { id: 'maja', name: 'Maja' } }),
    });
    expect(join.status).toBeLessThan(300);
    // Another site is still refused, whatever page it copies.
    expect(
      (await staff('https://chat.example.com/v1/agent/conversations', { origin: 'https://evil.example' })).status,
    ).toBe(403);
  });
});
