import type { Attachment, Message } from '@tandem/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  attachmentFiles,
  message,
  SAMPLE_PDF,
  SAMPLE_PNG,
  sampleAttachment,
  sampleContext,
} from '../../test/fakes/fixtures.ts';
import { type LoopbackServer, startLoopbackServer } from '../../test/fakes/loopback.ts';
import { type FakeZendesk, startFakeZendesk } from '../../test/fakes/zendesk-fake.ts';
import type { AgentReplyEvent, HandoffAdapter, HandoffTicket } from '../handoff-adapter.ts';
import { createZendeskHandoff } from './zendesk.ts';

const WEBHOOK_SECRET = 'zendesk-webhook-signing-secret';
const TOKEN_AUTH = { email: 'bot@shop.example', apiToken: 'zendesk-api-token' };

let zendesk: FakeZendesk;
let adapter: HandoffAdapter;
let ticket: HandoffTicket;

beforeEach(async () => {
  zendesk = await startFakeZendesk({ auth: TOKEN_AUTH, webhookSecret: WEBHOOK_SECRET });
  adapter = createZendeskHandoff({ baseURL: zendesk.url, auth: TOKEN_AUTH, webhookSecret: WEBHOOK_SECRET });
  ticket = await adapter.open(sampleContext());
});
afterEach(() => zendesk.close());

const photo = sampleAttachment('att_photo', 'tent-pole.png', SAMPLE_PNG);
const label = sampleAttachment('att_label', 'receipt.pdf', SAMPLE_PDF);

function withAttachments(base: Message, ...attachments: { attachment: Attachment }[]): Message {
  return { ...base, attachments: attachments.map((entry) => entry.attachment) };
}

const held = () => zendesk.tickets.find((candidate) => String(candidate.id) === ticket.id);

async function agentReply(request: Request): Promise<AgentReplyEvent | undefined> {
  const result = await adapter.inbound?.(request);
  return result?.events.find((event): event is AgentReplyEvent => event.type === 'agent-reply');
}

describe("a visitor's files on the Zendesk ticket", () => {
  it('uploads them through the uploads API and attaches them to the public comment, bytes and types intact', async () => {
    await adapter.send(ticket, withAttachments(message('m4', 'visitor', 'Here is the pole'), photo, label), {
      files: attachmentFiles([photo, label]),
    });
    const comment = held()?.comments.at(-1);
    expect(comment).toMatchObject({ body: 'Here is the pole', public: true, authorId: held()?.requesterId });
    expect(comment?.attachments.map((file) => [file.fileName, file.contentType, Buffer.from(file.bytes)])).toEqual([
      ['tent-pole.png', 'image/png', Buffer.from(SAMPLE_PNG)],
      ['receipt.pdf', 'application/pdf', Buffer.from(SAMPLE_PDF)],
    ]);
  });

  it('gives a comment that is only a photo a body naming it, since Zendesk wants one', async () => {
    await adapter.send(ticket, withAttachments(message('m4', 'visitor', ''), photo), {
      files: attachmentFiles([photo]),
    });
    expect(held()?.comments.at(-1)).toMatchObject({ body: 'Sent tent-pole.png' });
    expect(held()?.comments.at(-1)?.attachments).toHaveLength(1);
  });

  it('names the files in the comment when Zendesk refuses the upload for good', async () => {
    zendesk.failNext('POST /api/v2/uploads', { kind: 'status', status: 422 });
    await adapter.send(ticket, withAttachments(message('m4', 'visitor', 'photo'), photo), {
      files: attachmentFiles([photo]),
    });
    expect(held()?.comments.at(-1)).toMatchObject({
      body: 'photo\n[Attached: tent-pole.png (PNG image, 70 B)]',
      attachments: [],
    });
  });

  it('fails as retryable, adding no comment, when an upload hits a rate limit', async () => {
    zendesk.failNext('POST /api/v2/uploads', { kind: 'status', status: 429, retryAfterSeconds: 2 });
    const before = held()?.comments.length;
    const error = await adapter
      .send(ticket, withAttachments(message('m4', 'visitor', 'photo'), photo), { files: attachmentFiles([photo]) })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 2000 });
    expect(held()?.comments.length).toBe(before);
  });

  it('attaches files sent before the handoff in an internal comment, once even when the open is retried', async () => {
    const context = sampleContext({
      conversationId: 'c_files',
      transcript: [withAttachments(message('m1', 'visitor', 'Broken on arrival'), photo)],
    });
    const files = attachmentFiles([photo]);
    zendesk.failNext('PUT /api/v2/tickets/*', { kind: 'status', status: 503 });
    const failed = await adapter.open(context, { files }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(failed).toMatchObject({ code: 'unavailable', retryable: true });
    const opened = await adapter.open(context, { files });
    const again = await adapter.open(context, { files });
    expect(again.id).toBe(opened.id);
    expect(zendesk.tickets.filter((candidate) => candidate.externalId === 'tandem:c_files')).toHaveLength(1);
    const comments = zendesk.tickets.find((candidate) => String(candidate.id) === opened.id)?.comments ?? [];
    const withFiles = comments.filter((comment) => comment.attachments.length > 0);
    expect(withFiles).toHaveLength(1);
    expect(withFiles[0]).toMatchObject({ public: false, body: expect.stringContaining('tent-pole.png') });
  });
});

describe("an agent's files back to the widget", () => {
  it("reads a public comment's attachments and downloads them with the API credentials", async () => {
    const reply = await agentReply(
      await zendesk.agentComment(Number(ticket.id), {
        text: 'Your return label is attached.',
        agentName: 'Grace Hopper',
        files: [{ name: 'return-label.pdf', contentType: 'application/pdf', bytes: SAMPLE_PDF }],
      }),
    );
    expect(reply).toMatchObject({ ticketId: ticket.id, text: 'Your return label is attached.' });
    expect(reply?.attachments?.map(({ name, contentType, size }) => ({ name, contentType, size }))).toEqual([
      { name: 'return-label.pdf', contentType: 'application/pdf', size: SAMPLE_PDF.byteLength },
    ]);
    expect(Buffer.from((await reply?.attachments?.[0]?.download()) ?? [])).toEqual(Buffer.from(SAMPLE_PDF));
  });

  it('never sends the API credentials to a content_url on another host', async () => {
    const seen: (string | undefined)[] = [];
    const external: LoopbackServer = await startLoopbackServer((request) => {
      seen.push(request.headers.authorization);
      return { status: 200, headers: { 'content-type': 'image/png' }, body: SAMPLE_PNG };
    });
    try {
      const reply = await agentReply(
        await zendesk.agentComment(Number(ticket.id), {
          text: 'photo',
          agentName: 'Grace Hopper',
          files: [
            {
              name: 'x.png',
              contentType: 'image/png',
              bytes: SAMPLE_PNG,
              externalUrl: `${external.url}/x.png?t=signed`,
            },
          ],
        }),
      );
      expect(Buffer.from((await reply?.attachments?.[0]?.download()) ?? [])).toEqual(Buffer.from(SAMPLE_PNG));
      expect(seen).toEqual([undefined]);
    } finally {
      await external.close();
    }
  });

  it('never passes on a file Zendesk found malware in', async () => {
    const reply = await agentReply(
      await zendesk.agentComment(Number(ticket.id), {
        text: 'see attached',
        agentName: 'Grace Hopper',
        files: [
          { name: 'label.pdf', contentType: 'application/pdf', bytes: SAMPLE_PDF, malware: true },
          { name: 'photo.png', contentType: 'image/png', bytes: SAMPLE_PNG },
        ],
      }),
    );
    expect(reply?.attachments?.map((attachment) => attachment.name)).toEqual(['photo.png']);
  });

  it('passes on an internal note with files to nobody', async () => {
    const result = await adapter.inbound?.(
      await zendesk.agentComment(Number(ticket.id), {
        text: 'internal: customer history attached',
        agentName: 'Grace Hopper',
        public: false,
        files: [{ name: 'history.pdf', contentType: 'application/pdf', bytes: SAMPLE_PDF }],
      }),
    );
    expect(result?.events.filter((event) => event.type === 'agent-reply')).toEqual([]);
  });
});
