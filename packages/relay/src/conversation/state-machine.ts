import type { ConversationMode } from '@tandem/protocol';
import { RelayError } from '../errors.ts';

/**
 * Who is answering a conversation, and how that may change:
 *
 * ```
 * assistant ──request handoff──▶ waiting ──agent joins──▶ human ──close──▶ closed
 *     ▲  ▲                         │                        │
 *     │  └──nobody available───────┘                        │
 *     └─────────────────hand back───────────────────────────┘
 * ```
 *
 * - assistant → human: an agent may answer directly (a reply on a ticket opened from a left contact address).
 * - any open mode → closed: the visitor, an agent or the system closes.
 * - closed → assistant: only when the visitor writes again. Closing is final for the people involved (the ticket
 *   is done, the rating asked), but a visitor who returns with a new question should get an answer rather than a
 *   dead end; a new question starts with the assistant, and a person again only through a new handoff.
 */
const TRANSITIONS: Record<ConversationMode, readonly ConversationMode[]> = {
  assistant: ['waiting', 'human', 'closed'],
  waiting: ['human', 'assistant', 'closed'],
  human: ['assistant', 'closed'],
  closed: ['assistant'],
};

export function canTransition(from: ConversationMode, to: ConversationMode): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The modes a conversation may move to `to` from. */
export function modesLeadingTo(to: ConversationMode): ConversationMode[] {
  return (Object.keys(TRANSITIONS) as ConversationMode[]).filter((from) => canTransition(from, to));
}

/** A change of mode the state machine does not allow, such as handing back a closed conversation. */
export class IllegalTransitionError extends RelayError {
  readonly from: ConversationMode;
  readonly to: ConversationMode;

  constructor(from: ConversationMode, to: ConversationMode, action: string) {
    super('conflict', `Cannot ${action}: the conversation is ${from}.`);
    this.name = 'IllegalTransitionError';
    this.from = from;
    this.to = to;
  }
}
