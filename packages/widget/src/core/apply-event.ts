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
      };
      const index = state.messages.findIndex(
        (existing) =>
          existing.id === message.id ||
          (message.clientMessageId !== undefined && existing.clientMessageId === message.clientMessageId),
      );
      const messages =
        index === -1 ? [...state.messages, incoming] : state.messages.map((m, i) => (i === index ? incoming : m));
      return { ...state, messages };
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
    case 'typing':
      return event.role === 'assistant' ? { ...state, assistantTyping: event.typing } : state;
    case 'mode':
      return { ...state, mode: event.mode };
    case 'error':
      return event.messageId
        ? {
            ...state,
            messages: state.messages.map((m) =>
              m.id === event.messageId && m.status === 'streaming' ? { ...m, status: 'incomplete' } : m,
            ),
          }
        : state;
    case 'handoff':
      return state;
  }
}
