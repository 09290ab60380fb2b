import type { CloseOptions, HandoffAdapter, HandoffContext, HandoffTicket, OpenOptions } from '@tandem/handoff';
import { HandoffError, handoffContextSchema } from '@tandem/handoff';
import { type Message, messageSchema } from '@tandem/protocol';
import { z } from 'zod';
import { createMemoryStore } from '../../store/memory.ts';
import type { ConversationStore } from '../../store/store.ts';
import { readStoredList, withStoreLock } from '../store-lists.ts';

const ADAPTER_NAME = 'inbox';

export interface InboxHandoffOptions {
  /** Default "inbox". */
  name?: string;
  /**
   * Handed-off conversations kept. When full, the oldest closed ones leave first; open ones are never dropped, so a
   * full inbox of open conversations refuses new handoffs (the chain fails over, or the visitor is told). Default 500.
   */
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

  /**
   * Frees one place when the inbox is full by letting go of the oldest closed (or already expired) entries. Open
   * conversations are never dropped: with every place taken by one, the inbox refuses, so the chain fails over to the
   * next adapter or the visitor is told that nobody is available, instead of waiting for a person who never sees it.
   */
  async function makeRoom(ids: string[]): Promise<string[]> {
    if (ids.length < capacity) return ids;
    const kept: string[] = [];
    let excess = ids.length - capacity + 1;
    for (const ticketId of ids) {
      const entry = excess > 0 ? await read(ticketId) : undefined;
      if (excess > 0 && entry?.status !== 'open') {
        await store.deleteKey(entryKey(ticketId));
        excess--;
        continue;
      }
      kept.push(ticketId);
    }
    if (excess > 0) {
      throw new HandoffError('unavailable', `the inbox is full: ${capacity} conversations wait for a person`, {
        adapter: name,
        retryable: false,
      });
    }
    return kept;
  }

  return {
    specificationVersion: 'v1',
    name,
    inbox: true,

    async open(context: HandoffContext, options: OpenOptions = {}) {
      const key = `inbox:${name}:open:${options.idempotencyKey ?? context.conversationId}`;
      // Under the index lock: the idempotency claim, the room check and the new entry happen together, so two racing
      // opens of one handoff agree on a single ticket and a full inbox never claims a ticket it did not keep.
      return withStoreLock(store, indexKey, async () => {
        const existing = await store.getKey(key);
        if (existing !== undefined) return { adapter: name, id: existing };
        const ids = await makeRoom(await readStoredList(store, indexKey));
        const ticket: HandoffTicket = { adapter: name, id: crypto.randomUUID() };
        await write({
          ticket,
          context: handoffContextSchema.parse(context),
          ...(options.route ? { route: options.route } : {}),
          openedAt: new Date().toISOString(),
          forwarded: [],
          status: 'open',
        });
        await store.setKey(indexKey, JSON.stringify([...ids, ticket.id]), retentionSeconds);
        await store.setKey(key, ticket.id, retentionSeconds);
        return ticket;
      });
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
