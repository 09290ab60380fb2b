import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { message, sampleContext } from '../../test/fakes/fixtures.ts';
import type { Mailbox } from '../../test/fakes/mailbox.ts';
import { startFakeResend } from '../../test/fakes/resend-fake.ts';
import { type FakeSmtp, startFakeSmtp } from '../../test/fakes/smtp-fake.ts';
import { testHandoffAdapter } from '../../test/index.ts';
import { HandoffError } from '../errors.ts';
import type { HandoffAdapter } from '../handoff-adapter.ts';
import { createEmailHandoff } from './email.ts';
import type { EmailHandoffOptions } from './options.ts';
import { createResendTransport } from './resend.ts';
import { createSmtpTransport } from './smtp.ts';

const SECRET = 'reply-token-secret-0123456789abcdef-012345';
const INBOUND_SECRET = 'inbound-email-secret-0123456789abcdef-0123';
const ADDRESSES = {
  from: 'Tandem <handoff@shop.example>',
  to: 'support@shop.example',
  replyAddress: 'support@reply.shop.example',
};

const emailOptions = (
  overrides: Partial<EmailHandoffOptions> & Pick<EmailHandoffOptions, 'transport'>,
): EmailHandoffOptions => ({
  ...ADDRESSES,
  secret: SECRET,
  inboundSecret: INBOUND_SECRET,
  ...overrides,
});

/** The files attached to a handoff thread's emails, as the support mailbox holds them. */
function emailFiles(mailbox: Mailbox, ticketId: string) {
  const thread = mailbox.threads().find(({ root }) => root.headers['x-tandem-ticket'] === ticketId);
  return [thread?.root, ...(thread?.followUps ?? [])]
    .flatMap((email) => email?.attachments ?? [])
    .map((file) => ({ name: file.filename, bytes: file.content }));
}

function emailReplyWithFile(
  mailbox: Mailbox,
  ticketId: string,
  reply: { text: string; agentName: string; file: { name: string; contentType: string; bytes: Uint8Array } },
) {
  return mailbox.reply(ticketId, {
    text: reply.text,
    agentName: reply.agentName,
    files: [{ filename: reply.file.name, contentType: reply.file.contentType, bytes: reply.file.bytes }],
  });
}

testHandoffAdapter({
  name: 'email over SMTP',
  async helpdesk() {
    const smtp = await startFakeSmtp({ inboundSecret: INBOUND_SECRET });
    return {
      smtp,
      signatureHeaders: ['tandem-signature'],
      tickets: () => smtp.mailbox.tickets(),
      loseNextOpenResponse: () => smtp.loseNextResponse(),
      agentReply: (ticket, reply, signing) => smtp.mailbox.reply(ticket.id, reply, signing),
      closeTicket: (ticket, signing) =>
        smtp.mailbox.reply(ticket.id, { text: '#close', agentName: 'Grace Hopper' }, signing),
      close: () => smtp.close(),
    };
  },
  attachments: {
    received: async (helpdesk, ticket) => emailFiles(helpdesk.smtp.mailbox, ticket.id),
    agentReplyWithFile: (helpdesk, ticket, reply) => emailReplyWithFile(helpdesk.smtp.mailbox, ticket.id, reply),
  },
  createAdapter: (helpdesk, { now }) =>
    createEmailHandoff(
      emailOptions({
        transport: createSmtpTransport({
          host: helpdesk.smtp.host,
          port: helpdesk.smtp.port,
          ignoreTLS: true,
          timeoutMs: 2000,
        }),
        ...(now === undefined ? {} : { now }),
      }),
    ),
});

testHandoffAdapter({
  name: 'email over the Resend API',
  async helpdesk() {
    const resend = await startFakeResend({ apiKey: 're_test_key', inboundSecret: INBOUND_SECRET });
    return {
      resend,
      signatureHeaders: ['tandem-signature'],
      tickets: () => resend.mailbox.tickets(),
      loseNextOpenResponse: () => resend.loseNextResponse(),
      agentReply: (ticket, reply, signing) => resend.mailbox.reply(ticket.id, reply, signing),
      closeTicket: (ticket, signing) =>
        resend.mailbox.reply(ticket.id, { text: '#close', agentName: 'Grace Hopper' }, signing),
      close: () => resend.close(),
    };
  },
  attachments: {
    received: async (helpdesk, ticket) => emailFiles(helpdesk.resend.mailbox, ticket.id),
    agentReplyWithFile: (helpdesk, ticket, reply) => emailReplyWithFile(helpdesk.resend.mailbox, ticket.id, reply),
  },
  createAdapter: (helpdesk, { now }) =>
    createEmailHandoff(
      emailOptions({
        transport: createResendTransport({ apiKey: 're_test_key', baseURL: helpdesk.resend.url }),
        ...(now === undefined ? {} : { now }),
      }),
    ),
});

describe('email handoff through a real SMTP server', () => {
  let smtp: FakeSmtp;
  let adapter: HandoffAdapter;
  beforeEach(async () => {
    smtp = await startFakeSmtp({ inboundSecret: INBOUND_SECRET, user: 'tandem', password: 'smtp-password' });
    adapter = createEmailHandoff(
      emailOptions({
        transport: createSmtpTransport({
          host: smtp.host,
          port: smtp.port,
          ignoreTLS: true,
          auth: { user: 'tandem', pass: 'smtp-password' },
          timeoutMs: 2000,
        }),
      }),
    );
  });
  afterEach(() => smtp.close());

  it('delivers the context packet as HTML and plain text, escaped, with a signed reply address', async () => {
    const ticket = await adapter.open(sampleContext());
    const [email] = smtp.mailbox.received;
    expect(email?.subject).toBe(
      '[Chat handoff] high: Parcel #4411 is two weeks late; the customer wants a refund, not another tracking link.',
    );
    expect(email?.to).toEqual(['support@shop.example']);
    expect(email?.replyTo).toMatch(new RegExp(`^support\\+${ticket.id}\\.[0-9a-f]{20}@reply\\.shop\\.example$`));
    expect(email?.messageId).toBe(`<tandem.${ticket.id}@reply.shop.example>`);
    for (const part of [
      'Escalation reasons: customer upset (negative_sentiment), sensitive topic: refund (topic:refund)',
      'Sentiment: -0.1 → -0.4 → -0.8 (worsening)',
      'Tier: vip',
      'I have refunded order #4411 in full',
    ]) {
      expect(email?.text).toContain(part);
    }
    expect(email?.html).toContain('I want a refund &lt;now&gt;!');
    expect(email?.html).not.toContain('<now>');
  });

  it('sends to the mailbox a routing rule names, and refuses a route that is not an address', async () => {
    await adapter.open(sampleContext(), { route: 'team-de@shop.example' });
    expect(smtp.mailbox.received[0]?.to).toEqual(['team-de@shop.example']);
    const error = await adapter.open(sampleContext(), { route: 'C0VIP' }).catch((caught: unknown) => caught);
    expect(HandoffError.isInstance(error) && error.code).toBe('bad_request');
  });

  it('threads later visitor messages under the handoff email', async () => {
    const ticket = await adapter.open(sampleContext());
    await adapter.send(ticket, message('m4', 'visitor', 'Hello?'));
    const followUp = smtp.mailbox.received[1];
    expect(followUp).toMatchObject({
      subject: expect.stringMatching(/^Re: \[Chat handoff\]/),
      text: expect.stringContaining('Customer: Hello?'),
    });
    expect(followUp?.headers['in-reply-to']).toBe(`<tandem.${ticket.id}@reply.shop.example>`);
  });

  it("passes only the agent's new words back, named from the From header", async () => {
    const ticket = await adapter.open(sampleContext());
    const result = await adapter.inbound?.(
      await smtp.mailbox.reply(ticket.id, {
        text: 'Refunded in full, Ada.\n\n-- \nGrace\nSupport lead',
        agentName: 'Grace Hopper',
      }),
    );
    expect(result?.events).toEqual([
      {
        type: 'agent-reply',
        ticketId: ticket.id,
        dedupeKey: expect.stringMatching(/^email:<reply-/),
        agent: { name: 'Grace Hopper' },
        text: 'Refunded in full, Ada.',
      },
    ]);
  });

  it('answers and closes when the reply says so on a line of its own', async () => {
    const ticket = await adapter.open(sampleContext());
    const result = await adapter.inbound?.(
      await smtp.mailbox.reply(ticket.id, { text: 'All done, thank you!\n#close', agentName: 'Grace Hopper' }),
    );
    expect(result?.events.map((event) => event.type)).toEqual(['agent-reply', 'closed']);
    expect(result?.events[0]).toMatchObject({ text: 'All done, thank you!' });
  });

  it('refuses a reply whose address token was altered, and senders outside the allowed list', async () => {
    const ticket = await adapter.open(sampleContext());
    const forgedTicket = `${ticket.id.slice(0, 23)}${ticket.id.endsWith('0') ? '1' : '0'}`;
    const replyTo = smtp.mailbox.received[0]?.replyTo ?? '';
    const forged = await smtp.mailbox.inboundRequest({
      messageId: '<x@y>',
      from: 'Mallory <m@evil.example>',
      to: replyTo.replace(ticket.id, forgedTicket),
      text: 'Give me a refund',
    });
    const refused = await adapter.inbound?.(forged).catch((error: unknown) => error);
    expect(HandoffError.isInstance(refused) && refused.code).toBe('unauthorized');

    const strict = createEmailHandoff(
      emailOptions({
        transport: createSmtpTransport({ host: smtp.host, port: smtp.port, ignoreTLS: true }),
        allowedSenders: ['@shop.example'],
      }),
    );
    const outsider = await strict
      .inbound?.(await smtp.mailbox.reply(ticket.id, { text: 'hi', agentName: 'Mallory', address: 'm@evil.example' }))
      .catch((error: unknown) => error);
    expect(HandoffError.isInstance(outsider) && outsider.code).toBe('unauthorized');
    const insider = await strict.inbound?.(
      await smtp.mailbox.reply(ticket.id, { text: 'hi', agentName: 'Grace', address: 'grace@shop.example' }),
    );
    expect(insider?.events).toHaveLength(1);
  });

  it('treats SMTP 4xx replies as temporary and 5xx as permanent', async () => {
    smtp.rejectNext(451, 'Try again later');
    const temporary = await adapter.open(sampleContext()).catch((error: unknown) => error);
    expect(HandoffError.isInstance(temporary) && { code: temporary.code, retryable: temporary.retryable }).toEqual({
      code: 'unavailable',
      retryable: true,
    });
    smtp.rejectNext(550, 'Mailbox unavailable');
    const permanent = await adapter.open(sampleContext()).catch((error: unknown) => error);
    expect(HandoffError.isInstance(permanent) && { code: permanent.code, retryable: permanent.retryable }).toEqual({
      code: 'rejected',
      retryable: false,
    });
  });

  it('reports wrong SMTP credentials as auth_failed', async () => {
    const wrong = createEmailHandoff(
      emailOptions({
        transport: createSmtpTransport({
          host: smtp.host,
          port: smtp.port,
          ignoreTLS: true,
          auth: { user: 'tandem', pass: 'nope' },
          timeoutMs: 2000,
        }),
      }),
    );
    const error = await wrong.open(sampleContext()).catch((caught: unknown) => caught);
    expect(HandoffError.isInstance(error) && { code: error.code, retryable: error.retryable }).toEqual({
      code: 'auth_failed',
      retryable: false,
    });
    expect(smtp.mailbox.received).toEqual([]);
  });
});

describe('email handoff through the Resend API', () => {
  it('sends one email for a retried open, by the Idempotency-Key', async () => {
    const resend = await startFakeResend({ apiKey: 're_test_key', inboundSecret: INBOUND_SECRET });
    const adapter = createEmailHandoff(
      emailOptions({ transport: createResendTransport({ apiKey: 're_test_key', baseURL: resend.url }) }),
    );
    const first = await adapter.open(sampleContext());
    const second = await adapter.open(sampleContext());
    expect(second.id).toBe(first.id);
    expect(resend.mailbox.received).toHaveLength(1);
    await resend.close();
  });

  it('reports an invalid API key as auth_failed and a rate limit as retryable', async () => {
    const resend = await startFakeResend({ apiKey: 're_test_key', inboundSecret: INBOUND_SECRET });
    const wrong = createEmailHandoff(
      emailOptions({ transport: createResendTransport({ apiKey: 're_wrong', baseURL: resend.url }) }),
    );
    const refused = await wrong.open(sampleContext()).catch((error: unknown) => error);
    expect(HandoffError.isInstance(refused) && refused.code).toBe('auth_failed');
    resend.failNext({
      status: 429,
      headers: { 'retry-after': '2' },
      body: { statusCode: 429, name: 'rate_limit_exceeded', message: 'Too many requests' },
    });
    const adapter = createEmailHandoff(
      emailOptions({ transport: createResendTransport({ apiKey: 're_test_key', baseURL: resend.url }) }),
    );
    const limited = await adapter.open(sampleContext()).catch((error: unknown) => error);
    expect(HandoffError.isInstance(limited) && { code: limited.code, retryAfterMs: limited.retryAfterMs }).toEqual({
      code: 'rate_limited',
      retryAfterMs: 2000,
    });
    await resend.close();
  });
});
