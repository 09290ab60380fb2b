import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { message, sampleContext } from '../../test/fakes/fixtures.ts';
import { type FakeZendesk, startFakeZendesk } from '../../test/fakes/zendesk-fake.ts';
import { testHandoffAdapter } from '../../test/index.ts';
import { HandoffError } from '../errors.ts';
import type { HandoffAdapter } from '../handoff-adapter.ts';
import { createZendeskHandoff, type ZendeskHandoffOptions } from './index.ts';
import { signZendeskWebhook, verifyZendeskSignature } from './signature.ts';

const WEBHOOK_SECRET = 'zendesk-webhook-signing-secret';
const TOKEN_AUTH = { email: 'bot@shop.example', apiToken: 'zendesk-api-token' };

testHandoffAdapter({
  name: 'zendesk',
  async helpdesk() {
    const zendesk = await startFakeZendesk({ auth: TOKEN_AUTH, webhookSecret: WEBHOOK_SECRET });
    return {
      zendesk,
      signatureHeaders: ['x-zendesk-webhook-signature', 'x-zendesk-webhook-signature-timestamp'],
      tickets: () =>
        zendesk.tickets.map((ticket) => ({
          id: String(ticket.id),
          messages: ticket.comments.slice(1).map((comment) => comment.body),
          closed: ticket.status === 'solved' || ticket.status === 'closed',
        })),
      loseNextOpenResponse: () => zendesk.failNext('POST /api/v2/tickets', { kind: 'lose-response' }),
      agentReply: (ticket, reply, signing) =>
        zendesk.agentComment(Number(ticket.id), { text: reply.text, agentName: reply.agentName }, signing),
      closeTicket: (ticket, signing) => zendesk.setStatus(Number(ticket.id), 'solved', signing),
      close: () => zendesk.close(),
    };
  },
  attachments: {
    async received(helpdesk, ticket) {
      const held = helpdesk.zendesk.tickets.find((candidate) => String(candidate.id) === ticket.id);
      return (held?.comments ?? [])
        .flatMap((comment) => comment.attachments)
        .map((file) => ({ name: file.fileName, bytes: file.bytes }));
    },
    agentReplyWithFile: (helpdesk, ticket, reply) =>
      helpdesk.zendesk.agentComment(Number(ticket.id), {
        text: reply.text,
        agentName: reply.agentName,
        files: [{ name: reply.file.name, contentType: reply.file.contentType, bytes: reply.file.bytes }],
      }),
  },
  createAdapter: (helpdesk, { now }) =>
    createZendeskHandoff({
      baseURL: helpdesk.zendesk.url,
      auth: TOKEN_AUTH,
      webhookSecret: WEBHOOK_SECRET,
      ...(now === undefined ? {} : { now }),
    }),
});

describe('the Zendesk webhook signature', () => {
  it('is base64(HMAC-SHA256(secret, timestamp + body)) as Zendesk documents it', async () => {
    // Zendesk's test-webhook secret; the expected value computed independently with
    // printf '%s' "$timestamp$body" | openssl dgst -sha256 -hmac "$secret" -binary | base64
    const secret = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==';
    const timestamp = '2026-11-22T10:00:00Z';
    const body = '{"ticket_id":"35436","status":"Solved"}';
    expect(await signZendeskWebhook(secret, timestamp, body)).toBe('sac+05nN6tYP+VlK2Yip4jkt1rW6i65SwT35SDZH2+Q=');
    expect(await verifyZendeskSignature(secret, timestamp, body, 'sac+05nN6tYP+VlK2Yip4jkt1rW6i65SwT35SDZH2+Q=')).toBe(
      true,
    );
    expect(await verifyZendeskSignature(secret, timestamp, body, 'not base64!')).toBe(false);
  });
});

describe('the Zendesk adapter', () => {
  let zendesk: FakeZendesk;
  let adapter: HandoffAdapter;
  const create = (overrides: Partial<ZendeskHandoffOptions> = {}) =>
    createZendeskHandoff({ baseURL: zendesk.url, auth: TOKEN_AUTH, webhookSecret: WEBHOOK_SECRET, ...overrides });

  beforeEach(async () => {
    zendesk = await startFakeZendesk({ auth: TOKEN_AUTH, webhookSecret: WEBHOOK_SECRET });
    adapter = create({
      customFields: [
        { id: 360001, from: 'tier' },
        { id: 360002, value: 'chat' },
        { id: 360003, from: 'sentiment' },
      ],
    });
  });
  afterEach(() => zendesk.close());

  it('creates a ticket with requester, subject, private context comment, priority, tags and custom fields', async () => {
    const ticket = await adapter.open(sampleContext(), { route: 'group:2001' });
    const [held] = zendesk.tickets;
    expect(ticket).toEqual({
      adapter: 'zendesk',
      id: String(held?.id),
      url: `${zendesk.url}/agent/tickets/${held?.id}`,
      data: { requesterId: String(held?.requesterId) },
    });
    expect(zendesk.users.get(held?.requesterId ?? 0)).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com' });
    expect(held).toMatchObject({
      subject: 'Chat handoff: Parcel #4411 is two weeks late; the customer wants a refund, not another tracking link.',
      priority: 'high',
      tags: ['tandem', 'escalation_negative_sentiment', 'escalation_topic_refund', 'tier_vip'],
      externalId: 'tandem:c_7f3a9',
      groupId: 2001,
      customFields: [
        { id: 360001, value: 'vip' },
        { id: 360002, value: 'chat' },
        { id: 360003, value: '-0.1 → -0.4 → -0.8 (worsening)' },
      ],
    });
    expect(held?.comments[0]).toMatchObject({ public: false });
    expect(held?.comments[0]?.htmlBody).toContain('I want a refund &lt;now&gt;!');
  });

  it('refuses a route that is not a Zendesk group, creating nothing', async () => {
    const error = await adapter.open(sampleContext(), { route: 'C0VIP' }).catch((caught: unknown) => caught);
    expect(HandoffError.isInstance(error) && { code: error.code, retryable: error.retryable }).toEqual({
      code: 'bad_request',
      retryable: false,
    });
    expect(zendesk.tickets).toEqual([]);
  });

  it('maps priorities as configured', async () => {
    await create({ priorityMap: { high: 'urgent' } }).open(sampleContext());
    expect(zendesk.tickets[0]?.priority).toBe('urgent');
  });

  it('adds later visitor messages as public comments by the requester', async () => {
    const ticket = await adapter.open(sampleContext());
    await adapter.send(ticket, message('m4', 'visitor', 'Any news?'));
    const held = zendesk.tickets[0];
    expect(held?.comments[1]).toMatchObject({ body: 'Any news?', public: true, authorId: held?.requesterId });
  });

  it('finds the requester from Zendesk when the stored ticket has no requester id', async () => {
    const ticket = await adapter.open(sampleContext());
    await adapter.send({ adapter: 'zendesk', id: ticket.id }, message('m4', 'visitor', 'Any news?'));
    expect(zendesk.tickets[0]?.comments[1]?.authorId).toBe(zendesk.tickets[0]?.requesterId);
  });

  it('solves the ticket with an internal note when the customer closes the chat', async () => {
    const ticket = await adapter.open(sampleContext());
    await adapter.close(ticket, { reason: 'The customer closed the chat.' });
    expect(zendesk.tickets[0]).toMatchObject({ status: 'solved' });
    expect(zendesk.tickets[0]?.comments[1]).toMatchObject({ body: 'The customer closed the chat.', public: false });
  });

  it('authenticates with an OAuth token', async () => {
    const oauth = await startFakeZendesk({ auth: { oauthToken: 'oauth-access-token' }, webhookSecret: WEBHOOK_SECRET });
    const ticket = await createZendeskHandoff({
      baseURL: oauth.url,
      auth: { oauthToken: 'oauth-access-token' },
      webhookSecret: WEBHOOK_SECRET,
    }).open(sampleContext());
    expect(oauth.tickets.map((held) => String(held.id))).toEqual([ticket.id]);
    await oauth.close();
  });

  it('reports a wrong API token as auth_failed, which a retry cannot fix', async () => {
    const error = await create({ auth: { ...TOKEN_AUTH, apiToken: 'wrong' } })
      .open(sampleContext())
      .catch((caught: unknown) => caught);
    expect(
      HandoffError.isInstance(error) && { code: error.code, retryable: error.retryable, status: error.status },
    ).toEqual({ code: 'auth_failed', retryable: false, status: 401 });
  });

  it('reports rate limiting with the Retry-After delay', async () => {
    zendesk.failNext('*', { kind: 'status', status: 429, retryAfterSeconds: 7 });
    const error = await adapter.open(sampleContext()).catch((caught: unknown) => caught);
    expect(
      HandoffError.isInstance(error) && {
        code: error.code,
        retryable: error.retryable,
        retryAfterMs: error.retryAfterMs,
      },
    ).toEqual({ code: 'rate_limited', retryable: true, retryAfterMs: 7000 });
    expect(zendesk.tickets).toEqual([]);
  });

  it('sends an Idempotency-Key, so Zendesk itself answers a repeated create with the first ticket', async () => {
    const ticket = await adapter.open(sampleContext());
    // Even if the external_id lookup missed (e.g. a replica lagging), the key makes the create a repeat.
    zendesk.failNext('GET /api/v2/tickets', { kind: 'status', status: 200 });
    const again = await adapter.open(sampleContext());
    expect(again.id).toBe(ticket.id);
    expect(zendesk.tickets).toHaveLength(1);
  });

  it('reports a missing ticket as not_found', async () => {
    const error = await adapter
      .send({ adapter: 'zendesk', id: '999999', data: { requesterId: '1' } }, message('m', 'visitor', 'hi'))
      .catch((caught: unknown) => caught);
    expect(HandoffError.isInstance(error) && error.code).toBe('not_found');
  });

  describe('webhooks from Zendesk', () => {
    it('ignores internal notes and the visitor messages we added', async () => {
      const ticket = await adapter.open(sampleContext());
      const note = await adapter.inbound?.(
        await zendesk.agentComment(Number(ticket.id), { text: 'VIP, be nice', agentName: 'Grace', public: false }),
      );
      expect(note?.events).toEqual([]);
      await adapter.send(ticket, message('m4', 'visitor', 'Any news?'));
      const echo = await adapter.inbound?.(await zendesk.webhookRequest(Number(ticket.id)));
      expect(echo?.events).toEqual([]);
    });

    it('tells the customer who took the ticket, once per person', async () => {
      const ticket = await adapter.open(sampleContext());
      const assigned = await adapter.inbound?.(await zendesk.assign(Number(ticket.id), 'Grace Hopper'));
      expect(assigned?.events).toEqual([
        {
          type: 'agent-joined',
          ticketId: ticket.id,
          dedupeKey: expect.stringMatching(/^assignee:/),
          agent: { name: 'Grace Hopper' },
        },
      ]);
      const reply = await adapter.inbound?.(
        await zendesk.agentComment(Number(ticket.id), { text: 'Looking now.', agentName: 'Grace Hopper' }),
      );
      expect(reply?.events.map((event) => event.type)).toEqual(['agent-joined', 'agent-reply']);
      expect(reply?.events[0]?.dedupeKey).toBe(assigned?.events[0]?.dedupeKey);
    });

    it('turns a public reply that also solves the ticket into a reply then a close', async () => {
      const ticket = await adapter.open(sampleContext());
      await zendesk.agentComment(Number(ticket.id), { text: 'Refunded in full.', agentName: 'Grace Hopper' });
      const result = await adapter.inbound?.(await zendesk.setStatus(Number(ticket.id), 'solved'));
      expect(result?.events.map((event) => event.type)).toEqual(['agent-reply', 'closed']);
      expect(result?.events[0]).toMatchObject({ agent: { name: 'Grace Hopper' }, text: 'Refunded in full.' });
    });

    it('reads the handoff tags as an agent marking the handoff needed or not needed', async () => {
      const ticket = await adapter.open(sampleContext());
      const untagged = await adapter.inbound?.(await zendesk.assign(Number(ticket.id), 'Grace Hopper'));
      expect(untagged?.events.map((event) => event.type)).toEqual(['agent-joined']);
      const marked = await adapter.inbound?.(await zendesk.addTag(Number(ticket.id), 'tandem_handoff_not_needed'));
      expect(marked?.events.filter((event) => event.type === 'handoff-review')).toEqual([
        {
          type: 'handoff-review',
          ticketId: ticket.id,
          dedupeKey: `review:${ticket.id}:not_needed`,
          verdict: 'not_needed',
          agent: { name: 'Grace Hopper' },
        },
      ]);
      const forged = await zendesk.addTag(Number(ticket.id), 'tandem_handoff_needed', { secret: 'not-the-secret' });
      const error = await adapter.inbound?.(forged).catch((caught: unknown) => caught);
      expect(HandoffError.isInstance(error) && error.code).toBe('unauthorized');
    });

    it('refuses a signed body that does not follow the template as bad_request', async () => {
      const timestamp = new Date().toISOString();
      const body = '{"hello":"world"}';
      const request = new Request('http://relay.test/v1/webhooks/zendesk', {
        method: 'POST',
        headers: {
          'x-zendesk-webhook-signature-timestamp': timestamp,
          'x-zendesk-webhook-signature': await signZendeskWebhook(WEBHOOK_SECRET, timestamp, body),
        },
        body,
      });
      const error = await adapter.inbound?.(request).catch((caught: unknown) => caught);
      expect(HandoffError.isInstance(error) && error.code).toBe('bad_request');
    });
  });

  it('refuses options without a subdomain or base URL', () => {
    expect(() => createZendeskHandoff({ auth: TOKEN_AUTH, webhookSecret: 's' })).toThrow(
      /subdomain: give subdomain or baseURL/,
    );
  });
});
