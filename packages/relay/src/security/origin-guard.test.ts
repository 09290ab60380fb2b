import { describe, expect, it } from 'vitest';
import { relayForTest, startConversation, TEST_ORIGIN } from '../../test/test-fixture.ts';

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
});
