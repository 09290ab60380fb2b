import { describe, expect, it } from 'vitest';
import { postTo, relayForTest, relayWithAgentPage, startConversation } from '../../test/test-fixture.ts';
import { createInboxHandoff } from '../handoff/inbox/inbox-adapter.ts';

describe('POST /v1/conversations/:id/handoff', () => {
  it('asks for a person: the conversation waits and the handoff runner hears of it', async () => {
    const relay = relayWithAgentPage();
    const conversation = await startConversation(relay);
    const response = await postTo(relay, conversation, 'handoff', { note: 'I need to change my address' });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ mode: 'waiting' });
    await relay.conversations.idle();
    expect((await relay.conversations.store.getConversation(conversation.conversationId))?.handoff).toMatchObject({
      reasons: ['visitor_request'],
      priority: 'normal',
      source: 'visitor',
      note: 'I need to change my address',
    });
    const events = await relay.conversations.store.readEvents(conversation.conversationId, 0);
    expect(events).toMatchObject([
      { type: 'mode', mode: 'waiting' },
      { type: 'handoff', status: 'requested', reasons: ['visitor_request'] },
    ]);
  });

  it('changes nothing when asked again while waiting', async () => {
    const relay = relayWithAgentPage();
    const conversation = await startConversation(relay);
    await postTo(relay, conversation, 'handoff', {});
    const again = await postTo(relay, conversation, 'handoff', {});
    expect(again.status).toBe(202);
    const events = await relay.conversations.store.readEvents(conversation.conversationId, 0);
    expect(events.filter((event) => event.type === 'handoff')).toHaveLength(1);
  });

  it('with no helpdesk configured, says nobody is available and offers to take an address instead of waiting', async () => {
    const relay = relayForTest();
    const conversation = await startConversation(relay);
    const response = await postTo(relay, conversation, 'handoff', {});
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ mode: 'assistant' });
    const events = await relay.conversations.store.readEvents(conversation.conversationId, 0);
    expect(events).toMatchObject([
      { type: 'mode', mode: 'waiting' },
      { type: 'handoff', status: 'requested', reasons: ['visitor_request'] },
      { type: 'handoff', status: 'unavailable', reasons: ['no_adapter'] },
      { type: 'mode', mode: 'assistant' },
      { type: 'message', message: { role: 'system' } },
    ]);
    const told = events.at(-1);
    expect(told?.type === 'message' && told.message.text).toContain('nobody is available right now');
    expect(told?.type === 'message' && told.message.text).toContain('Leave your email address');
  });

  it('outside business hours, takes the same honest path even with a helpdesk configured', async () => {
    const relay = relayForTest({
      handoff: { adapters: [createInboxHandoff()], development: true },
      // A team with no opening hours at all is never in.
      policy: { businessHours: { timeZone: 'Europe/Stockholm', weekly: {} } },
    });
    const conversation = await startConversation(relay);
    const response = await postTo(relay, conversation, 'handoff', {});
    expect(await response.json()).toEqual({ mode: 'assistant' });
    const events = await relay.conversations.store.readEvents(conversation.conversationId, 0);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'handoff', status: 'unavailable', reasons: ['outside_hours'] }),
    );
  });

  it('is refused with 409 once the conversation is closed', async () => {
    const relay = relayForTest();
    const conversation = await startConversation(relay);
    await relay.conversations.closeConversation(conversation.conversationId, 'visitor');
    const response = await postTo(relay, conversation, 'handoff', {});
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      error: { code: 'conflict', message: 'Cannot ask for a person: the conversation is closed.' },
    });
  });

  it('refuses unknown fields and a note that is too long', async () => {
    const relay = relayForTest();
    const conversation = await startConversation(relay);
    for (const body of [{ urgent: true }, { note: 'x'.repeat(1001) }, []]) {
      const response = await postTo(relay, conversation, 'handoff', body);
      expect(response.status).toBe(400);
    }
    expect(await relay.conversations.store.readEvents(conversation.conversationId, 0)).toEqual([]);
  });
});
