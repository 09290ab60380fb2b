import type { Message } from '@tandem/protocol';
import { type ChatMessage, type ChatState, initialChatState } from './chat-state.ts';
import type { OutboxEntry } from './outbox/outbox.ts';

/**
 * The visitor's own messages before the relay has echoed them: shown at once as 'sending', then marked
 * 'sent' or 'failed'. Pure state transitions, so every tab applies the same change from the same tab message.
 */

/** Shows a queued message once, however many times it is announced (this tab, another tab, a restore). */
export function withQueued(state: ChatState, entry: OutboxEntry): ChatState {
  if (state.messages.some((m) => m.clientMessageId === entry.clientMessageId)) return state;
  const pending: ChatMessage = {
    id: entry.clientMessageId,
    clientMessageId: entry.clientMessageId,
    role: 'visitor',
    text: entry.text,
    status: 'sending',
    createdAt: entry.createdAt,
    ...(entry.attachments && { attachments: entry.attachments }),
  };
  return { ...state, messages: [...state.messages, pending] };
}

/** Takes the relay's id and time; a message the stream already delivered is left as it is. */
export function withDelivered(state: ChatState, clientMessageId: string, message: Message): ChatState {
  return withStatusChange(state, clientMessageId, (current) =>
    current.status === 'sending' || current.status === 'failed'
      ? { ...current, id: message.id, createdAt: message.createdAt, status: 'sent', attachments: message.attachments }
      : current,
  );
}

export function withStatus(
  state: ChatState,
  clientMessageId: string,
  status: 'sending' | 'failed',
  error?: string,
): ChatState {
  return withStatusChange(state, clientMessageId, (current) => ({ ...current, status, error }));
}

/**
 * The conversation is gone (expired, deleted, another user): its transcript goes, but what the visitor typed
 * and has not yet been delivered stays on screen, since it is still queued for the next conversation.
 */
export function withoutConversation(state: ChatState): ChatState {
  return {
    ...state,
    mode: initialChatState.mode,
    handoff: initialChatState.handoff,
    typing: undefined,
    assistantTyping: false,
    unreadCount: 0,
    rating: initialChatState.rating,
    contact: initialChatState.contact,
    messages: state.messages.filter((m) => m.role === 'visitor' && m.status === 'sending'),
  };
}

function withStatusChange(
  state: ChatState,
  clientMessageId: string,
  update: (message: ChatMessage) => ChatMessage,
): ChatState {
  return {
    ...state,
    messages: state.messages.map((m) => (m.clientMessageId === clientMessageId ? update(m) : m)),
  };
}
