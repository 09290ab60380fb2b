import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../test/attachment-fixtures.ts';
import { killHard, type RelayProcess, startRelayProcess } from './relay-process.ts';

const STAFF_TOKEN = 'durability-staff-token-0123456789';
let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'tandem-attachments-'));
  await writeFile(
    join(directory, 'returns.md'),
    '# Returns\n\n## Return window\nYou have 30 days to return an item.\n',
  );
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

function environment(): Record<string, string> {
  return {
    TANDEM_PORT: '0',
    TANDEM_SECRET: 'durability-test-secret-0123456789abcdef',
    TANDEM_ALLOWED_ORIGINS: 'https://shop.example',
    TANDEM_KNOWLEDGE_DIR: directory,
    // No TANDEM_STORE: the default, SQLite and files in the data directory, is what is tested.
    TANDEM_DATA_DIR: join(directory, 'data'),
    TANDEM_AUDIT_TOKEN: STAFF_TOKEN,
  };
}

interface Conversation {
  conversationId: string;
  token: string;
}

describe('attachments on tandem-relay’s default store', () => {
  it('keeps files and the messages that carry them through kill -9, and deletes them with the conversation', {
    timeout: 120_000,
  }, async () => {
    let relay: RelayProcess = startRelayProcess(environment());
    try {
      let url = await relay.url();
      const conversation = (await (
        await fetch(`${url}/v1/conversations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
      ).json()) as Conversation;
      const authorization = `Bearer ${conversation.token}`;
      const uploadPath = `/v1/conversations/${conversation.conversationId}/attachments?clientAttachmentId=pole&name=pole.jpg`;
      const uploaded = await fetch(`${url}${uploadPath}`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'image/jpeg' },
        body: fixture('photo.jpg') as BodyInit,
      });
      expect(uploaded.status).toBe(201);
      const { attachment } = await uploaded.json();
      const sent = await fetch(`${url}/v1/conversations/${conversation.conversationId}/messages`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ clientMessageId: 'm1', text: 'Broken on arrival', attachmentIds: [attachment.id] }),
      });
      expect(sent.status).toBe(202);
      const before = new Uint8Array(
        await (await fetch(`${url}${attachment.url}`, { headers: { authorization } })).arrayBuffer(),
      );

      await killHard(relay);
      relay = startRelayProcess(environment());
      url = await relay.url();

      const read = await fetch(`${url}${attachment.url}`, { headers: { authorization } });
      expect(read.status).toBe(200);
      expect(new Uint8Array(await read.arrayBuffer())).toEqual(before);
      const again = await fetch(`${url}${uploadPath}`, {
        method: 'POST',
        headers: { authorization },
        body: fixture('photo.jpg') as BodyInit,
      });
      expect(again.status).toBe(200);
      expect((await again.json()).attachment).toEqual(attachment);
      const repeat = await fetch(`${url}/v1/conversations/${conversation.conversationId}/messages`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ clientMessageId: 'm1', text: 'Broken on arrival', attachmentIds: [attachment.id] }),
      });
      expect(repeat.status).toBe(200);
      expect((await repeat.json()).message.attachments).toEqual([attachment]);

      const folder = join(directory, 'data', 'attachments');
      expect(await readdir(join(folder, conversation.conversationId))).toEqual([attachment.id]);
      const deleted = await fetch(`${url}/v1/staff/conversations/${conversation.conversationId}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${STAFF_TOKEN}` },
      });
      expect(await deleted.json()).toMatchObject({ deleted: true, files: 1 });
      expect(await readdir(folder)).toEqual([]);
    } finally {
      await killHard(relay);
    }
  });
});
