import type { Author, Citation, ConversationMode, MessageRole } from '@tandem/protocol';

export type ChatMessageStatus =
  /** A visitor message on its way to the relay. */
  | 'sending'
  | 'sent'
  | 'failed'
  /** An assistant answer still arriving. */
  | 'streaming'
  | 'complete'
  /** An answer that was cut off: shown, but never as if it were whole. */
  | 'incomplete';

export interface ChatMessage {
  id: string;
  role: MessageRole;
  text: string;
  status: ChatMessageStatus;
  createdAt: string;
  clientMessageId?: string;
  author?: Author;
  citations?: Citation[];
}

export interface ChatState {
  messages: ChatMessage[];
  connection: 'idle' | 'connecting' | 'open' | 'reconnecting';
  mode: ConversationMode;
  assistantTyping: boolean;
}

export const initialChatState: ChatState = {
  messages: [],
  connection: 'idle',
  mode: 'assistant',
  assistantTyping: false,
};
