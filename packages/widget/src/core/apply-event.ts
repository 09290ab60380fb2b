import type { ConversationEvent } from '@tandem/protocol';
import type { ChatMessage, ChatState } from './chat-state.ts';

/** Folds one relay event into the chat state. Pure, so a replayed log rebuilds exactly the same transcript. */
export function applyEvent(state: ChatState, event: ConversationEvent): ChatState {
  switch (event.type) {
    case 'message': {
      const { message } = event;
      const incoming: ChatMessage = {
        id: message.id,
        role: message.role,
        text: message.text,
        status: message.role === 'visitor' ? 'sent' : 'complete',
        createdAt: message.createdAt,
        ...(message.clientMessageId ? { clientMessageId: message.clientMessageId } : {}),
        ...(message.author ? { author: message.author } : {}),
        ...(message.citations ? { citations: message.citations } : {}),
        ...(message.notice ? { notice: message.notice } : {}),
        ...(message.attachments && { attachments: message.attachments }),
      };
      const index = state.messages.findIndex(
        (existing) =>
          existing.id === message.id ||
          (message.clientMessageId !== undefined && existing.clientMessageId === message.clientMessageId),
      );
      const messages =
        index === -1 ? [...state.messages, incoming] : state.messages.map((m, i) => (i === index ? incoming : m));
      // Whoever was typing has now said it.
      const typing = state.typing?.role === message.role ? undefined : state.typing;
      return { ...state, messages, typing, assistantTyping: typing?.role === 'assistant' };
    }
    case 'message-delta': {
      const index = state.messages.findIndex((existing) => existing.id === event.messageId);
      if (index === -1) {
        const streaming: ChatMessage = {
          id: event.messageId,
          role: 'assistant',
          text: event.delta,
          status: 'streaming',
          createdAt: event.createdAt,
        };
        return { ...state, messages: [...state.messages, streaming] };
      }
      return {
        ...state,
        messages: state.messages.map((m, i) => (i === index ? { ...m, text: m.text + event.delta } : m)),
      };
    }
    case 'typing': {
      const typing = event.typing
        ? { role: event.role, ...(event.author ? { author: event.author } : {}) }
        : state.typing?.role === event.role
          ? undefined
          : state.typing;
      return { ...state, typing, assistantTyping: typing?.role === 'assistant' };
    }
    case 'mode':
      return {
        ...state,
        mode: event.mode,
        // A closed conversation asks for a rating once; reopening does not ask again.
        rating: event.mode === 'closed' && state.rating === 'none' ? 'requested' : state.rating,
      };
    case 'error':
      return event.messageId
        ? {
            ...state,
            messages: state.messages.map((m) =>
              m.id === event.messageId && m.status === 'streaming' ? { ...m, status: 'incomplete' } : m,
            ),
          }
        : state;
    case 'handoff': {
      const agent = event.agent ?? state.handoff.agent;
      return {
        ...state,
        handoff: {
          status: event.status,
          ...(agent ? { agent } : {}),
          ...(event.expectedWaitSeconds !== undefined ? { expectedWaitSeconds: event.expectedWaitSeconds } : {}),
          ...(event.reasons ? { reasons: event.reasons } : {}),
        },
      };
    }
  }
}

/** An answer, an agent's reply or a notice counts as unread once, when it arrives while the panel is closed. */
export function arrivesUnread(previous: ChatState, event: ConversationEvent): boolean {
  if (event.type !== 'message' || event.message.role === 'visitor' || previous.open) return false;
  const before = previous.messages.find((m) => m.id === event.message.id);
  return !before || before.status === 'streaming';
}
