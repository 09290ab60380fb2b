import { describe, expect, it } from 'vitest';
import { postTo, relayForTest, startConversation } from '../../test/test-fixture.ts';

describe('POST /v1/conversations/:id/close', () => {
  it('lets the visitor end the chat: the mode becomes closed, by the visitor, and a rating is then accepted', async () => {
    const relay = relayForTest();
    const conversation = await startConversation(relay);
    expect((await postTo(relay, conversation, 'close', {})).status).toBe(204);

    const record = await relay.conversations.store.getConversation(conversation.conversationId);
    expect(record).toMatchObject({ mode: 'closed', closedBy: 'visitor' });
    const events = await relay.conversations.store.readEvents(conversation.conversationId, 0);
    expect(events.at(-1)).toMatchObject({ type: 'mode', mode: 'closed' });
    expect((await postTo(relay, conversation, 'rating', { score: 4 })).status).toBe(204);
  });

  it('closing twice is fine and appends nothing the second time', async () => {
    const relay = relayForTest();
    const conversation = await startConversation(relay);
    await postTo(relay, conversation, 'close', {});
    const before = await relay.conversations.store.readEvents(conversation.conversationId, 0);
    expect((await postTo(relay, conversation, 'close', {})).status).toBe(204);
    expect(await relay.conversations.store.readEvents(conversation.conversationId, 0)).toEqual(before);
  });

  it('a message after closing opens the conversation again with the assistant', async () => {
    const relay = relayForTest();
    const conversation = await startConversation(relay);
    await postTo(relay, conversation, 'close', {});
    const sent = await postTo(relay, conversation, 'messages', {
      clientMessageId: crypto.randomUUID(),
      text: 'One more thing: how long is delivery?',
    });
    expect(sent.status).toBeLessThan(300);
    await relay.conversations.idle();
    expect((await relay.conversations.store.getConversation(conversation.conversationId))?.mode).toBe('assistant');
  });

  it('refuses a body with fields, another conversation’s token, or no token, and changes nothing', async () => {
    const relay = relayForTest();
    const conversation = await startConversation(relay);
    const other = await startConversation(relay);
    const withFields = await postTo(relay, conversation, 'close', { reason: 'bye' });
    expect(withFields.status).toBe(400);
    expect(await withFields.json()).toMatchObject({ error: { code: 'bad_request' } });
    const crossed = await postTo(
      relay,
      { conversationId: conversation.conversationId, token: other.token },
      'close',
      {},
    );
    expect(crossed.status).toBe(403);
    const anonymous = await postTo(relay, { conversationId: conversation.conversationId, token: '' }, 'close', {});
    expect(anonymous.status).toBe(401);
    expect((await relay.conversations.store.getConversation(conversation.conversationId))?.mode).toBe('assistant');
  });
});
