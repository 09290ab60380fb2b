import { describe, expect, it } from 'vitest';
import { postTo, relayForTest, startConversation } from '../../test/test-fixture.ts';

describe('POST /v1/conversations/:id/rating', () => {
  it('records a score after the conversation closed', async () => {
    const relay = relayForTest();
    const conversation = await startConversation(relay);
    await relay.conversations.closeConversation(conversation.conversationId, 'agent');
    const response = await postTo(relay, conversation, 'rating', { score: 5, comment: 'Maria was great' });
    expect(response.status).toBe(204);
    expect(await relay.conversations.store.getConversation(conversation.conversationId)).toMatchObject({
      rating: { score: 5, comment: 'Maria was great' },
    });
  });

  it('is accepted once a person was asked for, even before closing', async () => {
    const relay = relayForTest();
    const conversation = await startConversation(relay);
    await postTo(relay, conversation, 'handoff', {});
    expect((await postTo(relay, conversation, 'rating', { score: 3 })).status).toBe(204);
  });

  it('is refused in the middle of an assistant conversation, a second time, or out of range', async () => {
    const relay = relayForTest();
    const conversation = await startConversation(relay);
    expect((await postTo(relay, conversation, 'rating', { score: 4 })).status).toBe(409);
    await relay.conversations.closeConversation(conversation.conversationId, 'visitor');
    expect((await postTo(relay, conversation, 'rating', { score: 6 })).status).toBe(400);
    expect((await postTo(relay, conversation, 'rating', { score: 2.5 })).status).toBe(400);
    expect((await postTo(relay, conversation, 'rating', { score: 4 })).status).toBe(204);
    const second = await postTo(relay, conversation, 'rating', { score: 1 });
    expect(second.status).toBe(409);
    expect(await relay.conversations.store.getConversation(conversation.conversationId)).toMatchObject({
      rating: { score: 4 },
    });
  });
});
