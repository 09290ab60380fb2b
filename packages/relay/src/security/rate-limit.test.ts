import { describe, expect, it } from 'vitest';
import { postTo, relayForTest, startConversation } from '../../test/test-fixture.ts';

describe('rate limits', () => {
  it('refuse a conversation past its limit with 429 and Retry-After, storing nothing more', async () => {
    const relay = relayForTest({ conversationRateLimit: { limit: 3, windowSeconds: 60 } });
    const conversation = await startConversation(relay);
    const statuses = [];
    for (let index = 0; index < 5; index++) {
      const response = await postTo(relay, conversation, 'messages', { clientMessageId: `m${index}`, text: 'hello' });
      statuses.push(response.status);
      if (response.status === 429) {
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
        expect((await response.json()).error.code).toBe('rate_limited');
      }
    }
    expect(statuses).toEqual([202, 202, 202, 429, 429]);
    await relay.conversations.idle();
    const visitorMessages = (await relay.conversations.store.readEvents(conversation.conversationId, 0)).filter(
      (event) => event.type === 'message' && event.message.role === 'visitor',
    );
    expect(visitorMessages).toHaveLength(3);
    const other = await startConversation(relay);
    expect((await postTo(relay, other, 'messages', { clientMessageId: 'x', text: 'hello' })).status).toBe(202);
  });

  it('refuse one client address past its limit, across conversations, but not another address', async () => {
    const relay = relayForTest({
      ipRateLimit: { limit: 2, windowSeconds: 30 },
      clientIp: (context) => context.req.header('x-test-client'),
    });
    const fromA = { 'content-type': 'application/json', 'x-test-client': '198.51.100.7' };
    const statuses = [];
    for (let index = 0; index < 3; index++) {
      const response = await relay.request('/v1/conversations', { method: 'POST', headers: fromA, body: '{}' });
      statuses.push(response.status);
      if (response.status === 429) expect(response.headers.get('retry-after')).toMatch(/^(29|30)$/);
    }
    expect(statuses).toEqual([201, 201, 429]);
    const fromB = await relay.request('/v1/conversations', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-client': '203.0.113.9' },
      body: '{}',
    });
    expect(fromB.status).toBe(201);
    expect(relay.metrics.openConversations.value()).toBe(3);
  });
});
