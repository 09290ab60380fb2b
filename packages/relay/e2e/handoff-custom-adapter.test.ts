import type { HandoffAdapter, InboundEvent } from '@tandem/handoff';
import { describe, expect, it } from 'vitest';
import { relayForTest } from '../test/test-fixture.ts';
import { askForPerson, eventsOf, startConversation } from './handoff-setup.ts';

/** A third-party adapter as someone might write it: it opens tickets and passes on whatever its helpdesk says. */
function helpdeskAdapter(): HandoffAdapter & { nextEvents: InboundEvent[] } {
  const adapter = {
    specificationVersion: 'v1' as const,
    name: 'homegrown',
    nextEvents: [] as InboundEvent[],
    async open() {
      return { adapter: 'homegrown', id: 'T-1' };
    },
    async send() {},
    async close() {},
    async inbound() {
      return { events: adapter.nextEvents };
    },
  };
  return adapter;
}

describe('helpdesk events from any adapter', () => {
  it('never gives the widget an avatar that is not https://, whatever the adapter passed on', async () => {
    const adapter = helpdeskAdapter();
    const relay = relayForTest({ handoff: { adapters: [adapter] } });
    const conversation = await startConversation(relay);
    await askForPerson(relay, conversation);
    adapter.nextEvents = [
      {
        type: 'agent-joined',
        ticketId: 'T-1',
        dedupeKey: 'j1',
        agent: { name: 'Mallory', avatarUrl: 'javascript:alert(document.cookie)' },
      },
      {
        type: 'agent-reply',
        ticketId: 'T-1',
        dedupeKey: 'r1',
        agent: { name: 'Mallory', avatarUrl: 'data:image/svg+xml,<svg onload=alert(1)>' },
        text: 'Hello',
      },
      {
        type: 'agent-reply',
        ticketId: 'T-1',
        dedupeKey: 'r2',
        agent: { name: 'Grace', avatarUrl: 'https://cdn.example/grace.png' },
        text: 'Hi',
      },
    ];
    const response = await relay.request('/v1/webhooks/homegrown', { method: 'POST', body: '{}' });
    expect(response.status).toBe(200);
    const authors = (await eventsOf(relay, conversation.conversationId)).flatMap((event) => {
      if (event.type === 'message' && event.message.role === 'agent') return [event.message.author];
      if (event.type === 'handoff' && event.agent) return [event.agent];
      return [];
    });
    expect(authors).toEqual([
      { name: 'Mallory' },
      { name: 'Mallory' },
      { name: 'Grace', avatarUrl: 'https://cdn.example/grace.png' },
    ]);
  });
});
