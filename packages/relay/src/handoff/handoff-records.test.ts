import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory.ts';
import { HandoffRecords } from './handoff-records.ts';

const request = { reasons: ['visitor_request'], priority: 'normal' as const, source: 'visitor' as const };

function pending(conversationId: string) {
  return {
    conversationId,
    handoffKey: conversationId,
    request,
    failedAt: new Date(0).toISOString(),
    retries: 0,
    lastError: 'down',
  };
}

describe('handoff records in the store', () => {
  it('keeps every handoff when many are kept at once, as several instances would', async () => {
    const store = createMemoryStore();
    const instances = [
      new HandoffRecords(store, 3600),
      new HandoffRecords(store, 3600),
      new HandoffRecords(store, 3600),
    ];
    const ids = Array.from({ length: 12 }, (_, index) => `conversation-${index}`);
    await Promise.all(ids.map((id, index) => instances[index % 3]?.savePending(pending(id))));
    expect((await instances[0]?.pendingIds())?.sort()).toEqual([...ids].sort());

    await Promise.all(ids.slice(0, 6).map((id, index) => instances[index % 3]?.removePending(id)));
    expect((await instances[1]?.pendingIds())?.sort()).toEqual(ids.slice(6).sort());
    expect(await instances[2]?.pendingOf('conversation-0')).toBeUndefined();
    expect(await instances[2]?.pendingOf('conversation-7')).toMatchObject({ lastError: 'down' });
  });

  it('applies an inbound event once per dedupe key, and again only after a release', async () => {
    const records = new HandoffRecords(createMemoryStore(), 3600);
    expect(await records.claimInbound('slack', 'event:Ev1')).toBe(true);
    expect(await records.claimInbound('slack', 'event:Ev1')).toBe(false);
    expect(await records.claimInbound('zendesk', 'event:Ev1')).toBe(true);
    await records.releaseInbound('slack', 'event:Ev1');
    expect(await records.claimInbound('slack', 'event:Ev1')).toBe(true);
  });

  it('maps a ticket to its conversation and back', async () => {
    const records = new HandoffRecords(createMemoryStore(), 3600);
    const ticket = { adapter: 'slack', id: 'C0HANDOFF:1700000000.000100', data: { channel: 'C0HANDOFF' } };
    await records.saveTicket('conversation-1', {
      ticket,
      handoffKey: 'k',
      openedAt: new Date(0).toISOString(),
      rule: 'default',
      closed: false,
    });
    expect(await records.conversationOf('slack', ticket.id)).toBe('conversation-1');
    expect(await records.conversationOf('zendesk', ticket.id)).toBeUndefined();
    expect((await records.ticketOf('conversation-1'))?.ticket).toEqual(ticket);
  });
});
