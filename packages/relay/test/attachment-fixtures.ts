import { readFileSync } from 'node:fs';
import type { Relay } from '../src/app.ts';

/**
 * Real files made with ImageMagick, cwebp and exiftool (see fixtures/attachments/README.md): pictures carrying GPS
 * location, camera, author, city and comments, a PDF, an animated GIF.
 */
export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`./fixtures/attachments/${name}`, import.meta.url)));
}

/** Uploads raw bytes the way the widget does. */
export function upload(
  relay: { request: Relay['request'] },
  conversation: { conversationId: string; token: string },
  body: Uint8Array | ReadableStream<Uint8Array>,
  { clientAttachmentId = 'file-1', name = 'photo.jpg', headers = {} as Record<string, string> } = {},
): Promise<Response> {
  const query = new URLSearchParams({ clientAttachmentId, name });
  return Promise.resolve(
    relay.request(`/v1/conversations/${conversation.conversationId}/attachments?${query}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${conversation.token}`,
        'content-type': 'application/octet-stream',
        ...headers,
      },
      body: body as BodyInit,
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit),
  );
}

/** Whether `needle` (ASCII) occurs anywhere in the bytes. */
export function containsText(bytes: Uint8Array, needle: string): boolean {
  return Buffer.from(bytes).includes(Buffer.from(needle, 'latin1'));
}
