import type { Attachment } from '@tandem/protocol';
import { HandoffError } from '../errors.ts';
import type { InboundAttachment } from '../handoff-adapter.ts';
import { type AttachmentWithBytes, downloadAttachment, fileNameFor, isTrustedHost } from '../internal/attachments.ts';
import type { HttpClient } from '../internal/http.ts';

/**
 * Uploads files with the Attachments API (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-attachments/#upload-files):
 * `POST /api/v2/uploads?filename=` with the raw bytes and their type; the first answer's token is passed with the
 * next files so one token carries them all. The token goes in a comment's `uploads` within 60 minutes.
 */
export async function uploadToZendesk(
  http: HttpClient,
  files: AttachmentWithBytes[],
  adapter: string,
): Promise<string> {
  let token: string | undefined;
  for (const { attachment, bytes } of files) {
    const response = await http({
      method: 'POST',
      path: '/api/v2/uploads',
      query: { filename: fileNameFor(attachment), token },
      body: bytes,
      headers: { 'content-type': attachment.contentType },
    });
    const answered = (response.body as { upload?: { token?: unknown } } | undefined)?.upload?.token;
    if (typeof answered !== 'string' || answered === '') {
      throw new HandoffError('unavailable', 'Zendesk answered an upload without a token', { adapter, retryable: true });
    }
    token = answered;
  }
  if (token === undefined) throw new HandoffError('bad_request', 'no files to upload', { adapter, retryable: false });
  return token;
}

/** A comment body for files that could not be attached, or that were sent without words. */
export function filesSentText(attachments: Attachment[]): string {
  return `Sent ${attachments.map((attachment) => attachment.name).join(', ')}`;
}

/** An attachment of a ticket comment (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-attachments/#json-format). */
interface ZendeskAttachment {
  id?: unknown;
  file_name?: unknown;
  content_url?: unknown;
  content_type?: unknown;
  size?: unknown;
  deleted?: unknown;
  malware_scan_result?: unknown;
}

export interface ZendeskComment {
  id?: unknown;
  public?: unknown;
  attachments?: ZendeskAttachment[];
}

interface CommentFilesOptions {
  http: HttpClient;
  fetch: typeof globalThis.fetch;
  adapter: string;
  /** The Zendesk instance's origin: only its own URLs get the API credentials. */
  origin: string;
  authorization: string;
}

/**
 * The attachments of one comment. Zendesk has no endpoint for a single comment, so the ticket's comments are listed
 * newest first and the comment found by id. Deleted files and files Zendesk's scan found malware in are skipped.
 */
export async function commentAttachments(
  ticketId: string,
  commentId: string,
  options: CommentFilesOptions,
): Promise<InboundAttachment[]> {
  const response = await options.http({
    method: 'GET',
    path: `/api/v2/tickets/${ticketId}/comments`,
    query: { sort_order: 'desc', include_inline_images: 'true' },
  });
  const comments = (response.body as { comments?: ZendeskComment[] } | undefined)?.comments ?? [];
  const comment = comments.find((candidate) => String(candidate.id) === commentId);
  return toInboundAttachments(comment?.attachments ?? [], options);
}

/** Whether any comment on the ticket already carries files (a retried open must not attach them twice). */
export async function ticketHasAttachments(http: HttpClient, ticketId: string): Promise<boolean> {
  const response = await http({ method: 'GET', path: `/api/v2/tickets/${ticketId}/comments` });
  const comments = (response.body as { comments?: ZendeskComment[] } | undefined)?.comments ?? [];
  return comments.some((comment) => (comment.attachments?.length ?? 0) > 0);
}

// --- internal ---

function toInboundAttachments(attachments: ZendeskAttachment[], options: CommentFilesOptions): InboundAttachment[] {
  return attachments.slice(0, 20).flatMap((attachment): InboundAttachment[] => {
    const url = attachment.content_url;
    if (typeof url !== 'string' || attachment.deleted === true) return [];
    if (attachment.malware_scan_result === 'malware_detected') return [];
    // content_url may point at an external host (Zendesk warns about this): credentials only for its own origin.
    const headers = isTrustedHost(url, [options.origin]) ? { authorization: options.authorization } : undefined;
    return [
      {
        name: typeof attachment.file_name === 'string' ? attachment.file_name : 'file',
        ...(typeof attachment.content_type === 'string' ? { contentType: attachment.content_type } : {}),
        ...(typeof attachment.size === 'number' ? { size: attachment.size } : {}),
        download: () =>
          downloadAttachment({
            adapter: options.adapter,
            fetch: options.fetch,
            url,
            ...(headers === undefined ? {} : { headers }),
          }),
      },
    ];
  });
}
