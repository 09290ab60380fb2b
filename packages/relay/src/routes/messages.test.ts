import { describe, expect, it } from 'vitest';
import { postTo, relayForTest, relayWithAgentPage, startConversation } from '../../test/test-fixture.ts';

describe('POST /v1/conversations/:id/messages', () => {
  it('stores and answers one message when the same send arrives twice at once', async () => {
    const relay = relayForTest();
    const conversation = await startConversation(relay);
    const body = { clientMessageId: 'double-tap', text: 'How long do I have to return an item?' };
    const [first, second] = await Promise.all([
      postTo(relay, conversation, 'messages', body),
      postTo(relay, conversation, 'messages', body),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 202]);
    const [firstBody, secondBody] = await Promise.all([first.json(), second.json()]);
    expect(firstBody.message).toEqual(secondBody.message);
    await relay.conversations.idle();
    const messages = (await relay.conversations.store.readEvents(conversation.conversationId, 0)).flatMap((event) =>
      event.type === 'message' ? [event.message.role] : [],
    );
    expect(messages).toEqual(['visitor', 'assistant']);
    expect(relay.metrics.messages.value({ role: 'visitor' })).toBe(1);
  });

  it('refuses a message longer than the configured limit', async () => {
    const relay = relayForTest({ maxMessageLength: 20 });
    const conversation = await startConversation(relay);
    const response = await postTo(relay, conversation, 'messages', { clientMessageId: 'long', text: 'x'.repeat(21) });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'bad_request', message: 'text: must be at most 20 characters' },
    });
    expect(await relay.conversations.store.readEvents(conversation.conversationId, 0)).toEqual([]);
  });

  it('refuses a message of only zero-width characters like an empty one, and stores nothing', async () => {
    const relay = relayForTest();
    const conversation = await startConversation(relay);
    const response = await postTo(relay, conversation, 'messages', {
      clientMessageId: 'invisible',
      text: '\u200B\u200C\u200D\u2060\uFEFF',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'bad_request', message: 'text: must not be empty' } });
    await relay.conversations.idle();
    expect(await relay.conversations.store.readEvents(conversation.conversationId, 0)).toEqual([]);
  });

  it('is not answered by the assistant while a person is asked for', async () => {
    const relay = relayWithAgentPage();
    const conversation = await startConversation(relay);
    await postTo(relay, conversation, 'handoff', {});
    await postTo(relay, conversation, 'messages', { clientMessageId: 'w', text: 'How do I return an item?' });
    await relay.conversations.idle();
    const roles = (await relay.conversations.store.readEvents(conversation.conversationId, 0)).flatMap((event) =>
      event.type === 'message' ? [event.message.role] : [],
    );
    expect(roles).toEqual(['visitor']);
  });
});
