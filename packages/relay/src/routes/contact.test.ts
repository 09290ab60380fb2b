import { describe, expect, it } from 'vitest';
import { postTo, relayForTest, startConversation } from '../../test/test-fixture.ts';

describe('POST /v1/conversations/:id/contact', () => {
  it('keeps the address to reply to later', async () => {
    const relay = relayForTest();
    const conversation = await startConversation(relay);
    const response = await postTo(relay, conversation, 'contact', { email: 'ana@example.com', message: 'Lost parcel' });
    expect(response.status).toBe(204);
    expect(await relay.conversations.store.getConversation(conversation.conversationId)).toMatchObject({
      contact: { email: 'ana@example.com', message: 'Lost parcel' },
    });
  });

  it('refuses what is not an email address, keeping nothing', async () => {
    const relay = relayForTest();
    const conversation = await startConversation(relay);
    const response = await postTo(relay, conversation, 'contact', { email: 'not-an-address' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'bad_request', message: expect.stringContaining('email') },
    });
    expect(await relay.conversations.store.getConversation(conversation.conversationId)).not.toHaveProperty('contact');
  });
});
