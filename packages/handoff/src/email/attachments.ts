import type { Attachment } from '@tandem/protocol';
import { escapeHtml } from '../context/html.ts';
import { HandoffError } from '../errors.ts';
import type { AttachmentFiles, InboundAttachment } from '../handoff-adapter.ts';
import { describeAttachment, downloadAttachment, fileNameFor, readAttachments } from '../internal/attachments.ts';
import { fromBase64 } from '../internal/crypto.ts';
import type { InboundEmailAttachment } from './options.ts';
import type { EmailAttachment, OutgoingEmail } from './transport.ts';

/**
 * Attaches the customer's files to an email, oldest first, up to `maxBytes` in all (mail servers refuse large
 * messages: 25 MB at Gmail, 40 MB at Resend after base64). Files past the budget are linked instead, with the
 * relay's signed, expiring address, so the agent still gets every file.
 */
export async function attachToEmail(
  email: OutgoingEmail,
  attachments: Attachment[],
  files: AttachmentFiles,
  options: { maxBytes: number; adapter: string },
): Promise<void> {
  const fitting: Attachment[] = [];
  const linked: Attachment[] = [];
  let total = 0;
  for (const attachment of attachments) {
    if (total + attachment.size <= options.maxBytes) {
      fitting.push(attachment);
      total += attachment.size;
    } else linked.push(attachment);
  }
  const read = await readAttachments(fitting, files, options.adapter);
  const attached: EmailAttachment[] = read.map(({ attachment, bytes }) => ({
    filename: fileNameFor(attachment),
    contentType: attachment.contentType,
    content: bytes,
  }));
  email.attachments = [...(email.attachments ?? []), ...attached];
  if (linked.length === 0) return;
  const links = await Promise.all(
    linked.map(async (attachment) => ({ attachment, url: await files.signedUrl(attachment) })),
  );
  const heading = 'Too large to attach (the links expire):';
  email.text += `\n\n${heading}\n${links.map(({ attachment, url }) => `- ${describeAttachment(attachment)}: ${url}`).join('\n')}`;
  const items = links
    .map(
      ({ attachment, url }) =>
        `<li><a href="${escapeHtml(url)}">${escapeHtml(describeAttachment(attachment))}</a></li>`,
    )
    .join('');
  email.html = email.html.replace(/<\/body><\/html>$/, `<p>${escapeHtml(heading)}</p><ul>${items}</ul></body></html>`);
}

/**
 * The files of an agent's reply as the inbound-email webhook carries them: inline base64 `content` (small files:
 * the webhook body is limited to 1 MB) or a `url` the forwarder stores the file at, fetched without credentials.
 */
export function inboundEmailAttachments(
  attachments: InboundEmailAttachment[],
  options: { adapter: string; fetch: typeof globalThis.fetch },
): InboundAttachment[] {
  return attachments.map((attachment) => {
    const common = {
      name: attachment.filename,
      ...(attachment.contentType === undefined ? {} : { contentType: attachment.contentType }),
    };
    if (attachment.content !== undefined) {
      const bytes = fromBase64(attachment.content.replace(/\s+/g, ''));
      if (bytes === undefined)
        throw new HandoffError('bad_request', `attachment ${attachment.filename} is not valid base64`, {
          adapter: options.adapter,
          retryable: false,
        });
      return { ...common, size: bytes.byteLength, download: async () => bytes };
    }
    const url = attachment.url ?? '';
    return {
      ...common,
      ...(attachment.size === undefined ? {} : { size: attachment.size }),
      download: () => downloadAttachment({ adapter: options.adapter, fetch: options.fetch, url }),
    };
  });
}
