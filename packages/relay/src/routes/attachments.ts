import { clientAttachmentIdSchema } from '@tandem/protocol';
import { Hono } from 'hono';
import { z } from 'zod';
import type { StoredAttachment } from '../attachments/attachment-records.ts';
import { cleanFileName } from '../attachments/attachment-service.ts';
import { verifyAttachmentSignature } from '../attachments/signed-url.ts';
import { RelayError } from '../errors.ts';
import type { RelayEnvironment } from './environment.ts';
import { conversationOfRequest } from './validation.ts';

const attachmentIdParameterSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const conversationIdSchema = z.uuid();
const contentLengthSchema = z.coerce.number().int().nonnegative();

/** Picture types a browser may show inline; everything else (PDF) is only ever downloaded. */
const INLINE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);

/**
 * POST /v1/conversations/:id/attachments?clientAttachmentId=&name= — the raw bytes of one file (docs/protocol.md).
 * GET /v1/conversations/:id/attachments/:attachmentId — the file, with the conversation's token or a signed URL.
 */
export function attachmentRoutes() {
  return new Hono<RelayEnvironment>()
    .post('/:conversationId/attachments', async (context) => {
      const attachments = context.var.attachments;
      const conversation = await conversationOfRequest(context, { countsAgainstLimit: true });
      const clientAttachmentId = clientAttachmentIdSchema.safeParse(context.req.query('clientAttachmentId'));
      if (!clientAttachmentId.success) {
        throw new RelayError('bad_request', 'clientAttachmentId: must be 1–64 letters, digits, "_" or "-".');
      }
      const name = cleanFileName(context.req.query('name') ?? '');
      if (name === undefined) throw new RelayError('bad_request', 'name: must be the file name, URL-encoded.');
      const declared = contentLengthSchema.safeParse(context.req.header('content-length'));
      const result = await attachments.upload(conversation.id, {
        clientAttachmentId: clientAttachmentId.data,
        name,
        body: context.req.raw.body,
        declaredLength: declared.success ? declared.data : undefined,
        uploadedBy: 'visitor',
      });
      return context.json(result, result.duplicate ? 200 : 201);
    })
    .get('/:conversationId/attachments/:attachmentId', async (context) => {
      const { attachments, options } = context.var;
      const attachmentId = attachmentIdParameterSchema.safeParse(context.req.param('attachmentId'));
      if (!attachmentId.success) throw new RelayError('not_found', 'No such file.');
      let conversationId: string;
      const signature = context.req.query('signature');
      if (signature !== undefined) {
        const parsedId = conversationIdSchema.safeParse(context.req.param('conversationId'));
        const valid =
          parsedId.success &&
          (await verifyAttachmentSignature(options.secret, parsedId.data, attachmentId.data, {
            expires: context.req.query('expires'),
            signature,
          }));
        if (!valid || !parsedId.success) {
          throw new RelayError('forbidden', 'This link is not valid or has expired; ask for the file again.');
        }
        conversationId = parsedId.data;
      } else {
        conversationId = (await conversationOfRequest(context, { countsAgainstLimit: false })).id;
      }
      const found = await attachments.read(conversationId, attachmentId.data);
      if (!found) throw new RelayError('not_found', 'No such file.');
      return new Response(found.bytes as Uint8Array<ArrayBuffer>, { status: 200, headers: fileHeaders(found.record) });
    });
}

/** True for the upload routes, wherever the relay is mounted: they carry the attachment size limit, not the body limit. */
export function isAttachmentUploadPath(path: string): boolean {
  return /\/v1\/(conversations|agent\/conversations)\/[^/]+\/attachments\/?$/.test(path);
}

// --- internal ---

/**
 * Never HTML or script from the relay's origin: the type decided at upload, no sniffing, a sandbox that runs
 * nothing even when opened directly, and a download (not a page) for anything but the safe picture types.
 */
function fileHeaders(record: StoredAttachment): Headers {
  const disposition = INLINE_TYPES.has(record.contentType) ? 'inline' : 'attachment';
  return new Headers({
    'content-type': record.contentType,
    'content-length': String(record.size),
    'content-disposition': `${disposition}; filename="${asciiFallback(record.name)}"; filename*=UTF-8''${encodeRfc5987(record.name)}`,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'cross-origin-resource-policy': 'cross-origin',
    'cache-control': 'private, max-age=3600',
    'referrer-policy': 'no-referrer',
  });
}

function asciiFallback(name: string): string {
  return name.replace(/[^\x20-\x7e]|["\\]/g, '_');
}

function encodeRfc5987(name: string): string {
  return encodeURIComponent(name).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
