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
import { type FakeWebhookReceiver, startFakeWebhookReceiver } from '../../test/fakes/webhook-fake.ts';
import type { AgentReplyEvent, HandoffAdapter } from '../handoff-adapter.ts';
import { createWebhookHandoff } from './webhook.ts';

const SECRET = 'webhook-secret-0123456789abcdef-0123456789';
const SIGNED_URL =
  /^https:\/\/relay\.shop\.example\/v1\/conversations\/c_7f3a9\/attachments\/att_photo\?expires=\d+&signature=sig-att_photo-\d+$/;

const photo = sampleAttachment('att_photo', 'tent-pole.png', SAMPLE_PNG);

function withAttachments(base: Message, ...attachments: { attachment: Attachment }[]): Message {
  return { ...base, attachments: attachments.map((entry) => entry.attachment) };
}

let receiver: FakeWebhookReceiver;
let adapter: HandoffAdapter;
beforeEach(async () => {
  receiver = await startFakeWebhookReceiver({ secret: SECRET });
  adapter = createWebhookHandoff({ url: receiver.url, secret: SECRET });
});
afterEach(() => receiver.close());

describe('attachments through the generic webhook', () => {
  it("gives the receiver a signed, expiring download URL for each of a visitor's files", async () => {
    const ticket = await adapter.open(sampleContext());
    await adapter.send(ticket, withAttachments(message('m4', 'visitor', 'photo'), photo), {
      files: attachmentFiles([photo]),
    });
    expect(receiver.tickets[0]?.attachments).toEqual([
      {
        id: 'att_photo',
        name: 'tent-pole.png',
        contentType: 'image/png',
        size: SAMPLE_PNG.byteLength,
        url: '/v1/conversations/c_7f3a9/attachments/att_photo',
        downloadUrl: expect.stringMatching(SIGNED_URL),
      },
    ]);
  });

  it('signs the files of the transcript in handoff.opened too', async () => {
    const context = sampleContext({ transcript: [withAttachments(message('m1', 'visitor', 'look'), photo)] });
    await adapter.open(context, { files: attachmentFiles([photo]) });
    const transcript = receiver.tickets[0]?.context.transcript as Message[] & { attachments?: unknown }[];
    expect(transcript[0]?.attachments?.[0]).toMatchObject({ downloadUrl: expect.stringMatching(SIGNED_URL) });
  });

  it('sends no download URL when the relay gives no access to the files', async () => {
    const ticket = await adapter.open(sampleContext());
    await adapter.send(ticket, withAttachments(message('m4', 'visitor', 'photo'), photo));
    expect(receiver.tickets[0]?.attachments[0]).not.toHaveProperty('downloadUrl');
  });

  describe("an agent's files", () => {
    let store: LoopbackServer;
    beforeEach(async () => {
      store = await startLoopbackServer(() => ({
        status: 200,
        headers: { 'content-type': 'application/pdf' },
        body: SAMPLE_PDF,
      }));
    });
    afterEach(() => store.close());

    it('turns the attachments of an agent-reply into downloadable InboundAttachments, text or not', async () => {
      const result = await adapter.inbound?.(
        await receiver.inboundRequest({
          id: 'evt_files',
          type: 'agent-reply',
          ticketId: 'T-1',
          agent: { name: 'Grace Hopper' },
          text: '',
          attachments: [
            { name: 'label.pdf', contentType: 'application/pdf', size: 120, url: `${store.url}/f/label.pdf?sig=x` },
          ],
        }),
      );
      const reply = result?.events[0] as AgentReplyEvent;
      expect(reply).toMatchObject({ type: 'agent-reply', text: '', agent: { name: 'Grace Hopper' } });
      expect(reply.attachments?.map(({ name, contentType, size }) => ({ name, contentType, size }))).toEqual([
        { name: 'label.pdf', contentType: 'application/pdf', size: 120 },
      ]);
      expect(Buffer.from(await (reply.attachments?.[0]?.download() ?? Promise.resolve(new Uint8Array())))).toEqual(
        Buffer.from(SAMPLE_PDF),
      );
    });

    it('refuses an agent-reply with neither text nor attachments as a bad request', async () => {
      const request = await receiver.inboundRequest({
        id: 'evt_empty',
        type: 'agent-reply',
        ticketId: 'T-1',
        agent: { name: 'Grace Hopper' },
        text: '  ',
      });
      await expect(adapter.inbound?.(request)).rejects.toMatchObject({ code: 'bad_request' });
    });
  });
});
