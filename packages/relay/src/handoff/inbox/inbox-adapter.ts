import type { CloseOptions, HandoffAdapter, HandoffContext, HandoffTicket, OpenOptions } from '@tandem/handoff';
import { HandoffError } from '@tandem/handoff';
import type { Message } from '@tandem/protocol';

const ADAPTER_NAME = 'inbox';

export interface InboxHandoffOptions {
  /** Default "inbox". */
  name?: string;
  /** Handed-off conversations kept; the oldest closed ones go first. Default 500. */
  capacity?: number;
}

/** One handed-off conversation as the agent page shows it. */
export interface InboxEntry {
  ticket: HandoffTicket;
  context: HandoffContext;
  /** Where the conversation was routed (a queue name), when a routing rule said. */
  route?: string;
  openedAt: string;
  /** Visitor messages forwarded after the handoff. */
  forwarded: Message[];
  status: 'open' | 'closed';
  closedReason?: string;
}

/** The local inbox: a HandoffAdapter whose "helpdesk" is the agent page the relay serves at /agent. */
export interface InboxHandoff extends HandoffAdapter {
  /** Marks the adapter for the relay, which then serves the agent page for it. */
  readonly inbox: true;
  /** Newest first. */
  list(): InboxEntry[];
  get(ticketId: string): InboxEntry | undefined;
  /** The agent closed it on the page; the relay then closes the conversation. */
  markClosed(ticketId: string, reason: string): void;
}

/**
 * A helpdesk inside the relay, for development and the demo: handed-off conversations land in this process's
 * memory and a person answers them on the agent page. One process only; for a team, use Slack, Zendesk or email.
 *
 * @example
 * createRelay({ ..., handoff: { adapters: [createInboxHandoff()], development: true } });
 * // then open http://127.0.0.1:8787/agent
 */
export function createInboxHandoff({ name = ADAPTER_NAME, capacity = 500 }: InboxHandoffOptions = {}): InboxHandoff {
  const entries = new Map<string, InboxEntry>();
  const ticketByKey = new Map<string, string>();

  function entryOf(ticket: HandoffTicket): InboxEntry {
    const entry = entries.get(ticket.id);
    if (!entry)
      throw new HandoffError('not_found', `no inbox ticket ${ticket.id}`, { adapter: name, retryable: false });
    return entry;
  }

  function evict() {
    if (entries.size <= capacity) return;
    const oldest = [...entries.values()].sort(
      (a, b) => Number(a.status === 'open') - Number(b.status === 'open') || a.openedAt.localeCompare(b.openedAt),
    )[0];
    if (oldest) entries.delete(oldest.ticket.id);
  }

  return {
    specificationVersion: 'v1',
    name,
    inbox: true,

    async open(context: HandoffContext, options: OpenOptions = {}) {
      const key = options.idempotencyKey ?? context.conversationId;
      const known = ticketByKey.get(key);
      const existing = known ? entries.get(known) : undefined;
      if (existing) return existing.ticket;
      const ticket: HandoffTicket = { adapter: name, id: crypto.randomUUID() };
      entries.set(ticket.id, {
        ticket,
        context: structuredClone(context),
        ...(options.route ? { route: options.route } : {}),
        openedAt: new Date().toISOString(),
        forwarded: [],
        status: 'open',
      });
      ticketByKey.set(key, ticket.id);
      evict();
      return ticket;
    },

    async send(ticket: HandoffTicket, message: Message) {
      const entry = entryOf(ticket);
      if (!entry.forwarded.some((forwarded) => forwarded.id === message.id)) entry.forwarded.push(message);
    },

    async close(ticket: HandoffTicket, options: CloseOptions = {}) {
      const entry = entryOf(ticket);
      entry.status = 'closed';
      entry.closedReason = options.reason ?? 'Closed.';
    },

    list() {
      return [...entries.values()].sort((a, b) => b.openedAt.localeCompare(a.openedAt)).map(copy);
    },

    get(ticketId: string) {
      const entry = entries.get(ticketId);
      return entry ? copy(entry) : undefined;
    },

    markClosed(ticketId: string, reason: string) {
      const entry = entries.get(ticketId);
      if (!entry) return;
      entry.status = 'closed';
      entry.closedReason = reason;
    },
  };
}

export function isInboxHandoff(adapter: HandoffAdapter): adapter is InboxHandoff {
  return (adapter as Partial<InboxHandoff>).inbox === true && typeof (adapter as InboxHandoff).list === 'function';
}

// --- internal ---

function copy(entry: InboxEntry): InboxEntry {
  return structuredClone(entry);
}
