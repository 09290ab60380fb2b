import { describe, expect, it } from 'vitest';
import { containsText, fixture, upload } from '../../test/attachment-fixtures.ts';
import { postTo, relayForTest, startConversation } from '../../test/test-fixture.ts';

describe('POST /v1/conversations/:id/attachments', () => {
  it('stores a photo by its content, without location, camera, author or comments, and serves it to the token holder', async () => {
    const relay = relayForTest();
    const conversation = await startConversation(relay);
    const original = fixture('photo.jpg');
    const response = await upload(relay, conversation, original, {
      name: 'tent pole.jpg',
      headers: { 'content-type': 'text/html' },
    });
    expect(response.status).toBe(201);
    const { attachment, duplicate } = await response.json();
    expect(duplicate).toBe(false);
    expect(attachment).toMatchObject({ name: 'tent pole.jpg', contentType: 'image/jpeg', width: 64, height: 48 });
    expect(attachment.url).toBe(`/v1/conversations/${conversation.conversationId}/attachments/${attachment.id}`);

    const read = await relay.request(attachment.url, { headers: { authorization: `Bearer ${conversation.token}` } });
    expect(read.status).toBe(200);
    expect(read.headers.get('content-type')).toBe('image/jpeg');
    expect(read.headers.get('x-content-type-options')).toBe('nosniff');
    expect(read.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(read.headers.get('content-disposition')).toBe(
      `inline; filename="tent pole.jpg"; filename*=UTF-8''tent%20pole.jpg`,
    );
    expect(read.headers.get('cache-control')).toMatch(/^private/);
    const stored = new Uint8Array(await read.arrayBuffer());
    expect(stored.length).toBe(attachment.size);
    expect(stored.length).toBeLessThan(original.length);
    for (const secret of ['TestCam', 'Tent9000', 'Jane Visitor', 'Paris', 'secret comment', 'GPS']) {
      expect(containsText(original, secret) || secret === 'GPS').toBe(true);
      expect(containsText(stored, secret)).toBe(false);
    }
  });

  it('stores the same clientAttachmentId once and answers the repeat with the first upload', async () => {
    const relay = relayForTest();
    const conversation = await startConversation(relay);
    const first = await upload(relay, conversation, fixture('photo.png'), {
      clientAttachmentId: 'same',
      name: 'a.png',
    });
    const again = await upload(relay, conversation, fixture('photo.png'), {
      clientAttachmentId: 'same',
      name: 'a.png',
    });
    expect([first.status, again.status]).toEqual([201, 200]);
    const [firstBody, againBody] = [await first.json(), await again.json()];
    expect(againBody).toEqual({ attachment: firstBody.attachment, duplicate: true });
    expect(await relay.attachments.listWithLinks(conversation.conversationId)).toHaveLength(1);
  });

  it('serves a PDF only as a download', async () => {
    const relay = relayForTest();
    const conversation = await startConversation(relay);
    const { attachment } = await (
      await upload(relay, conversation, fixture('label.pdf'), { name: 'Rücksendeetikett.pdf' })
    ).json();
    expect(attachment.contentType).toBe('application/pdf');
    const read = await relay.request(attachment.url, { headers: { authorization: `Bearer ${conversation.token}` } });
    expect(read.headers.get('content-type')).toBe('application/pdf');
    expect(read.headers.get('content-disposition')).toBe(
      `attachment; filename="R_cksendeetikett.pdf"; filename*=UTF-8''R%C3%BCcksendeetikett.pdf`,
    );
  });

  it('refuses what is not an allowed type, whatever its name says, and stores nothing', async () => {
    const relay = relayForTest();
    const conversation = await startConversation(relay);
    const cases = [
      { name: 'photo.png', body: '<!doctype html><script>alert(document.cookie)</script>' },
      { name: 'logo.svg', body: '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>' },
      { name: 'notes.txt', body: 'just text' },
      { name: 'archive.zip', body: 'PK\u0003\u0004\u0014\u0000\u0000\u0000\u0008\u0000' },
    ];
    for (const [index, { name, body }] of cases.entries()) {
      const response = await upload(relay, conversation, new TextEncoder().encode(body), {
        name,
        clientAttachmentId: `bad-${index}`,
      });
      expect(response.status, name).toBe(415);
      expect((await response.json()).error.code).toBe('attachment_type_not_allowed');
    }
    expect(await relay.attachments.listWithLinks(conversation.conversationId)).toEqual([]);
  });

  it('refuses a file over the limit by its declared length before reading it, and while it streams without one', async () => {
    const relay = relayForTest({ attachments: { maxBytes: 4096 } });
    const conversation = await startConversation(relay);
    const declared = await upload(relay, conversation, new Uint8Array(10), {
      headers: { 'content-length': String(50 * 1024 * 1024) },
    });
    expect(declared.status).toBe(413);
    expect((await declared.json()).error.code).toBe('attachment_too_large');

    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        if (pulled > 1000) controller.close();
        else controller.enqueue(new Uint8Array(1024).fill(0xff));
      },
    });
    const streamed = await upload(relay, conversation, endless, { clientAttachmentId: 'stream' });
    expect(streamed.status).toBe(413);
    expect(pulled).toBeLessThan(20);
  });

  it('takes files far larger than the visitor body limit, up to the attachment limit', async () => {
    const relay = relayForTest({ bodyLimitBytes: 64 * 1024 });
    const conversation = await startConversation(relay);
    // A real photo padded with 4 × 65,000 bytes of JPEG comments: 260 KB on the wire, the comments stripped.
    const photo = fixture('photo.jpg');
    const comment = new Uint8Array(2 + 0xfdea).fill(0x41);
    comment.set([0xff, 0xfe, 0xfd, 0xea]);
    const padded = Uint8Array.from([
      ...photo.subarray(0, 2),
      ...[0, 1, 2, 3].flatMap(() => [...comment]),
      ...photo.subarray(2),
    ]);
    expect(padded.length).toBeGreaterThan(4 * 64 * 1024);
    const response = await upload(relay, conversation, padded);
    expect(response.status).toBe(201);
    const { attachment } = await response.json();
    expect(attachment.size).toBeLessThan(photo.length);
  });

  it('refuses more files than a conversation may hold', async () => {
    const relay = relayForTest({ attachments: { maxPerConversation: 2 } });
    const conversation = await startConversation(relay);
    const statuses: number[] = [];
    for (const id of ['one', 'two', 'three']) {
      statuses.push((await upload(relay, conversation, fixture('anim.gif'), { clientAttachmentId: id })).status);
    }
    expect(statuses).toEqual([201, 201, 409]);
    const again = await upload(relay, conversation, fixture('anim.gif'), { clientAttachmentId: 'four' });
    expect((await again.json()).error.code).toBe('attachment_limit_reached');
    // A repeat of a stored upload is still answered.
    expect((await upload(relay, conversation, fixture('anim.gif'), { clientAttachmentId: 'one' })).status).toBe(200);
  });

  it('refuses a bad clientAttachmentId or an empty name', async () => {
    const relay = relayForTest();
    const conversation = await startConversation(relay);
    const badId = await upload(relay, conversation, fixture('anim.gif'), { clientAttachmentId: '../../etc' });
    expect(badId.status).toBe(400);
    const noName = await upload(relay, conversation, fixture('anim.gif'), { name: '/' });
    expect(noName.status).toBe(400);
  });
});

describe('GET /v1/conversations/:id/attachments/:attachmentId', () => {
  it('is not readable with another conversation’s token, nor without a token', async () => {
    const relay = relayForTest();
    const owner = await startConversation(relay);
    const stranger = await startConversation(relay);
    const { attachment } = await (await upload(relay, owner, fixture('photo.jpg'))).json();
    const withOtherToken = await relay.request(attachment.url, {
      headers: { authorization: `Bearer ${stranger.token}` },
    });
    expect(withOtherToken.status).toBe(403);
    const otherPath = `/v1/conversations/${stranger.conversationId}/attachments/${attachment.id}`;
    const underOtherConversation = await relay.request(otherPath, {
      headers: { authorization: `Bearer ${stranger.token}` },
    });
    expect(underOtherConversation.status).toBe(404);
    expect((await relay.request(attachment.url)).status).toBe(401);
  });

  it('reads with a signed link until it expires; a changed link reads nothing', async () => {
    const relay = relayForTest();
    const conversation = await startConversation(relay);
    const { attachment } = await (await upload(relay, conversation, fixture('photo.webp'), { name: 'x.webp' })).json();
    const signed = await relay.attachments.signedUrl(conversation.conversationId, attachment.id);
    const read = await relay.request(signed);
    expect(read.status).toBe(200);
    expect(read.headers.get('content-type')).toBe('image/webp');
    const url = new URL(signed, 'http://relay');
    const forged = new URL(url);
    forged.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 3600));
    expect((await relay.request(`${forged.pathname}${forged.search}`)).status).toBe(403);
    const expired = await relay.attachments.signedUrl(conversation.conversationId, attachment.id, -10);
    expect((await relay.request(expired)).status).toBe(403);
    const other = await startConversation(relay);
    const moved = signed.replace(conversation.conversationId, other.conversationId);
    expect((await relay.request(moved)).status).toBe(403);
  });
});

describe('POST /v1/conversations/:id/messages with attachmentIds', () => {
  it('sends files with an empty text; the message event carries them; a file goes with one message only', async () => {
    const relay = relayForTest();
    const conversation = await startConversation(relay);
    const { attachment } = await (await upload(relay, conversation, fixture('photo.jpg'))).json();
    const sent = await postTo(relay, conversation, 'messages', {
      clientMessageId: 'with-photo',
      text: '',
      attachmentIds: [attachment.id],
    });
    expect(sent.status).toBe(202);
    expect((await sent.json()).message.attachments).toEqual([attachment]);
    const repeat = await postTo(relay, conversation, 'messages', {
      clientMessageId: 'with-photo',
      text: '',
      attachmentIds: [attachment.id],
    });
    expect(repeat.status).toBe(200);
    const reused = await postTo(relay, conversation, 'messages', {
      clientMessageId: 'another',
      text: 'again',
      attachmentIds: [attachment.id],
    });
    expect(reused.status).toBe(409);
    await relay.conversations.idle();
    const events = await relay.conversations.store.readEvents(conversation.conversationId, 0);
    const visitorMessages = events.flatMap((event) =>
      event.type === 'message' && event.message.role === 'visitor' ? [event.message] : [],
    );
    expect(visitorMessages).toHaveLength(1);
    expect(visitorMessages[0]?.attachments).toEqual([attachment]);
  });

  it('refuses an id that is not a file of this conversation', async () => {
    const relay = relayForTest();
    const owner = await startConversation(relay);
    const other = await startConversation(relay);
    const { attachment } = await (await upload(relay, owner, fixture('photo.jpg'))).json();
    const response = await postTo(relay, other, 'messages', {
      clientMessageId: 'steal',
      text: 'look',
      attachmentIds: [attachment.id],
    });
    expect(response.status).toBe(400);
    expect(await relay.conversations.store.readEvents(other.conversationId, 0)).toEqual([]);
  });
});

describe('retention', () => {
  it('sweeps the files of a conversation the store has forgotten, and keeps those of live ones', async () => {
    const relay = relayForTest();
    const forgotten = await startConversation(relay);
    const kept = await startConversation(relay);
    await upload(relay, forgotten, fixture('photo.jpg'));
    const { attachment } = await (await upload(relay, kept, fixture('photo.png'), { name: 'keep.png' })).json();
    // What the SQLite, Redis and memory stores do once a conversation is past TANDEM_RETENTION_DAYS.
    await relay.conversations.store.deleteConversation(forgotten.conversationId);
    expect(await relay.attachments.sweep()).toBe(1);
    expect(await relay.attachments.listWithLinks(forgotten.conversationId)).toEqual([]);
    expect(await relay.conversations.store.getKey(`attachment-uploads:${forgotten.conversationId}`)).toBeUndefined();
    const read = await relay.request(attachment.url, { headers: { authorization: `Bearer ${kept.token}` } });
    expect(read.status).toBe(200);
    expect(await relay.attachments.sweep()).toBe(0);
  });
});
