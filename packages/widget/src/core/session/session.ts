import type { ConversationMode } from '@tandem/protocol';
import type { ChatMessage, ChatState, HandoffState } from '../chat-state.ts';

export const SESSION_KEY = 'session';
export const TRANSCRIPT_KEY = 'transcript';

/** The conversation this browser is in, as stored. */
export interface StoredSession {
  conversationId: string;
  token: string;
  /** ISO 8601; the relay refuses the token after this. */
  expiresAt: string;
  /** When this token was received, to refresh it at a fraction of its lifetime. */
  issuedAt?: string;
  /** The identified user who started it, if any. */
  userId?: string;
}

/** The transcript and the id of the last event folded into it, always written together. */
export interface StoredTranscript {
  conversationId: string;
  lastEventId: number;
  messages: ChatMessage[];
  mode: ConversationMode;
  handoff: HandoffState;
  rating: ChatState['rating'];
  contact: ChatState['contact'];
  unreadCount: number;
}

/** A session whose token still has a few seconds left to be refreshed; an expired one cannot be. */
export function sessionUsable(session: StoredSession, at = Date.now()): boolean {
  const expiresAt = Date.parse(session.expiresAt);
  return typeof session.conversationId === 'string' && typeof session.token === 'string' && expiresAt - at > 10_000;
}

/** What a reload writes: the state that belongs to the conversation, with the last event folded into it. */
export function toTranscript(conversationId: string, lastEventId: number, state: ChatState): StoredTranscript {
  const { messages, mode, handoff, rating, contact, unreadCount } = state;
  return { conversationId, lastEventId, messages, mode, handoff, rating, contact, unreadCount };
}

/** The stored transcript back as chat state. */
export function fromTranscript(transcript: StoredTranscript): Partial<ChatState> {
  return {
    messages: transcript.messages,
    mode: transcript.mode,
    handoff: transcript.handoff,
    rating: transcript.rating,
    // An address still on its way when the page went away was never confirmed: offer the form again.
    contact: transcript.contact === 'sending' ? 'none' : transcript.contact,
    unreadCount: transcript.unreadCount,
  };
}
