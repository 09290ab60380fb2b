import type { Author, ConversationMode, NewConversationEvent } from '@tandem/protocol';
import { RelayError } from '../errors.ts';
import type { HandoffRequestInput } from '../policy/handoff-request.ts';
import type { ConversationPatch, ConversationRecord, ConversationStore, HandoffState } from '../store/store.ts';

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
 *
 * Every change is one row of `MODE_CHANGES`, applied by `applyModeChange()` as one atomic store transition: the
 * record's new mode and the events that tell the widget of it are stored together or not at all.
 */
export interface ModeChangeInputs {
  'handoff-requested': { request: HandoffRequestInput };
  'agent-joined': { agent: Author };
  'handoff-unavailable': { reason: string };
  'handoff-failed': { reason: string };
  'hand-back': Record<string, never>;
  close: { by: NonNullable<ConversationRecord['closedBy']> };
  reopen: Record<string, never>;
}

export type ModeChangeName = keyof ModeChangeInputs;

export interface ModeChange<Input> {
  /** The modes this change leaves from; the store applies it only from these. */
  from: readonly ConversationMode[];
  /** The mode it leads to; undefined when the mode stays (a failed attempt is noted, nothing more). */
  to: ConversationMode | undefined;
  /** Modes in which the change is already done or moot: asking for it there does nothing. Any other is refused. */
  ignoredIn: readonly ConversationMode[];
  /** What the visitor is told when it is refused: "Cannot <action>: the conversation is closed." */
  action: string;
  patch(current: ConversationRecord, input: Input, now: Date): ConversationPatch;
  events(current: ConversationRecord, input: Input): NewConversationEvent[];
}

const OPEN_MODES: readonly ConversationMode[] = ['assistant', 'waiting', 'human'];

/** The one table of mode changes. */
export const MODE_CHANGES: { [Name in ModeChangeName]: ModeChange<ModeChangeInputs[Name]> } = {
  'handoff-requested': {
    from: ['assistant'],
    to: 'waiting',
    ignoredIn: ['waiting', 'human'],
    action: 'ask for a person',
    patch: (_current, { request }, now) => ({
      mode: 'waiting',
      handoff: {
        status: 'requested',
        reasons: [...request.reasons],
        priority: request.priority,
        source: request.source,
        requestedAt: now.toISOString(),
        ...(request.note !== undefined ? { note: request.note } : {}),
      },
    }),
    events: (_current, { request }) => [
      { type: 'mode', mode: 'waiting' },
      { type: 'handoff', status: 'requested', reasons: [...request.reasons] },
    ],
  },
  'agent-joined': {
    from: ['assistant', 'waiting'],
    to: 'human',
    ignoredIn: ['human'],
    action: 'let a person join',
    patch: (current, { agent }, now) => ({
      mode: 'human',
      handoff: { ...handoffOf(current, now), status: 'connected', agent },
    }),
    events: (_current, { agent }) => [
      { type: 'mode', mode: 'human' },
      { type: 'handoff', status: 'connected', agent },
    ],
  },
  'handoff-unavailable': {
    from: ['waiting'],
    to: 'assistant',
    // Late news of a handoff that was answered, handed back or closed meanwhile changes nothing.
    ignoredIn: ['assistant', 'human', 'closed'],
    action: 'say nobody is available',
    patch: (current, _input, now) => ({
      mode: 'assistant',
      handoff: { ...handoffOf(current, now), status: 'unavailable' },
    }),
    events: (_current, { reason }) => [
      { type: 'handoff', status: 'unavailable', reasons: [reason] },
      { type: 'mode', mode: 'assistant' },
    ],
  },
  'handoff-failed': {
    from: OPEN_MODES,
    to: undefined,
    ignoredIn: ['closed'],
    action: 'note a failed handoff',
    patch: (current, _input, now) => ({ handoff: { ...handoffOf(current, now), status: 'failed' } }),
    events: (_current, { reason }) => [{ type: 'handoff', status: 'failed', reasons: [reason] }],
  },
  'hand-back': {
    from: ['human', 'waiting'],
    to: 'assistant',
    ignoredIn: ['assistant'],
    action: 'hand back to the assistant',
    patch: () => ({ mode: 'assistant' }),
    events: () => [{ type: 'mode', mode: 'assistant' }],
  },
  close: {
    from: OPEN_MODES,
    to: 'closed',
    ignoredIn: ['closed'],
    action: 'close the conversation',
    patch: (_current, { by }, now) => ({ mode: 'closed', closedAt: now.toISOString(), closedBy: by }),
    events: () => [{ type: 'mode', mode: 'closed' }],
  },
  reopen: {
    from: ['closed'],
    to: 'assistant',
    ignoredIn: OPEN_MODES,
    action: 'reopen the conversation',
    patch: () => ({ mode: 'assistant' }),
    events: () => [{ type: 'mode', mode: 'assistant' }],
  },
};

/** How many times a change is decided again after another change won a race for the same conversation. */
const RACE_ATTEMPTS = 5;

/**
 * Applies one row of the table: reads the current mode, then patches and appends in one transition that holds only
 * if the mode is still the one read. When another change won meanwhile, decides again from the mode it left.
 * Returns the updated record, or undefined when the change was moot (`ignoredIn`). Throws IllegalTransitionError
 * from any other mode, and `not_found` for an unknown conversation.
 */
export async function applyModeChange<Name extends ModeChangeName>(
  store: ConversationStore,
  conversationId: string,
  name: Name,
  input: ModeChangeInputs[Name],
  now: () => Date = () => new Date(),
): Promise<ConversationRecord | undefined> {
  const change = MODE_CHANGES[name] as ModeChange<ModeChangeInputs[Name]>;
  for (let attempt = 0; attempt < RACE_ATTEMPTS; attempt++) {
    const current = await store.getConversation(conversationId);
    if (!current) throw new RelayError('not_found', 'No such conversation.');
    if (change.ignoredIn.includes(current.mode)) return undefined;
    if (!change.from.includes(current.mode)) {
      throw new IllegalTransitionError(current.mode, change.to ?? current.mode, change.action);
    }
    const result = await store.transition(conversationId, {
      // Only from the very mode read: the patch was computed from that record.
      ifModeIn: [current.mode],
      patch: change.patch(current, input, now()),
      events: change.events(current, input),
    });
    if (result) return result.record;
  }
  throw new RelayError('conflict', 'The conversation changed too often at once; try again.');
}

export function canTransition(from: ConversationMode, to: ConversationMode): boolean {
  return Object.values(MODE_CHANGES).some((change) => change.to === to && change.from.includes(from));
}

/** The modes a conversation may move to `to` from. */
export function modesLeadingTo(to: ConversationMode): ConversationMode[] {
  return (['assistant', 'waiting', 'human', 'closed'] as const).filter((from) => canTransition(from, to));
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

// --- internal ---

/** A person may join without a request (a reply to a left address): such a handoff starts from a made-up request. */
function handoffOf(current: ConversationRecord, now: Date): HandoffState {
  return (
    current.handoff ?? {
      status: 'requested',
      reasons: ['agent_joined'],
      priority: 'normal',
      source: 'agent',
      requestedAt: now.toISOString(),
    }
  );
}
