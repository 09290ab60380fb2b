import type { Attachment } from '@tandem/protocol';
import type { AttachmentFiles } from '../src/handoff-adapter.ts';
import { fromHex, hmacSha256, toHex, verifyHmacSha256 } from '../src/internal/crypto.ts';
import { startLoopbackServer } from './fakes/loopback.ts';

export interface RelayFiles {
  files: AttachmentFiles;
  /** Signed-URL requests refused (bad signature, expired, unknown file). */
  refused: string[];
  close(): Promise<void>;
}

/**
 * The relay's side of `AttachmentFiles` for the conformance suite: bytes by attachment id, and signed URLs
 * (`?expires=&signature=`, HMAC-SHA256 over "<attachment path>:<expires>") that a loopback server answers, so a
 * helpdesk given a link can fetch the file as it would from a real relay.
 */
export async function startRelayFiles(stored: { attachment: Attachment; bytes: Uint8Array }[]): Promise<RelayFiles> {
  const secret = `relay-files-${Math.random().toString(36).slice(2)}`;
  const refused: string[] = [];
  const server = await startLoopbackServer(async (request) => {
    const found = stored.find((entry) => entry.attachment.url === request.path);
    const expires = request.query.get('expires') ?? '';
    const valid =
      found !== undefined &&
      /^\d+$/.test(expires) &&
      Number(expires) * 1000 > Date.now() &&
      (await verifyHmacSha256(secret, `${request.path}:${expires}`, fromHex(request.query.get('signature') ?? '')));
    if (!valid || found === undefined) {
      refused.push(request.path);
      return { status: 403, body: { error: { code: 'forbidden', message: 'bad or expired signature' } } };
    }
    return {
      status: 200,
      headers: { 'content-type': found.attachment.contentType, 'x-content-type-options': 'nosniff' },
      body: found.bytes,
    };
  });
  return {
    files: {
      async read(attachment) {
        const found = stored.find((entry) => entry.attachment.id === attachment.id);
        if (found === undefined) throw new Error(`no stored attachment ${attachment.id}`);
        return found.bytes;
      },
      async signedUrl(attachment) {
        const expires = String(Math.floor(Date.now() / 1000) + 15 * 60);
        const signature = toHex(await hmacSha256(secret, `${attachment.url}:${expires}`));
        return `${server.url}${attachment.url}?expires=${expires}&signature=${signature}`;
      },
    },
    refused,
    close: () => server.close(),
  };
}
