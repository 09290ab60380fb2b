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
import { type FakeSlack, startFakeSlack } from '../../test/fakes/slack-fake.ts';
import { HandoffError } from '../errors.ts';
import type { AgentReplyEvent, HandoffAdapter, HandoffTicket } from '../handoff-adapter.ts';
import { createSlackHandoff } from './slack.ts';

const SIGNING_SECRET = 'slack-signing-secret-for-tests';
const BOT_TOKEN = 'xoxb-test-token';
const CHANNEL = 'C0HANDOFF';

let slack: FakeSlack;
let adapter: HandoffAdapter;
let ticket: HandoffTicket;
let threadTs: string;

beforeEach(async () => {
  slack = await startFakeSlack({
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    channels: [CHANNEL],
    users: [{ id: 'U0GRACE', name: 'grace', displayName: 'Grace' }],
  });
  adapter = createSlackHandoff({
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    channel: CHANNEL,
    baseURL: slack.apiURL,
    botUserId: slack.botUserId,
  });
  ticket = await adapter.open(sampleContext());
  threadTs = ticket.data?.threadTs ?? '';
});
afterEach(() => slack.close());

const photo = sampleAttachment('att_photo', 'tent-pole.png', SAMPLE_PNG);
const label = sampleAttachment('att_label', 'return label.pdf', SAMPLE_PDF);

function withAttachments(base: Message, ...attachments: { attachment: Attachment }[]): Message {
  return { ...base, attachments: attachments.map((entry) => entry.attachment) };
}

async function agentReply(request: Request): Promise<AgentReplyEvent> {
  const result = await adapter.inbound?.(request);
  const reply = result?.events.find((event): event is AgentReplyEvent => event.type === 'agent-reply');
  if (reply === undefined) throw new Error('no agent reply');
  return reply;
}

describe("a visitor's files into the Slack thread", () => {
  it('uploads them with getUploadURLExternal and completeUploadExternal into the thread, bytes intact', async () => {
    const files = attachmentFiles([photo, label]);
    await adapter.send(ticket, withAttachments(message('m4', 'visitor', 'The pole snapped <here>'), photo, label), {
      files,
    });
    const shared = slack.thread(CHANNEL, threadTs).filter((reply) => reply.files !== undefined);
    expect(shared).toHaveLength(1);
    expect(shared[0]?.text).toBe('*Customer:* The pole snapped &lt;here&gt;');
    expect(shared[0]?.files?.map((file) => [file.name, file.mimetype, Buffer.from(file.bytes)])).toEqual([
      ['tent-pole.png', 'image/png', Buffer.from(SAMPLE_PNG)],
      ['return label.pdf', 'application/pdf', Buffer.from(SAMPLE_PDF)],
    ]);
    expect(slack.calls.map((call) => call.method).filter((method) => method.startsWith('files.'))).toEqual([
      'files.getUploadURLExternal',
      'files.getUploadURLExternal',
      'files.completeUploadExternal',
    ]);
    expect(slack.calls.find((call) => call.method === 'files.getUploadURLExternal')?.body).toEqual({
      filename: 'tent-pole.png',
      length: String(SAMPLE_PNG.byteLength),
    });
    expect(files.reads).toEqual(['att_photo', 'att_label']);
    // The upload URL carries its own credential: the bot token stays with the Web API.
    expect(slack.uploadRequests).toEqual([
      { authorization: undefined, bytes: SAMPLE_PNG.byteLength },
      { authorization: undefined, bytes: SAMPLE_PDF.byteLength },
    ]);
  });

  it('gives a file without an extension the one of its type, so Slack shows it as what it is', async () => {
    const camera = sampleAttachment('att_camera', 'IMG_2041', SAMPLE_PNG, 'image/png');
    await adapter.send(ticket, withAttachments(message('m4', 'visitor', ''), camera), {
      files: attachmentFiles([camera]),
    });
    const shared = slack.thread(CHANNEL, threadTs).find((reply) => reply.files !== undefined);
    expect(shared?.files?.map((file) => [file.name, file.mimetype])).toEqual([['IMG_2041.png', 'image/png']]);
  });

  it('says "sent a file" for a message that is only a photo', async () => {
    await adapter.send(ticket, withAttachments(message('m4', 'visitor', ''), photo), {
      files: attachmentFiles([photo]),
    });
    const shared = slack.thread(CHANNEL, threadTs).find((reply) => reply.files !== undefined);
    expect(shared?.text).toBe('*Customer:* sent a file');
  });

  it('names the files in the text when the relay gives no access to their bytes', async () => {
    await adapter.send(ticket, withAttachments(message('m4', 'visitor', 'See photo'), photo));
    const last = slack.thread(CHANNEL, threadTs).at(-1);
    expect(last?.files).toBeUndefined();
    expect(last?.text).toBe('Customer: See photo\n[Attached: tent-pole.png (PNG image, 70 B)]');
  });

  it('uploads the files sent before the handoff into the new thread', async () => {
    const context = sampleContext({
      conversationId: 'c_files',
      transcript: [withAttachments(message('m1', 'visitor', 'Broken on arrival'), photo)],
    });
    const opened = await adapter.open(context, { files: attachmentFiles([photo]) });
    const thread = slack.thread(CHANNEL, opened.data?.threadTs ?? '');
    expect(thread.find((reply) => reply.files !== undefined)?.files?.map((file) => file.name)).toEqual([
      'tent-pole.png',
    ]);
    expect(JSON.stringify(slack.parents(CHANNEL).at(-1)?.blocks)).toContain('[Attached: tent-pole.png');
  });

  it('uploads them once when the open is retried after its answer was lost', async () => {
    const context = sampleContext({
      conversationId: 'c_retry',
      transcript: [withAttachments(message('m1', 'visitor', 'Broken on arrival'), photo)],
    });
    const files = attachmentFiles([photo]);
    slack.failNext('chat.postMessage', { kind: 'lose-response' });
    await expect(adapter.open(context, { files })).rejects.toMatchObject({ retryable: true });
    const opened = await adapter.open(context, { files });
    await adapter.open(context, { files });
    const shared = slack.thread(CHANNEL, opened.data?.threadTs ?? '').filter((reply) => reply.files !== undefined);
    expect(shared.map((reply) => reply.files?.map((file) => file.name))).toEqual([['tent-pole.png']]);
  });

  it('reports a workspace that refuses uploads as an error a retry cannot fix', async () => {
    slack.failNext('files.getUploadURLExternal', { kind: 'error', error: 'file_uploads_disabled' });
    const error = await adapter
      .send(ticket, withAttachments(message('m4', 'visitor', 'photo'), photo), { files: attachmentFiles([photo]) })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(HandoffError.isInstance(error) && [error.code, error.retryable]).toEqual(['rejected', false]);
  });

  it('never calls the retired files.upload', async () => {
    await adapter.send(ticket, withAttachments(message('m4', 'visitor', 'photo'), photo), {
      files: attachmentFiles([photo]),
    });
    expect(slack.calls.some((call) => call.method === 'files.upload')).toBe(false);
  });
});

describe("an agent's files back to the widget", () => {
  it('turns a file share in the thread into an agent reply whose attachments download with the bot token', async () => {
    const reply = await agentReply(
      await slack.humanFileShare({
        channel: CHANNEL,
        threadTs,
        user: 'U0GRACE',
        text: 'Here is your return label',
        files: [{ name: 'label.pdf', bytes: SAMPLE_PDF }],
      }),
    );
    expect(reply).toMatchObject({ ticketId: ticket.id, agent: { name: 'Grace' }, text: 'Here is your return label' });
    expect(reply.attachments?.map(({ name, contentType, size }) => ({ name, contentType, size }))).toEqual([
      { name: 'label.pdf', contentType: 'application/pdf', size: SAMPLE_PDF.byteLength },
    ]);
    expect(Buffer.from((await reply.attachments?.[0]?.download()) ?? [])).toEqual(Buffer.from(SAMPLE_PDF));
  });

  it('passes on a file shared without any text', async () => {
    const reply = await agentReply(
      await slack.humanFileShare({
        channel: CHANNEL,
        threadTs,
        user: 'U0GRACE',
        files: [{ name: 'diagram.png', bytes: SAMPLE_PNG }],
      }),
    );
    expect(reply.text).toBe('');
    expect(reply.attachments).toHaveLength(1);
  });

  it('looks a Slack Connect file up with files.info before downloading it', async () => {
    const reply = await agentReply(
      await slack.humanFileShare({
        channel: CHANNEL,
        threadTs,
        user: 'U0GRACE',
        text: 'label',
        slackConnect: true,
        files: [{ name: 'label.pdf', bytes: SAMPLE_PDF }],
      }),
    );
    expect(slack.calls.some((call) => call.method === 'files.info')).toBe(true);
    expect(reply.attachments?.[0]?.name).toBe('label.pdf');
    expect(Buffer.from((await reply.attachments?.[0]?.download()) ?? [])).toEqual(Buffer.from(SAMPLE_PDF));
  });

  it('never sends the bot token to a host that is not Slack, even in a signed event', async () => {
    const seen: (string | undefined)[] = [];
    const elsewhere: LoopbackServer = await startLoopbackServer((request) => {
      seen.push(request.headers.authorization);
      return { status: 200, body: SAMPLE_PNG };
    });
    try {
      const request = await slack.event({
        type: 'message',
        subtype: 'file_share',
        channel: CHANNEL,
        user: 'U0GRACE',
        text: 'look',
        ts: '5.000001',
        thread_ts: threadTs,
        files: [{ id: 'F0EVIL', name: 'x.png', url_private_download: `${elsewhere.url}/steal/x.png` }],
      });
      const reply = await agentReply(request);
      const error = await reply.attachments?.[0]?.download().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(HandoffError.isInstance(error) && error.code).toBe('rejected');
      expect(seen).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });

  it("never hands the bot's own file share back as an agent's reply, even without botUserId configured", async () => {
    const unconfigured = createSlackHandoff({
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      channel: CHANNEL,
      baseURL: slack.apiURL,
    });
    await unconfigured.send(ticket, withAttachments(message('m4', 'visitor', 'photo'), photo), {
      files: attachmentFiles([photo]),
    });
    const own = slack.thread(CHANNEL, threadTs).find((reply) => reply.files !== undefined);
    expect(own?.botId).toBeUndefined();
    const echoed = await slack.event({
      type: 'message',
      subtype: 'file_share',
      channel: CHANNEL,
      user: own?.user,
      text: own?.text,
      ts: own?.ts,
      thread_ts: threadTs,
      files: own?.files?.map((file) => ({ id: file.id, name: file.name, url_private_download: `${slack.url}/x` })),
    });
    expect((await unconfigured.inbound?.(echoed))?.events).toEqual([]);
    expect(slack.calls.filter((call) => call.method === 'auth.test')).toHaveLength(1);
  });

  it('skips deleted files and still delivers the text', async () => {
    const reply = await agentReply(
      await slack.event({
        type: 'message',
        subtype: 'file_share',
        channel: CHANNEL,
        user: 'U0GRACE',
        text: 'oops, wrong file',
        ts: '5.000002',
        thread_ts: threadTs,
        files: [{ id: 'F0GONE', mode: 'tombstone' }],
      }),
    );
    expect(reply).toMatchObject({ text: 'oops, wrong file' });
    expect(reply.attachments).toBeUndefined();
  });
});
