import type { Attachment, Message } from '@tandem/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import {
  attachmentFiles,
  message,
  SAMPLE_PDF,
  SAMPLE_PNG,
  sampleAttachment,
  sampleContext,
} from '../../test/fakes/fixtures.ts';
import { type LoopbackServer, startLoopbackServer } from '../../test/fakes/loopback.ts';
import type { Mailbox } from '../../test/fakes/mailbox.ts';
import { startFakeResend } from '../../test/fakes/resend-fake.ts';
import { startFakeSmtp } from '../../test/fakes/smtp-fake.ts';
import type { AgentReplyEvent, HandoffAdapter } from '../handoff-adapter.ts';
import { createEmailHandoff } from './email.ts';
import type { EmailHandoffOptions } from './options.ts';
import { createResendTransport } from './resend.ts';
import { createSmtpTransport } from './smtp.ts';

const SECRET = 'reply-token-secret-0123456789abcdef-012345';
const INBOUND_SECRET = 'inbound-email-secret-0123456789abcdef-0123';

const photo = sampleAttachment('att_photo', 'tent-pole.png', SAMPLE_PNG);
const label = sampleAttachment('att_label', 'receipt.pdf', SAMPLE_PDF);

function withAttachments(base: Message, ...attachments: { attachment: Attachment }[]): Message {
  return { ...base, attachments: attachments.map((entry) => entry.attachment) };
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup) await close();
  cleanup = [];
});

type Transport = 'SMTP' | 'Resend';

async function setUp(
  transport: Transport,
  overrides: Partial<EmailHandoffOptions> = {},
): Promise<{ adapter: HandoffAdapter; mailbox: Mailbox }> {
  const common = {
    from: 'Tandem <handoff@shop.example>',
    to: 'support@shop.example',
    replyAddress: 'support@reply.shop.example',
    secret: SECRET,
    inboundSecret: INBOUND_SECRET,
    ...overrides,
  };
  if (transport === 'SMTP') {
    const smtp = await startFakeSmtp({ inboundSecret: INBOUND_SECRET });
    cleanup.push(() => smtp.close());
    const adapter = createEmailHandoff({
      ...common,
      transport: createSmtpTransport({ host: smtp.host, port: smtp.port, ignoreTLS: true, timeoutMs: 2000 }),
    });
    return { adapter, mailbox: smtp.mailbox };
  }
  const resend = await startFakeResend({ apiKey: 're_test_key', inboundSecret: INBOUND_SECRET });
  cleanup.push(() => resend.close());
  const adapter = createEmailHandoff({
    ...common,
    transport: createResendTransport({ apiKey: 're_test_key', baseURL: resend.url }),
  });
  return { adapter, mailbox: resend.mailbox };
}

const decoded = (
  email: { attachments: { filename: string; contentType: string; content: Uint8Array }[] } | undefined,
) =>
  email?.attachments.map((attachment) => [
    attachment.filename,
    attachment.contentType,
    Buffer.from(attachment.content),
  ]);

describe.each<Transport>(['SMTP', 'Resend'])('e-mail attachments over %s', (transport) => {
  it("attaches a visitor's files to the follow-up email, bytes and types intact", async () => {
    const { adapter, mailbox } = await setUp(transport);
    const ticket = await adapter.open(sampleContext());
    await adapter.send(ticket, withAttachments(message('m4', 'visitor', 'Photo and receipt'), photo, label), {
      files: attachmentFiles([photo, label]),
    });
    const followUp = mailbox.received.at(-1);
    expect(followUp?.text).toContain('Customer: Photo and receipt');
    expect(followUp?.text).not.toContain('[Attached:');
    expect(decoded(followUp)).toEqual([
      ['tent-pole.png', 'image/png', Buffer.from(SAMPLE_PNG)],
      ['receipt.pdf', 'application/pdf', Buffer.from(SAMPLE_PDF)],
    ]);
  });

  it('attaches the files sent before the handoff to the handoff email', async () => {
    const { adapter, mailbox } = await setUp(transport);
    const context = sampleContext({
      transcript: [withAttachments(message('m1', 'visitor', 'It arrived like this'), photo)],
    });
    await adapter.open(context, { files: attachmentFiles([photo]) });
    const handoff = mailbox.received.at(-1);
    expect(handoff?.text).toContain('[Attached: tent-pole.png (PNG image, 70 B)]');
    expect(decoded(handoff)).toEqual([['tent-pole.png', 'image/png', Buffer.from(SAMPLE_PNG)]]);
  });

  it('links the files past the size budget with signed URLs instead of attaching them', async () => {
    const { adapter, mailbox } = await setUp(transport, { maxAttachmentBytes: SAMPLE_PNG.byteLength });
    const ticket = await adapter.open(sampleContext());
    await adapter.send(ticket, withAttachments(message('m4', 'visitor', 'both'), photo, label), {
      files: attachmentFiles([photo, label]),
    });
    const followUp = mailbox.received.at(-1);
    expect(decoded(followUp)?.map(([name]) => name)).toEqual(['tent-pole.png']);
    expect(followUp?.text).toMatch(
      /Too large to attach \(the links expire\):\n- receipt\.pdf \(PDF, \d+ B\): https:\/\/relay\.shop\.example\/v1\/conversations\/c_7f3a9\/attachments\/att_label\?expires=\d+&signature=sig-att_label-\d+/,
    );
    expect(followUp?.html).toContain(
      'href="https://relay.shop.example/v1/conversations/c_7f3a9/attachments/att_label?',
    );
  });

  it("passes an agent's attached file back, alone or with words", async () => {
    const { adapter, mailbox } = await setUp(transport);
    const ticket = await adapter.open(sampleContext());
    const result = await adapter.inbound?.(
      await mailbox.reply(ticket.id, {
        text: '',
        agentName: 'Grace Hopper',
        files: [{ filename: 'return-label.pdf', contentType: 'application/pdf', bytes: SAMPLE_PDF }],
      }),
    );
    const reply = result?.events.find((event): event is AgentReplyEvent => event.type === 'agent-reply');
    expect(reply).toMatchObject({ ticketId: ticket.id, text: '', agent: { name: 'Grace Hopper' } });
    expect(reply?.attachments?.map(({ name, contentType, size }) => ({ name, contentType, size }))).toEqual([
      { name: 'return-label.pdf', contentType: 'application/pdf', size: SAMPLE_PDF.byteLength },
    ]);
    expect(Buffer.from((await reply?.attachments?.[0]?.download()) ?? [])).toEqual(Buffer.from(SAMPLE_PDF));
  });
});

describe('inbound e-mail attachments by URL', () => {
  let store: LoopbackServer | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('downloads a large file from where the forwarder stored it, and refuses one that grows past the limit', async () => {
    store = await startLoopbackServer((request) =>
      request.path === '/big.png'
        ? { status: 200, headers: { 'content-type': 'image/png' }, body: new Uint8Array(11 * 1024 * 1024) }
        : { status: 200, headers: { 'content-type': 'image/png' }, body: SAMPLE_PNG },
    );
    const { adapter, mailbox } = await setUp('SMTP');
    const ticket = await adapter.open(sampleContext());
    const result = await adapter.inbound?.(
      await mailbox.reply(ticket.id, {
        text: 'Two photos',
        agentName: 'Grace Hopper',
        files: [
          {
            filename: 'small.png',
            contentType: 'image/png',
            url: `${store.url}/small.png`,
            size: SAMPLE_PNG.byteLength,
          },
          { filename: 'big.png', contentType: 'image/png', url: `${store.url}/big.png` },
        ],
      }),
    );
    const reply = result?.events.find((event): event is AgentReplyEvent => event.type === 'agent-reply');
    expect(Buffer.from((await reply?.attachments?.[0]?.download()) ?? [])).toEqual(Buffer.from(SAMPLE_PNG));
    await expect(reply?.attachments?.[1]?.download()).rejects.toMatchObject({ code: 'rejected', retryable: false });
  });

  it('refuses an attachment that is neither base64 content nor a URL as a bad request', async () => {
    const { adapter, mailbox } = await setUp('SMTP');
    const ticket = await adapter.open(sampleContext());
    const request = await mailbox.reply(ticket.id, { text: 'x', agentName: 'Grace Hopper' });
    const body = JSON.parse(await request.text()) as Record<string, unknown>;
    const forged = await mailbox.inboundRequest({ ...body, attachments: [{ filename: 'a.png', content: '%%%' }] });
    await expect(adapter.inbound?.(forged)).rejects.toMatchObject({ code: 'bad_request' });
  });
});
