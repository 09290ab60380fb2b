import type { Author, Citation, ConversationMode, HandoffStatus, MessageRole, Notice } from '@tandem/protocol';

export type ChatMessageStatus =
  /** A visitor message on its way to the relay (or waiting in the outbox while offline). */
  | 'sending'
  | 'sent'
  | 'failed'
  /** An assistant answer still arriving. */
  | 'streaming'
  | 'complete'
  /** An answer that was cut off: shown, but never as if it were whole. */
  | 'incomplete';

/**
 * A picture or document on a message. The visitor's own carries `clientAttachmentId` (its bytes wait in storage
 * under `file:<clientAttachmentId>` until uploaded); once the relay has it, `id` and `url` are the relay's.
 */
export interface ChatAttachment {
  name: string;
  contentType: string;
  size: number;
  clientAttachmentId?: string;
  id?: string;
  /** A relay path (`/v1/conversations/:id/attachments/:attachmentId`), read with the conversation's token. */
  url?: string;
  width?: number | undefined;
  height?: number | undefined;
}

export interface ChatMessage {
  id: string;
  role: MessageRole;
  text: string;
  status: ChatMessageStatus;
  createdAt: string;
  clientMessageId?: string;
  author?: Author;
  citations?: Citation[];
  /** On system messages: what the relay said as a code, which the UI words in the widget's own strings. */
  notice?: Notice;
  attachments?: ChatAttachment[] | undefined;
  /** Why the relay refused a visitor message for good (its error code, e.g. `attachment_too_large`). */
  error?: string | undefined;
}

export interface HandoffState {
  /** 'none' until a handoff is requested. */
  status: HandoffStatus | 'none';
  agent?: Author;
  expectedWaitSeconds?: number;
  reasons?: string[];
}

/**
 * Everything the UI renders. The UI never changes it directly: it calls ChatController methods
 * (send, retry, requestHandoff, sendContact, rate, open, close, toggle, setLauncherVisible, setLocale, markRead).
 * Additive fields are marked "Added by the core"; nothing here is ever removed or renamed.
 */
export interface ChatState {
  messages: ChatMessage[];
  connection: 'idle' | 'connecting' | 'open' | 'reconnecting' | 'offline';
  mode: ConversationMode;
  handoff: HandoffState;
  /** Who is typing right now, if anyone. */
  typing: { role: 'assistant' | 'agent'; author?: Author } | undefined;
  /** Kept for the first slice; equals typing?.role === 'assistant'. */
  assistantTyping: boolean;
  /** Messages from the assistant, agents or system that arrived while the panel was closed. */
  unreadCount: number;
  open: boolean;
  launcherVisible: boolean;
  /** 'requested' once the conversation closed and the visitor has not rated yet. */
  rating: 'none' | 'requested' | 'sent';
  /** The "nobody is available, leave your email" form: sent once the address reached the relay. */
  /** `sent`: the relay handed the address to the team's helpdesk; `saved`: the relay only keeps it for the team. */
  contact: 'none' | 'sending' | 'sent' | 'saved' | 'failed';
  locale: string;
  /**
   * Added by the core (C1): false until the stored session and transcript have been read, so the UI can
   * avoid flashing an empty conversation on reload.
   */
  ready: boolean;
  /** Added by the core (C1): true while this browser is offline (navigator.onLine false). */
  offline: boolean;
}

export const initialChatState: ChatState = {
  messages: [],
  connection: 'idle',
  mode: 'assistant',
  handoff: { status: 'none' },
  typing: undefined,
  assistantTyping: false,
  unreadCount: 0,
  open: false,
  launcherVisible: true,
  rating: 'none',
  contact: 'none',
  locale: 'en',
  ready: false,
  offline: false,
};
