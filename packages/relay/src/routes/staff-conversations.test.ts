import { describe, expect, it } from 'vitest';
import { postTo, relayForTest, startConversation } from '../../test/test-fixture.ts';

const STAFF_TOKEN = 'staff-token-0123456789abcdef';

function staff(
  relay: ReturnType<typeof relayForTest>,
  method: 'GET' | 'DELETE',
  conversationId: string,
  token = STAFF_TOKEN,
) {
  return relay.request(`/v1/staff/conversations/${conversationId}`, {
    method,
    headers: { authorization: `Bearer ${token}` },
  });
}

describe('a visitor data request on the staff API', () => {
  it('exports one conversation whole: record, events and audit entries', async () => {
    const relay = relayForTest({ audit: { exportToken: STAFF_TOKEN } });
    const conversation = await startConversation(relay);
    await postTo(relay, conversation, 'messages', { clientMessageId: 'm1', text: 'How long do I have to return?' });
    await relay.conversations.idle();
    const response = await staff(relay, 'GET', conversation.conversationId);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain(`conversation-${conversation.conversationId}.json`);
    const exported = (await response.json()) as { conversation: { id: string }; events: unknown[]; audit: unknown[] };
    expect(exported.conversation.id).toBe(conversation.conversationId);
    expect(exported.events).toEqual(await relay.conversations.store.readEvents(conversation.conversationId, 0));
    expect(exported.audit.length).toBeGreaterThan(0);
  });

  it('deletes one conversation and its audit entries, leaves the others, and refuses without the token', async () => {
    const relay = relayForTest({ audit: { exportToken: STAFF_TOKEN } });
    const gone = await startConversation(relay);
    const kept = await startConversation(relay);
    for (const conversation of [gone, kept]) {
      await postTo(relay, conversation, 'messages', { clientMessageId: 'm1', text: 'Where is my parcel?' });
    }
    await relay.conversations.idle();
    expect((await staff(relay, 'DELETE', gone.conversationId, 'wrong-token-0123456789')).status).toBe(401);
    const deleted = await staff(relay, 'DELETE', gone.conversationId);
    expect(deleted.status).toBe(200);
    expect(await relay.conversations.store.getConversation(gone.conversationId)).toBeUndefined();
    expect(await relay.audit.list({ conversationId: gone.conversationId })).toEqual([]);
    expect(await relay.audit.list({ conversationId: kept.conversationId })).not.toEqual([]);
    expect(await relay.conversations.store.getConversation(kept.conversationId)).toBeDefined();
    expect((await staff(relay, 'DELETE', gone.conversationId)).status).toBe(404);
    expect((await staff(relay, 'GET', gone.conversationId)).status).toBe(404);
  });
});
