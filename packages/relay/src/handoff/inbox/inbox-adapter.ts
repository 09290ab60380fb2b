import type { CloseOptions, HandoffAdapter, HandoffContext, HandoffTicket, OpenOptions } from '@tandem/handoff';
import { HandoffError, handoffContextSchema } from '@tandem/handoff';
import { type Message, messageSchema } from '@tandem/protocol';
import { z } from 'zod';
import { createMemoryStore } from '../../store/memory.ts';
import type { ConversationStore } from '../../store/store.ts';
import { readStoredList, updateStoredList, withStoreLock } from '../store-lists.ts';

const ADAPTER_NAME = 'inbox';

export interface InboxHandoffOptions {
  /** Default "inbox". */
  name?: string;
  /** Handed-off conversations listed; older ones leave the list (and the store) first. Default 500. */
  capacity?: number;
  /** How long an entry is kept, in seconds. Default 30 days. */
  retentionSeconds?: number;
  /**
   * Where entries live. Default: the relay's own store (given by `createRelay`), so every instance of a relay,
   * every Workers isolate, and a restarted process see the same inbox.
   */
  store?: ConversationStore;
}

const inboxEntrySchema = z.object({
  ticket: z.object({ adapter: z.string(), id: z.string() }),
  context: handoffContextSchema,
  route: z.string().optional(),
  openedAt: z.string(),
  forwarded: z.array(messageSchema),
  status: z.enum(['open', 'closed']),
  closedReason: z.string().optional(),
});

/** One handed-off conversation as the agent page shows it. */
export type InboxEntry = z.output<typeof inboxEntrySchema>;

/** The local inbox: a HandoffAdapter whose "helpdesk" is the agent page the relay serves at /agent. */
export interface InboxHandoff extends HandoffAdapter {
  /** Marks the adapter for the relay, which then serves the agent page for it. */
  readonly inbox: true;
  /** Newest first. */
  list(): Promise<InboxEntry[]>;
  get(ticketId: string): Promise<InboxEntry | undefined>;
  /** The agent closed it on the page; the relay then closes the conversation. */
  markClosed(ticketId: string, reason: string): Promise<void>;
  /** Keeps entries in this store unless the options named one; `createRelay` passes its own. */
  useStore(store: ConversationStore): void;
}

/**
 * A helpdesk inside the relay, for development, the demo and small teams: handed-off conversations are kept in the
 * relay's store and a person answers them on the agent page.
 *
 * @example
 * createRelay({ ..., handoff: { adapters: [createInboxHandoff()], development: true } });
 * // then open http://127.0.0.1:8787/agent
 */
export function createInboxHandoff({
  name = ADAPTER_NAME,
  capacity = 500,
  retentionSeconds = 30 * 24 * 60 * 60,
  store: givenStore,
}: InboxHandoffOptions = {}): InboxHandoff {
  let store: ConversationStore = givenStore ?? createMemoryStore();
  const indexKey = `inbox:${name}:index`;
  const entryKey = (ticketId: string) => `inbox:${name}:entry:${ticketId}`;

  async function read(ticketId: string): Promise<InboxEntry | undefined> {
    const raw = await store.getKey(entryKey(ticketId));
    if (raw === undefined) return undefined;
    const result = inboxEntrySchema.safeParse(JSON.parse(raw));
    return result.success ? result.data : undefined;
  }

  async function write(entry: InboxEntry): Promise<void> {
    await store.setKey(entryKey(entry.ticket.id), JSON.stringify(entry), retentionSeconds);
  }

  /** Read-change-write of one entry under its lock, so a forwarded message and a close never undo each other. */
  async function change(ticket: HandoffTicket, apply: (entry: InboxEntry) => void): Promise<void> {
    await withStoreLock(store, entryKey(ticket.id), async () => {
      const entry = await read(ticket.id);
      if (!entry) {
        throw new HandoffError('not_found', `no inbox ticket ${ticket.id}`, { adapter: name, retryable: false });
      }
      apply(entry);
      await write(entry);
    });
  }

  return {
    specificationVersion: 'v1',
    name,
    inbox: true,

    async open(context: HandoffContext, options: OpenOptions = {}) {
      const ticket: HandoffTicket = { adapter: name, id: crypto.randomUUID() };
      // The claim is atomic: two racing opens of one handoff agree on a single ticket.
      const key = `inbox:${name}:open:${options.idempotencyKey ?? context.conversationId}`;
      const existing = await store.claimKey(key, ticket.id, retentionSeconds);
      if (existing !== undefined) return { adapter: name, id: existing };
      await write({
        ticket,
        context: handoffContextSchema.parse(context),
        ...(options.route ? { route: options.route } : {}),
        openedAt: new Date().toISOString(),
        forwarded: [],
        status: 'open',
      });
      const dropped = await updateStoredList(
        store,
        indexKey,
        { add: ticket.id },
        { ttlSeconds: retentionSeconds, keepLast: capacity },
      );
      for (const ticketId of dropped) await store.deleteKey(entryKey(ticketId));
      return ticket;
    },

    async send(ticket: HandoffTicket, message: Message) {
      await change(ticket, (entry) => {
        if (!entry.forwarded.some((forwarded) => forwarded.id === message.id)) entry.forwarded.push(message);
      });
    },

    async close(ticket: HandoffTicket, options: CloseOptions = {}) {
      await change(ticket, (entry) => {
        entry.status = 'closed';
        entry.closedReason = options.reason ?? 'Closed.';
      });
    },

    async list() {
      const ids = await readStoredList(store, indexKey);
      const entries = await Promise.all(ids.map((ticketId) => read(ticketId)));
      return entries.filter((entry): entry is InboxEntry => entry !== undefined).reverse();
    },

    get: read,

    async markClosed(ticketId: string, reason: string) {
      await change({ adapter: name, id: ticketId }, (entry) => {
        entry.status = 'closed';
        entry.closedReason = reason;
      });
    },

    useStore(relayStore: ConversationStore) {
      if (!givenStore) store = relayStore;
    },
  };
}

export function isInboxHandoff(adapter: HandoffAdapter): adapter is InboxHandoff {
  return (adapter as Partial<InboxHandoff>).inbox === true && typeof (adapter as InboxHandoff).list === 'function';
}
