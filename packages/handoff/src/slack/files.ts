import type { Message } from '@tandem/protocol';
import { speakerLabel, truncate } from '../context/describe.ts';
import { escapeMrkdwn } from '../context/slack-blocks.ts';
import { HandoffError } from '../errors.ts';
import type { InboundAttachment } from '../handoff-adapter.ts';
import { type AttachmentWithBytes, downloadAttachment, fileNameFor, isTrustedHost } from '../internal/attachments.ts';
import { codeForStatus } from '../internal/http.ts';
import type { SlackApiCall } from './slack-api.ts';

/** Slack keeps an upload's `initial_comment` to a message's length; longer text goes in its own message first. */
export const INITIAL_COMMENT_LIMIT = 3000;

interface ShareOptions {
  api: SlackApiCall;
  fetch: typeof globalThis.fetch;
  adapter: string;
  channel: string;
  threadTs: string;
  files: AttachmentWithBytes[];
  /** The message introducing the files in the thread. */
  initialComment: string;
  timeoutMs: number;
}

/**
 * Uploads files into a thread the way Slack requires since files.upload was retired
 * (https://docs.slack.dev/messaging/working-with-files#uploading_files): files.getUploadURLExternal for each file,
 * the bytes POSTed to the returned URL, then one files.completeUploadExternal that shares them all in the thread
 * with the introducing comment. Needs the files:write scope.
 */
export async function shareFilesInThread(options: ShareOptions): Promise<void> {
  const { api, adapter } = options;
  const uploaded: { id: string; title: string }[] = [];
  for (const { attachment, bytes } of options.files) {
    const target = await api(
      'files.getUploadURLExternal',
      { filename: fileNameFor(attachment), length: bytes.byteLength },
      'FORM',
    );
    const uploadUrl = target.upload_url;
    const fileId = target.file_id;
    if (typeof uploadUrl !== 'string' || typeof fileId !== 'string') {
      throw new HandoffError('unavailable', 'files.getUploadURLExternal answered without upload_url and file_id', {
        adapter,
        retryable: true,
      });
    }
    await postBytes(uploadUrl, bytes, options);
    uploaded.push({ id: fileId, title: fileNameFor(attachment) });
  }
  if (uploaded.length === 0) return;
  await api(
    'files.completeUploadExternal',
    {
      files: uploaded,
      channel_id: options.channel,
      thread_ts: options.threadTs,
      initial_comment: options.initialComment,
    },
    'FORM',
  );
}

/** "*Customer:* the photo of the pole", or "*Customer:* sent 2 files" when the message is only attachments. */
export function initialCommentFor(message: Message): string {
  const text = message.text.trim();
  const count = message.attachments?.length ?? 0;
  const body = text === '' ? `sent ${count === 1 ? 'a file' : `${count} files`}` : escapeMrkdwn(text);
  return truncate(`*${escapeMrkdwn(speakerLabel(message))}:* ${body}`, INITIAL_COMMENT_LIMIT);
}

/** A file as Slack describes it in a message event or files.info (https://docs.slack.dev/reference/objects/file-object). */
export interface SlackFile {
  id?: unknown;
  name?: unknown;
  title?: unknown;
  mimetype?: unknown;
  size?: unknown;
  mode?: unknown;
  file_access?: unknown;
  url_private?: unknown;
  url_private_download?: unknown;
}

interface InboundFileOptions {
  api: SlackApiCall;
  fetch: typeof globalThis.fetch;
  adapter: string;
  botToken: string;
  /** The Web API's origin: loopback in tests, where the fake also serves its files. */
  apiOrigin: string;
  timeoutMs: number;
}

/**
 * The files of an agent's message, ready for the relay to download with the bot token (files:read). Deleted files
 * (mode "tombstone") and links to external storage are skipped; a Slack Connect file that says
 * `file_access: "check_file_info"` is looked up with files.info first.
 */
export async function inboundFiles(files: unknown, options: InboundFileOptions): Promise<InboundAttachment[]> {
  if (!Array.isArray(files)) return [];
  const attachments: InboundAttachment[] = [];
  for (const listed of files.slice(0, 20) as SlackFile[]) {
    let file = listed;
    if (file.file_access === 'check_file_info' && typeof file.id === 'string') {
      file = ((await options.api('files.info', { file: file.id }, 'GET')).file ?? {}) as SlackFile;
    }
    if (file.mode === 'tombstone' || file.mode === 'external') continue;
    const url =
      typeof file.url_private_download === 'string'
        ? file.url_private_download
        : typeof file.url_private === 'string'
          ? file.url_private
          : undefined;
    if (url === undefined) continue;
    const name = [file.name, file.title].find((value) => typeof value === 'string' && value.trim() !== '');
    // The bot token goes only to Slack's own file host, never to wherever a crafted event points.
    const trusted = isTrustedHost(url, [options.apiOrigin], ['.slack.com']);
    attachments.push({
      name: typeof name === 'string' ? name : 'file',
      ...(typeof file.mimetype === 'string' ? { contentType: file.mimetype } : {}),
      ...(typeof file.size === 'number' ? { size: file.size } : {}),
      download: async () => {
        if (!trusted)
          throw new HandoffError('rejected', `refusing to download a Slack file from ${new URL(url).host}`, {
            adapter: options.adapter,
            retryable: false,
          });
        return downloadAttachment({
          adapter: options.adapter,
          fetch: options.fetch,
          url,
          headers: { authorization: `Bearer ${options.botToken}` },
          timeoutMs: options.timeoutMs,
        });
      },
    });
  }
  return attachments;
}

// --- internal ---

/** Raw bytes to the upload URL; it carries its own credential, so the bot token is not sent along. */
async function postBytes(uploadUrl: string, bytes: Uint8Array, options: ShareOptions): Promise<void> {
  let response: Response;
  try {
    response = await options.fetch(uploadUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes as BodyInit,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    throw new HandoffError('unavailable', `uploading a file to Slack failed: ${String(error)}`, {
      adapter: options.adapter,
      retryable: true,
      cause: error,
    });
  }
  const text = await response.text();
  if (!response.ok) {
    throw new HandoffError(
      codeForStatus(response.status),
      `uploading a file to Slack answered ${response.status}: ${text.slice(0, 200)}`,
      {
        adapter: options.adapter,
        status: response.status,
      },
    );
  }
}
