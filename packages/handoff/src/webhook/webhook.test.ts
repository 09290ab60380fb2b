import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { message, sampleContext } from '../../test/fakes/fixtures.ts';
import { type FakeWebhookReceiver, startFakeWebhookReceiver } from '../../test/fakes/webhook-fake.ts';
import { testHandoffAdapter } from '../../test/index.ts';
import { HandoffError } from '../errors.ts';
import { signWebhook, verifyWebhook } from './signature.ts';
import { createWebhookHandoff } from './webhook.ts';

const SECRET = 'webhook-secret-0123456789abcdef-0123456789';

testHandoffAdapter({
  name: 'webhook',
  async helpdesk() {
    const receiver = await startFakeWebhookReceiver({ secret: SECRET });
    let eventCount = 0;
    return {
      receiver,
      signatureHeaders: ['tandem-signature'],
      tickets: () =>
        receiver.tickets.map((ticket) => ({ id: ticket.id, messages: ticket.messages, closed: ticket.closed })),
      loseNextOpenResponse: () => receiver.loseNextOpenResponse(),
      agentReply: (ticket, reply, signing) =>
        receiver.inboundRequest(
          {
            id: `evt_${++eventCount}`,
            type: 'agent-reply',
            ticketId: ticket.id,
            agent: { name: reply.agentName },
            text: reply.text,
          },
          signing,
        ),
      closeTicket: (ticket, signing) =>
        receiver.inboundRequest({ id: `evt_${++eventCount}`, type: 'closed', ticketId: ticket.id }, signing),
      close: () => receiver.close(),
    };
  },
  attachments: {
    async received(helpdesk, ticket) {
      const held = helpdesk.receiver.tickets.find((candidate) => candidate.id === ticket.id);
      const files = [];
      // The receiver gets links: fetching each signed URL is what a real helpdesk does with them.
      for (const attachment of held?.attachments ?? []) {
        const response = await fetch(attachment.downloadUrl ?? 'about:blank');
        files.push({ name: attachment.name, bytes: new Uint8Array(await response.arrayBuffer()) });
      }
      return files;
    },
    agentReplyWithFile: (helpdesk, ticket, reply) =>
      helpdesk.receiver.inboundRequest({
        id: `evt_file_${ticket.id}`,
        type: 'agent-reply',
        ticketId: ticket.id,
        agent: { name: reply.agentName },
        text: reply.text,
        attachments: [
          {
            name: reply.file.name,
            contentType: reply.file.contentType,
            size: reply.file.bytes.byteLength,
            url: helpdesk.receiver.hostFile(reply.file.bytes, reply.file.contentType),
          },
        ],
      }),
  },
  createAdapter: (helpdesk, { now }) =>
    createWebhookHandoff({ url: helpdesk.receiver.url, secret: SECRET, ...(now === undefined ? {} : { now }) }),
});

describe('the webhook signature format', () => {
  it('is t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', async () => {
    // Computed independently: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac 'secret'
    expect(await signWebhook('secret', 1700000000, '{"a":1}')).toBe(
      't=1700000000,v1=49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686',
    );
  });

  it('matches the example in docs/adapters/webhook.md', async () => {
    const body = '{"id":"evt_83","type":"closed","ticketId":"T-1"}';
    expect(await signWebhook('an-example-secret-of-at-least-32-chars', 1767603600, body)).toBe(
      't=1767603600,v1=4a264632f0e6a987d78e8f6f093793db2a73f6bff23956ab67489d571c648bd7',
    );
  });

  it('refuses malformed and stale headers', async () => {
    const header = await signWebhook('secret', 1700000000, 'body');
    expect(await verifyWebhook('secret', header, 'body', { nowMs: 1700000000_000, toleranceSeconds: 300 })).toEqual({
      valid: true,
      timestampSeconds: 1700000000,
    });
    expect(
      await verifyWebhook('secret', header, 'body', { nowMs: 1700000301_000, toleranceSeconds: 300 }),
    ).toMatchObject({ valid: false });
    expect(
      await verifyWebhook('secret', 'v1=abc', 'body', { nowMs: 1700000000_000, toleranceSeconds: 300 }),
    ).toMatchObject({ valid: false, reason: 'a malformed Tandem-Signature header' });
  });
});

describe('the generic webhook adapter', () => {
  let receiver: FakeWebhookReceiver;
  beforeEach(async () => {
    receiver = await startFakeWebhookReceiver({ secret: SECRET });
  });
  afterEach(() => receiver.close());

  it("posts the whole context packet and uses the receiver's ticket id and link", async () => {
    const adapter = createWebhookHandoff({ url: receiver.url, secret: SECRET });
    const ticket = await adapter.open(sampleContext(), { route: 'billing' });
    expect(ticket).toEqual({ adapter: 'webhook', id: 'T-1', url: 'https://helpdesk.example/tickets/T-1' });
    const context = receiver.tickets[0]?.context;
    expect(context).toMatchObject({
      conversationId: 'c_7f3a9',
      priority: 'high',
      reasons: ['negative_sentiment', 'topic:refund'],
      tier: 'vip',
    });
    expect(context?.text).toEqual(expect.stringContaining('Sentiment: -0.1 → -0.4 → -0.8 (worsening)'));
  });

  it('is refused by a receiver that holds another secret, as an error a retry cannot fix', async () => {
    const adapter = createWebhookHandoff({ url: receiver.url, secret: 'another-secret-0123456789abcdef-0123' });
    const error = await adapter.open(sampleContext()).catch((caught: unknown) => caught);
    expect(HandoffError.isInstance(error) && { code: error.code, retryable: error.retryable }).toEqual({
      code: 'auth_failed',
      retryable: false,
    });
    expect(receiver.tickets).toEqual([]);
    expect(receiver.refused).toEqual([{ reason: 'the signature does not match' }]);
  });

  it('sends a visitor message once even when the send is retried', async () => {
    const adapter = createWebhookHandoff({ url: receiver.url, secret: SECRET });
    const ticket = await adapter.open(sampleContext());
    await adapter.send(ticket, message('m9', 'visitor', 'Still waiting'));
    await adapter.send(ticket, message('m9', 'visitor', 'Still waiting'));
    expect(receiver.tickets[0]?.messages).toEqual(['Still waiting']);
  });

  it('accepts a batch of events and refuses a signed body that is not an event', async () => {
    const adapter = createWebhookHandoff({ url: receiver.url, secret: SECRET });
    const batch = await adapter.inbound?.(
      await receiver.inboundRequest({
        events: [
          { id: 'e1', type: 'agent-joined', ticketId: 'T-1', agent: { name: 'Grace' } },
          { id: 'e2', type: 'closed', ticketId: 'T-1' },
        ],
      }),
    );
    expect(batch?.events.map((event) => event.type)).toEqual(['agent-joined', 'closed']);
    const error = await adapter
      .inbound?.(await receiver.inboundRequest({ id: 'e3', type: 'delete-everything' }))
      .catch((caught: unknown) => caught);
    expect(HandoffError.isInstance(error) && error.code).toBe('bad_request');
  });

  it("takes an agent's avatar only from an https:// address", async () => {
    const adapter = createWebhookHandoff({ url: receiver.url, secret: SECRET });
    const agent = (avatarUrl: string) => ({ name: 'Grace', avatarUrl });
    const joined = await adapter.inbound?.(
      await receiver.inboundRequest({
        id: 'e1',
        type: 'agent-joined',
        ticketId: 'T-1',
        agent: agent('https://cdn.example/g.png'),
      }),
    );
    expect(joined?.events[0]).toMatchObject({ agent: { avatarUrl: 'https://cdn.example/g.png' } });
    for (const avatarUrl of ['javascript:alert(1)', 'data:image/svg+xml,<svg/>', 'vbscript:msgbox(1)']) {
      const error = await adapter
        .inbound?.(
          await receiver.inboundRequest({ id: 'e2', type: 'agent-joined', ticketId: 'T-1', agent: agent(avatarUrl) }),
        )
        .catch((caught: unknown) => caught);
      expect(HandoffError.isInstance(error) && error.code, avatarUrl).toBe('bad_request');
    }
  });

  it('refuses a short secret at creation', () => {
    expect(() => createWebhookHandoff({ url: receiver.url, secret: 'short' })).toThrow(
      /secret: must be at least 32 characters/,
    );
  });
});
