import { describe, expect, it } from 'vitest';
import { applyEvent } from './apply-event.ts';
import { type ChatState, initialChatState } from './chat-state.ts';

const at = '2026-11-22T10:00:00.000Z';

describe('folding relay events into the chat', () => {
  it('grows a streamed answer and replaces it with the whole message', () => {
    let state: ChatState = initialChatState;
    state = applyEvent(state, { id: 1, createdAt: at, type: 'message-delta', messageId: 'a1', delta: 'You have ' });
    state = applyEvent(state, { id: 2, createdAt: at, type: 'message-delta', messageId: 'a1', delta: '30 days' });
    expect(state.messages).toMatchObject([{ id: 'a1', text: 'You have 30 days', status: 'streaming' }]);
    state = applyEvent(state, {
      id: 3,
      createdAt: at,
      type: 'message',
      message: { id: 'a1', role: 'assistant', text: 'You have 30 days.', createdAt: at },
    });
    expect(state.messages).toMatchObject([{ id: 'a1', text: 'You have 30 days.', status: 'complete' }]);
  });

  it('matches the relay copy of a visitor message to the one shown while sending', () => {
    const sending: ChatState = {
      ...initialChatState,
      messages: [{ id: 'c1', clientMessageId: 'c1', role: 'visitor', text: 'Hi', status: 'sending', createdAt: at }],
    };
    const state = applyEvent(sending, {
      id: 1,
      createdAt: at,
      type: 'message',
      message: { id: 'server-1', clientMessageId: 'c1', role: 'visitor', text: 'Hi', createdAt: at },
    });
    expect(state.messages).toEqual([
      { id: 'server-1', clientMessageId: 'c1', role: 'visitor', text: 'Hi', status: 'sent', createdAt: at },
    ]);
  });

  it('marks a cut-off answer incomplete instead of leaving it looking whole', () => {
    let state = applyEvent(initialChatState, {
      id: 1,
      createdAt: at,
      type: 'message-delta',
      messageId: 'a1',
      delta: 'You have',
    });
    state = applyEvent(state, {
      id: 2,
      createdAt: at,
      type: 'error',
      code: 'assistant_failed',
      message: 'cut',
      messageId: 'a1',
    });
    expect(state.messages[0]?.status).toBe('incomplete');
  });

  it('shows who is typing until their message arrives', () => {
    const maja = { name: 'Maja' };
    let state = applyEvent(initialChatState, {
      id: 1,
      createdAt: at,
      type: 'typing',
      role: 'agent',
      typing: true,
      author: maja,
    });
    expect(state.typing).toEqual({ role: 'agent', author: maja });
    expect(state.assistantTyping).toBe(false);
    state = applyEvent(state, {
      id: 2,
      createdAt: at,
      type: 'message',
      message: { id: 'm1', role: 'agent', text: 'Hi', createdAt: at, author: maja },
    });
    expect(state.typing).toBeUndefined();
  });

  it('follows a handoff from request to a named person, and asks for one rating when the chat closes', () => {
    let state = applyEvent(initialChatState, { id: 1, createdAt: at, type: 'mode', mode: 'waiting' });
    state = applyEvent(state, {
      id: 2,
      createdAt: at,
      type: 'handoff',
      status: 'requested',
      reasons: ['visitor_request'],
      expectedWaitSeconds: 120,
    });
    expect(state).toMatchObject({ mode: 'waiting', handoff: { status: 'requested', expectedWaitSeconds: 120 } });
    state = applyEvent(state, { id: 3, createdAt: at, type: 'handoff', status: 'connected', agent: { name: 'Maja' } });
    expect(state.handoff).toEqual({ status: 'connected', agent: { name: 'Maja' } });
    state = applyEvent(state, { id: 4, createdAt: at, type: 'mode', mode: 'closed' });
    expect(state.rating).toBe('requested');
    const rated = applyEvent(
      { ...state, rating: 'sent', mode: 'assistant' },
      { id: 5, createdAt: at, type: 'mode', mode: 'closed' },
    );
    expect(rated.rating).toBe('sent');
  });
});
