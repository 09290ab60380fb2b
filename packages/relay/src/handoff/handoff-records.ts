import { DEDUPE_KEY_TTL_SECONDS, type HandoffTicket } from '@tandem/handoff';
import { type Message, messageSchema, prioritySchema } from '@tandem/protocol';
import { z } from 'zod';
import type { ConversationStore } from '../store/store.ts';
import { readStoredList, updateStoredList, withStoreLock } from './store-lists.ts';

const ticketSchema = z
  .object({
    adapter: z.string(),
    id: z.string(),
    url: z.string().optional(),
    data: z.record(z.string(), z.string()).optional(),
  })
  .transform(
    ({ adapter, id, url, data }): HandoffTicket => ({
      adapter,
      id,
      ...(url !== undefined ? { url } : {}),
      ...(data !== undefined ? { data } : {}),
    }),
  );

const ticketRecordSchema = z.object({
  ticket: ticketSchema,
  /** Identifies the handoff the ticket was opened for; a later handoff of the same conversation opens a new one. */
  handoffKey: z.string(),
  openedAt: z.string(),
  rule: z.string(),
  closed: z.boolean().default(false),
});
export type TicketRecord = z.output<typeof ticketRecordSchema>;

const pendingHandoffSchema = z.object({
  conversationId: z.string(),
  handoffKey: z.string(),
  request: z.object({
    reasons: z.array(z.string()),
    priority: prioritySchema,
    source: z.enum(['visitor', 'policy']),
    note: z.string().optional(),
    topics: z.array(z.string()).optional(),
  }),
  failedAt: z.string(),
  /** Background passes so far. */
  retries: z.number().int().nonnegative(),
  lastError: z.string(),
});
export type PendingHandoff = z.output<typeof pendingHandoffSchema>;

const PENDING_INDEX_KEY = 'handoff:pending-index';
const OUTBOX_INDEX_KEY = 'handoff:outbox-index';

/**
 * The runner's state, kept in the ConversationStore so a restart or another instance sees it:
 * - `handoff:ticket:<conversation>` → the ticket of the current handoff;
 * - `handoff:conversation:<adapter>:<ticket>` → the conversation, for inbound webhooks;
 * - `handoff:pending:<conversation>` and an index of them → handoffs no adapter took yet;
 * - `handoff:outbox:<conversation>` and an index of them → visitor messages the ticket's adapter did not take yet;
 * - `handoff:inbound:<adapter>:<dedupeKey>` → inbound events already applied.
 */
export class HandoffRecords {
  constructor(
    private readonly store: ConversationStore,
    private readonly ticketTtlSeconds: number,
  ) {}

  async ticketOf(conversationId: string): Promise<TicketRecord | undefined> {
    return parse(ticketRecordSchema, await this.store.getKey(`handoff:ticket:${conversationId}`));
  }

  async saveTicket(conversationId: string, record: TicketRecord): Promise<void> {
    const { ticket } = record;
    await this.store.setKey(
      `handoff:conversation:${ticket.adapter}:${ticket.id}`,
      conversationId,
      this.ticketTtlSeconds,
    );
    await this.store.setKey(`handoff:ticket:${conversationId}`, JSON.stringify(record), this.ticketTtlSeconds);
  }

  async conversationOf(adapter: string, ticketId: string): Promise<string | undefined> {
    return this.store.getKey(`handoff:conversation:${adapter}:${ticketId}`);
  }

  async pendingOf(conversationId: string): Promise<PendingHandoff | undefined> {
    return parse(pendingHandoffSchema, await this.store.getKey(`handoff:pending:${conversationId}`));
  }

  async savePending(pending: PendingHandoff): Promise<void> {
    await this.store.setKey(
      `handoff:pending:${pending.conversationId}`,
      JSON.stringify(pending),
      this.ticketTtlSeconds,
    );
    await this.updateList(PENDING_INDEX_KEY, pending.conversationId, 'add');
  }

  async removePending(conversationId: string): Promise<void> {
    await this.store.deleteKey(`handoff:pending:${conversationId}`);
    await this.updateList(PENDING_INDEX_KEY, conversationId, 'remove');
  }

  /** Conversations whose handoff is kept for retry, oldest first. */
  async pendingIds(): Promise<string[]> {
    return this.readList(PENDING_INDEX_KEY);
  }

  /** Visitor messages waiting to reach the ticket, oldest first. */
  async outboxOf(conversationId: string): Promise<Message[]> {
    return parse(z.array(messageSchema), await this.store.getKey(`handoff:outbox:${conversationId}`)) ?? [];
  }

  /** Adds a message at the end of the conversation's outbox; returns how many were waiting before it. */
  async appendOutbox(conversationId: string, message: Message): Promise<number> {
    let before = 0;
    await this.withLock(`handoff:outbox:${conversationId}`, async () => {
      const waiting = await this.outboxOf(conversationId);
      before = waiting.length;
      await this.writeOutbox(conversationId, [...waiting, message]);
    });
    return before;
  }

  /** Removes the first `count` messages (sent, or no longer sendable); returns how many remain. */
  async dropFromOutbox(conversationId: string, count: number): Promise<number> {
    let remaining = 0;
    await this.withLock(`handoff:outbox:${conversationId}`, async () => {
      const rest = (await this.outboxOf(conversationId)).slice(count);
      remaining = rest.length;
      await this.writeOutbox(conversationId, rest);
    });
    return remaining;
  }

  /** Conversations with visitor messages waiting to reach their ticket. */
  async outboxIds(): Promise<string[]> {
    return this.readList(OUTBOX_INDEX_KEY);
  }

  /** Forgets what the runner kept about a conversation: ticket mapping, kept handoff, queued messages. */
  async forget(conversationId: string): Promise<void> {
    const ticket = await this.ticketOf(conversationId);
    if (ticket) await this.store.deleteKey(`handoff:conversation:${ticket.ticket.adapter}:${ticket.ticket.id}`);
    await this.store.deleteKey(`handoff:ticket:${conversationId}`);
    await this.removePending(conversationId);
    await this.writeOutbox(conversationId, []);
  }

  /** True the first time this inbound event is seen; false for a helpdesk's retry or a replay. */
  async claimInbound(adapter: string, dedupeKey: string): Promise<boolean> {
    const existing = await this.store.claimKey(
      `handoff:inbound:${adapter}:${dedupeKey}`,
      new Date().toISOString(),
      DEDUPE_KEY_TTL_SECONDS,
    );
    return existing === undefined;
  }

  /** Forgets a claimed event whose application failed on our side, so the helpdesk's retry is applied. */
  async releaseInbound(adapter: string, dedupeKey: string): Promise<void> {
    await this.store.deleteKey(`handoff:inbound:${adapter}:${dedupeKey}`);
  }

  // --- internal ---

  private async writeOutbox(conversationId: string, messages: Message[]): Promise<void> {
    if (messages.length === 0) {
      await this.store.deleteKey(`handoff:outbox:${conversationId}`);
      await this.updateList(OUTBOX_INDEX_KEY, conversationId, 'remove');
      return;
    }
    await this.store.setKey(`handoff:outbox:${conversationId}`, JSON.stringify(messages), this.ticketTtlSeconds);
    await this.updateList(OUTBOX_INDEX_KEY, conversationId, 'add');
  }

  private readList(key: string): Promise<string[]> {
    return readStoredList(this.store, key);
  }

  private async updateList(key: string, id: string, change: 'add' | 'remove'): Promise<void> {
    await updateStoredList(this.store, key, change === 'add' ? { add: id } : { remove: id }, {
      ttlSeconds: this.ticketTtlSeconds,
    });
  }

  private withLock(key: string, task: () => Promise<void>): Promise<void> {
    return withStoreLock(this.store, key, task);
  }
}

function parse<Schema extends z.ZodType>(schema: Schema, raw: string | undefined): z.output<Schema> | undefined {
  if (raw === undefined) return undefined;
  const result = schema.safeParse(JSON.parse(raw));
  return result.success ? result.data : undefined;
}
