import { describe, expect, it } from 'vitest';
import { type ChatState, initialChatState } from './chat-state.ts';
import { withDelivered, withoutConversation, withQueued, withStatus } from './visitor-messages.ts';

const at = '2026-11-22T10:00:00.000Z';
const later = '2026-11-22T10:00:02.000Z';
const entry = { clientMessageId: 'c_1', text: 'Where is my parcel?', createdAt: at };

describe("the visitor's own messages before the relay echoes them", () => {
  it('shows a queued message once, however many tabs announce it', () => {
    let state = withQueued(initialChatState, entry);
    state = withQueued(state, entry);
    expect(state.messages).toEqual([
      {
        id: 'c_1',
        clientMessageId: 'c_1',
        role: 'visitor',
        text: 'Where is my parcel?',
        status: 'sending',
        createdAt: at,
      },
    ]);
  });

  it("takes the relay's id and time once delivered", () => {
    const state = withDelivered(withQueued(initialChatState, entry), 'c_1', {
      id: 'm_9',
      role: 'visitor',
      text: 'Where is my parcel?',
      createdAt: later,
      clientMessageId: 'c_1',
    });
    expect(state.messages[0]).toMatchObject({ id: 'm_9', createdAt: later, status: 'sent' });
  });

  it('leaves a message the stream already delivered as it is', () => {
    const streamed: ChatState = {
      ...initialChatState,
      messages: [{ id: 'm_9', clientMessageId: 'c_1', role: 'visitor', text: 'Hi', status: 'sent', createdAt: later }],
    };
    const state = withDelivered(streamed, 'c_1', { id: 'm_other', role: 'visitor', text: 'Hi', createdAt: at });
    expect(state.messages[0]).toMatchObject({ id: 'm_9', createdAt: later });
  });

  it('marks a refused message failed and a retried one sending again', () => {
    const failed = withStatus(withQueued(initialChatState, entry), 'c_1', 'failed');
    expect(failed.messages[0]?.status).toBe('failed');
    expect(withStatus(failed, 'c_1', 'sending').messages[0]?.status).toBe('sending');
  });

  it('keeps what is still waiting to be sent when the conversation is gone', () => {
    const before: ChatState = {
      ...withQueued(initialChatState, entry),
      mode: 'human',
      unreadCount: 2,
      rating: 'requested',
      handoff: { status: 'connected' },
    };
    before.messages.unshift({ id: 'a1', role: 'assistant', text: 'Hello!', status: 'complete', createdAt: at });
    const after = withoutConversation(before);
    expect(after.messages.map((m) => m.id)).toEqual(['c_1']);
    expect(after).toMatchObject({ mode: 'assistant', unreadCount: 0, rating: 'none', handoff: { status: 'none' } });
  });
});
