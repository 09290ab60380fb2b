import { createWebhookHandoff } from '@tandem/handoff';
import { startFakeWebhookReceiver } from '@tandem/handoff/test';
import { describe, expect, it } from 'vitest';
import { postTo, relayForTest, startConversation } from '../../test/test-fixture.ts';
import { createInboxHandoff } from '../handoff/inbox/inbox-adapter.ts';

const INBOX_TOKEN = 'contact-test-inbox-token-0123456789';
const WEBHOOK_SECRET = 'contact-test-webhook-secret-0123456789';

describe('POST /v1/conversations/:id/contact', () => {
  it('with no helpdesk, keeps the address, says only that, and warns in the log that nothing can deliver it', async () => {
    const relay = relayForTest();
    const conversation = await startConversation(relay);
    const response = await postTo(relay, conversation, 'contact', { email: 'ana@example.com', message: 'Lost parcel' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ delivery: 'kept' });
    expect(await relay.conversations.store.getConversation(conversation.conversationId)).toMatchObject({
      contact: { email: 'ana@example.com', message: 'Lost parcel' },
    });
    expect(relay.logLines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'contact address kept, but no helpdesk is configured to deliver it',
        conversationId: conversation.conversationId,
      }),
    );
  });

  it('with the agent page only, shows the address to staff there and in its API', async () => {
    const relay = relayForTest({
      handoff: { adapters: [createInboxHandoff()], inboxToken: INBOX_TOKEN },
    });
    const conversation = await startConversation(relay);
    const response = await postTo(relay, conversation, 'contact', { email: 'ana@example.com', message: 'Lost parcel' });
    expect(await response.json()).toEqual({ delivery: 'agent-page' });
    await relay.conversations.idle();
    const listed = await relay.request('/v1/agent/conversations', {
      headers: { authorization: `Bearer ${INBOX_TOKEN}` },
    });
    const { conversations } = (await listed.json()) as { conversations: Record<string, unknown>[] };
    expect(conversations).toEqual([
      expect.objectContaining({
        conversationId: conversation.conversationId,
        why: ['left an address for a reply (contact_left)'],
        contact: expect.objectContaining({ email: 'ana@example.com', message: 'Lost parcel' }),
      }),
    ]);
  });

  it('with a helpdesk, sends the address there: a new ticket, or a note on the open one', async () => {
    const helpdesk = await startFakeWebhookReceiver({ secret: WEBHOOK_SECRET });
    try {
      const relay = relayForTest({
        handoff: { adapters: [createWebhookHandoff({ url: helpdesk.url, secret: WEBHOOK_SECRET })] },
      });
      const conversation = await startConversation(relay);
      const response = await postTo(relay, conversation, 'contact', { email: 'ana@example.com' });
      expect(await response.json()).toEqual({ delivery: 'helpdesk' });
      await relay.conversations.idle();
      expect(helpdesk.tickets).toHaveLength(1);
      expect(JSON.stringify(helpdesk.tickets[0]?.context)).toContain('reply to ana@example.com');

      await postTo(relay, conversation, 'contact', { email: 'ana.lind@example.com', message: 'New address' });
      await relay.conversations.idle();
      expect(helpdesk.tickets).toHaveLength(1);
      expect(helpdesk.tickets[0]?.messages.join('\n')).toContain(
        'The customer left an address for a reply: ana.lind@example.com (“New address”)',
      );
    } finally {
      await helpdesk.close();
    }
  });

  it('refuses what is not an email address, keeping nothing', async () => {
    const relay = relayForTest();
    const conversation = await startConversation(relay);
    const response = await postTo(relay, conversation, 'contact', { email: 'not-an-address' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'bad_request', message: expect.stringContaining('email') },
    });
    expect(await relay.conversations.store.getConversation(conversation.conversationId)).not.toHaveProperty('contact');
  });
});
