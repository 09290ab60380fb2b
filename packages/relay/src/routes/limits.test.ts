import { describe, expect, it } from 'vitest';
import { postTo, relayForTest, startConversation } from '../../test/test-fixture.ts';

describe('bounded growth per conversation', () => {
  it('refuses one event stream too many with 429, and takes one again once a stream is closed', async () => {
    const relay = relayForTest({ maxStreamsPerConversation: 2 });
    const conversation = await startConversation(relay);
    const open = () =>
      relay.request(`/v1/conversations/${conversation.conversationId}/events`, {
        headers: { authorization: `Bearer ${conversation.token}` },
      });
    const first = await open();
    const second = await open();
    expect([first.status, second.status]).toEqual([200, 200]);
    const third = await open();
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('5');
    expect(((await third.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    await first.body?.cancel();
    await expect
      .poll(async () => {
        const again = await open();
        await again.body?.cancel();
        return again.status;
      })
      .toBe(200);
    await second.body?.cancel();
  });

  it('takes no more visitor messages once a conversation holds its cap of events, and says so', async () => {
    const relay = relayForTest({
      maxEventsPerConversation: 10,
      conversationRateLimit: { limit: 100, windowSeconds: 60 },
    });
    const conversation = await startConversation(relay);
    const statuses: number[] = [];
    for (let index = 0; index < 6; index++) {
      const response = await postTo(relay, conversation, 'messages', { clientMessageId: `m${index}`, text: 'Hello?' });
      statuses.push(response.status);
      await relay.conversations.idle();
    }
    expect(statuses).toContain(409);
    expect(statuses.slice(0, statuses.indexOf(409)).every((status) => status === 202)).toBe(true);
    const events = await relay.conversations.store.readEvents(conversation.conversationId, 0);
    // The cap is checked before a message is stored: a refused message leaves nothing behind.
    const visitorMessages = events.filter((event) => event.type === 'message' && event.message.role === 'visitor');
    expect(visitorMessages).toHaveLength(statuses.filter((status) => status === 202).length);
    // A retry of a message that was stored is still recognised, not refused.
    const retried = await postTo(relay, conversation, 'messages', { clientMessageId: 'm0', text: 'Hello?' });
    expect(retried.status).toBe(200);
  });
});
