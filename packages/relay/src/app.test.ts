import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import {
  postTo,
  readEvents,
  relayForTest,
  startConversation,
  TEST_KNOWLEDGE,
  TEST_SECRET,
} from '../test/test-fixture.ts';
import { createRelay } from './app.ts';
import { createOfflineAssistant } from './assistant/offline.ts';

const assistant = createOfflineAssistant({ knowledge: TEST_KNOWLEDGE });

describe('createRelay', () => {
  it('fails fast on bad options, naming the option', () => {
    expect(() => createRelay({ secret: 'short', assistant, allowedOrigins: '*' })).toThrow(
      /secret: must be at least 32 characters/,
    );
    expect(() =>
      createRelay({ secret: TEST_SECRET, assistant, allowedOrigins: ['https://shop.example/path'] }),
    ).toThrow(/allowedOrigins\.0: must be an origin/);
    expect(() =>
      createRelay({ secret: TEST_SECRET, assistant, allowedOrigins: '*', heartbeatIntervalMs: 5 } as never),
    ).toThrow(/heartbeatIntervalMs/);
    expect(() => createRelay({ secret: TEST_SECRET, assistant: {} as never, allowedOrigins: '*' })).toThrow(
      /assistant: must be an Assistant/,
    );
    expect(() => createRelay({ secret: TEST_SECRET, assistant, allowedOrigins: '*', colour: 'red' } as never)).toThrow(
      /colour/,
    );
  });

  it('can be mounted under a prefix inside an existing Hono app', async () => {
    const host = new Hono();
    host.get('/', (context) => context.text('the shop'));
    const relay = relayForTest();
    host.route('/chat', relay);
    expect(await (await host.request('/')).text()).toBe('the shop');
    const conversation = await startConversation(host, { siteId: 'shop' }, '/chat');
    const sent = await host.request(`/chat/v1/conversations/${conversation.conversationId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${conversation.token}` },
      body: JSON.stringify({ clientMessageId: 'm1', text: 'How long do I have to return an item?' }),
    });
    expect(sent.status).toBe(202);
    await relay.conversations.idle();
    const stream = await host.request(`/chat/v1/conversations/${conversation.conversationId}/events`, {
      headers: { authorization: `Bearer ${conversation.token}` },
    });
    const events = await readEvents(stream, (seen) =>
      seen.some((event) => event.type === 'message' && event.message.role === 'assistant'),
    );
    const answer = events.find((event) => event.type === 'message' && event.message.role === 'assistant');
    expect(answer?.type === 'message' && answer.message.text).toBe(
      'You have 30 days from delivery to return an item for a full refund.',
    );
    const missing = await host.request('/chat/v1/conversations/not-a-uuid/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${conversation.token}` },
      body: '{}',
    });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.code).toBe('bad_request');
  });

  it('refuses a body over the limit with 413, whatever the route', async () => {
    const relay = relayForTest({ bodyLimitBytes: 2048 });
    const conversation = await startConversation(relay);
    const large = await postTo(relay, conversation, 'contact', { email: 'a@example.com', message: 'x'.repeat(3000) });
    expect(large.status).toBe(413);
    expect(await large.json()).toEqual({
      error: { code: 'payload_too_large', message: 'The body must be at most 2048 bytes.' },
    });
    const streamed = await relay.request('/v1/conversations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Blob([JSON.stringify({ pageUrl: `https://shop.example/${'a'.repeat(4000)}` })]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it('tags every response and log line with a request id', async () => {
    const relay = relayForTest();
    const response = await relay.request('/v1/conversations', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-123' },
      body: '{}',
    });
    expect(response.headers.get('x-request-id')).toBe('trace-123');
    const generated = await relay.request('/healthz');
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(relay.logLines).toContainEqual(
      expect.objectContaining({ level: 'info', message: 'request', requestId: 'trace-123', status: 201 }),
    );
    expect(relay.logLines.every((line) => typeof line.time === 'string' && typeof line.requestId === 'string')).toBe(
      true,
    );
  });

  it('answers unknown routes with a JSON 404', async () => {
    const response = await relayForTest().request('/v2/anything');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'not_found', message: 'No such route.' } });
  });
});
