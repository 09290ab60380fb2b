import type {
  AttachmentFiles,
  HandoffAdapter,
  HandoffContext,
  HandoffTicket,
  InboundEvent,
  OpenOptions,
  SendOptions,
} from '@tandem/handoff';
import type { Attachment, Message } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { createInboxHandoff } from '../src/handoff/inbox/inbox-adapter.ts';
import { containsText, fixture, upload } from '../test/attachment-fixtures.ts';
import { postTo, relayForTest } from '../test/test-fixture.ts';
import { askForPerson, eventsOf, startConversation } from './handoff-setup.ts';

interface Delivered {
  name: string;
  bytes: Uint8Array;
  signedUrl: string;
}

/**
 * A third-party adapter as someone might write one: it uploads every file it is given (here: keeps the bytes, as a
 * helpdesk would) and passes on whatever its helpdesk says, files included.
 */
interface FilingAdapter extends HandoffAdapter {
  delivered: Delivered[];
  sent: Message[];
  nextEvents: InboundEvent[];
}

function filingAdapter(): FilingAdapter {
  const delivered: Delivered[] = [];
  const sent: Message[] = [];
  const deliver = async (attachments: readonly Attachment[] | undefined, files: AttachmentFiles | undefined) => {
    for (const attachment of attachments ?? []) {
      if (!files) throw new Error('no files given');
      delivered.push({
        name: attachment.name,
        bytes: await files.read(attachment),
        signedUrl: await files.signedUrl(attachment),
      });
    }
  };
  const adapter: FilingAdapter = {
    specificationVersion: 'v1',
    name: 'filing',
    delivered,
    sent,
    nextEvents: [],
    async open(context: HandoffContext, options?: OpenOptions): Promise<HandoffTicket> {
      for (const message of context.transcript) await deliver(message.attachments, options?.files);
      return { adapter: 'filing', id: 'T-1' };
    },
    async send(_ticket: HandoffTicket, message: Message, options?: SendOptions) {
      sent.push(message);
      await deliver(message.attachments, options?.files);
    },
    async close() {},
    async inbound() {
      return { events: adapter.nextEvents };
    },
  };
  return adapter;
}

describe('attachments to and from the helpdesk', () => {
  it('gives the adapter the transcript’s files with the ticket and later files with each message', async () => {
    const adapter = filingAdapter();
    const relay = relayForTest({
      handoff: { adapters: [adapter], publicUrl: 'https://support.shop.example' },
    });
    const conversation = await startConversation(relay);
    const photo = await (await upload(relay, conversation, fixture('photo.jpg'), { name: 'pole.jpg' })).json();
    await postTo(relay, conversation, 'messages', {
      clientMessageId: 'photo',
      text: 'The tent pole arrived broken',
      attachmentIds: [photo.attachment.id],
    });
    await relay.conversations.idle();
    await askForPerson(relay, conversation);
    await relay.conversations.idle();
    expect(adapter.delivered.map((file) => file.name)).toEqual(['pole.jpg']);
    const [first] = adapter.delivered;
    expect(containsText(first?.bytes ?? new Uint8Array(), 'Jane Visitor')).toBe(false);
    expect(first?.signedUrl).toMatch(
      new RegExp(`^https://support\\.shop\\.example/v1/conversations/${conversation.conversationId}/attachments/`),
    );
    const signed = new URL(first?.signedUrl ?? '');
    const read = await relay.request(`${signed.pathname}${signed.search}`);
    expect(new Uint8Array(await read.arrayBuffer())).toEqual(first?.bytes);

    const label = await (
      await upload(relay, conversation, fixture('label.pdf'), { clientAttachmentId: 'pdf', name: 'receipt.pdf' })
    ).json();
    await postTo(relay, conversation, 'messages', {
      clientMessageId: 'pdf',
      text: '',
      attachmentIds: [label.attachment.id],
    });
    await relay.conversations.idle();
    expect(adapter.sent.at(-1)?.attachments?.map((file) => file.name)).toEqual(['receipt.pdf']);
    expect(adapter.delivered.map((file) => file.name)).toEqual(['pole.jpg', 'receipt.pdf']);
  });

  it('stores an agent’s file once however often the helpdesk retries, and shows it to the visitor', async () => {
    const adapter = filingAdapter();
    const relay = relayForTest({ handoff: { adapters: [adapter] } });
    const conversation = await startConversation(relay);
    await askForPerson(relay, conversation);
    await relay.conversations.idle();
    let downloads = 0;
    adapter.nextEvents = [
      {
        type: 'agent-reply',
        ticketId: 'T-1',
        dedupeKey: 'reply-1',
        agent: { name: 'Grace' },
        text: '',
        attachments: [
          {
            name: 'return-label.pdf',
            contentType: 'application/pdf',
            download: async () => {
              downloads++;
              return fixture('label.pdf');
            },
          },
          { name: 'huge.pdf', size: 50 * 1024 * 1024, download: async () => new Uint8Array() },
          { name: 'page.html', download: async () => new TextEncoder().encode('<html><script>alert(1)</script>') },
        ],
      },
    ];
    for (let attempt = 0; attempt < 2; attempt++) {
      expect((await relay.request('/v1/webhooks/filing', { method: 'POST', body: '{}' })).status).toBe(200);
    }
    const agentMessages = (await eventsOf(relay, conversation.conversationId)).flatMap((event) =>
      event.type === 'message' && event.message.role === 'agent' ? [event.message] : [],
    );
    expect(agentMessages).toHaveLength(1);
    expect(downloads).toBe(1);
    const [message] = agentMessages;
    expect(message?.attachments?.map((file) => [file.name, file.contentType])).toEqual([
      ['return-label.pdf', 'application/pdf'],
    ]);
    expect(message?.text).toContain('“huge.pdf”, “page.html” could not be delivered');
    const read = await relay.request(message?.attachments?.[0]?.url ?? '', {
      headers: { authorization: `Bearer ${conversation.token}` },
    });
    expect(read.status).toBe(200);
    expect(read.headers.get('content-disposition')).toMatch(/^attachment;/);
  });

  it('lets a person on the agent page send a file to the visitor, and refuses one the visitor could not open', async () => {
    const inboxToken = 'inbox-token-0123456789abcdefghijkl';
    const relay = relayForTest({ handoff: { adapters: [createInboxHandoff()], inboxToken } });
    const conversation = await startConversation(relay);
    await askForPerson(relay, conversation);
    await relay.conversations.idle();
    const list = await (
      await relay.request('/v1/agent/conversations', { headers: { authorization: `Bearer ${inboxToken}` } })
    ).json();
    const ticketId = list.conversations[0].ticketId;
    const send = (body: Uint8Array, name: string, actionId: string) =>
      relay.request(
        `/v1/agent/conversations/${ticketId}/attachments?${new URLSearchParams({ actionId, agent: 'Grace', name })}`,
        { method: 'POST', headers: { authorization: `Bearer ${inboxToken}` }, body: body as BodyInit },
      );
    const refused = await send(new TextEncoder().encode('<svg onload=alert(1)>'), 'label.svg', 'upload-00001');
    expect(refused.status).toBe(415);
    const sent = await send(fixture('label.pdf'), 'return label.pdf', 'upload-00002');
    expect(sent.status).toBe(200);
    expect((await send(fixture('label.pdf'), 'return label.pdf', 'upload-00002')).status).toBe(200);
    const agentMessages = (await eventsOf(relay, conversation.conversationId)).flatMap((event) =>
      event.type === 'message' && event.message.role === 'agent' ? [event.message] : [],
    );
    expect(agentMessages.map((message) => message.attachments?.map((file) => file.name))).toEqual([
      ['return label.pdf'],
    ]);
    expect(agentMessages[0]?.author).toEqual({ name: 'Grace' });
  });

  it('hands a photo sent alone to a person without an answer from the assistant, which is told it cannot see it', async () => {
    const relay = relayForTest({ handoff: { adapters: [createInboxHandoff()], development: true } });
    const conversation = await startConversation(relay);
    const photo = await (await upload(relay, conversation, fixture('photo.jpg'))).json();
    await postTo(relay, conversation, 'messages', {
      clientMessageId: 'only-photo',
      attachmentIds: [photo.attachment.id],
    });
    await relay.conversations.idle();
    const events = await eventsOf(relay, conversation.conversationId);
    const handoff = events.find((event) => event.type === 'handoff');
    expect(handoff?.type === 'handoff' && handoff.reasons).toEqual(['attachment']);
    const assistantAnswers = events.filter((event) => event.type === 'message' && event.message.role === 'assistant');
    expect(assistantAnswers).toEqual([]);
  });

  it('hands over a question sent with a photo when the offline assistant cannot judge it', async () => {
    const relay = relayForTest({ handoff: { adapters: [createInboxHandoff()], development: true } });
    const conversation = await startConversation(relay);
    const photo = await (await upload(relay, conversation, fixture('photo.jpg'))).json();
    await postTo(relay, conversation, 'messages', {
      clientMessageId: 'photo-and-question',
      text: 'How long do I have to return an item like this?',
      attachmentIds: [photo.attachment.id],
    });
    await relay.conversations.idle();
    const handoff = (await eventsOf(relay, conversation.conversationId)).find((event) => event.type === 'handoff');
    expect(handoff?.type === 'handoff' && handoff.reasons).toEqual(['attachment']);
  });
});
