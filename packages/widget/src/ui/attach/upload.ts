import type { Attachment, UploadAttachmentResponse } from '@tandem/protocol';
import type { ChatAttachment } from '../../core/chat-state.ts';
import type { ChatController } from '../../core/controller.ts';
import { OUTBOX_KEY, type OutboxEntry } from '../../core/outbox/outbox.ts';
import type { StoredSession } from '../../core/session/session.ts';
import { RelayRequestError } from '../../core/transport/relay-client.ts';
import { draftOf } from './draft.ts';
import { keepFile, localFile, rememberFile } from './local-files.ts';

const GONE = [401, 403, 404];

/**
 * Uploads the files of an outbox entry that the relay does not have yet, one after the other, and resolves with the
 * relay's ids in order. Each upload carries its clientAttachmentId, so one repeated after a lost answer, a reload or
 * a crash is stored once. An uploaded file's id is written into the stored outbox entry and its stored bytes are
 * deleted; a file the relay refuses for good (too large, a type it does not take) has its bytes deleted too.
 */
export async function uploadEntry(
  controller: ChatController,
  session: StoredSession,
  entry: OutboxEntry,
): Promise<string[]> {
  const { storage } = controller.files();
  const ids: string[] = [];
  for (const attachment of entry.attachments ?? []) {
    const clientAttachmentId = attachment.clientAttachmentId;
    if (attachment.id) {
      ids.push(attachment.id);
      continue;
    }
    if (!clientAttachmentId) continue;
    const key = `file:${clientAttachmentId}`;
    const file = localFile(clientAttachmentId) ?? (await storage.get<Blob>(key));
    if (!file) throw new RelayRequestError(400, 'attachment_missing', 'The file is no longer stored in this browser.');
    let uploaded: Attachment;
    try {
      uploaded = await uploadFile(controller, session, attachment, file);
    } catch (error) {
      if (error instanceof RelayRequestError && !error.retryable && !GONE.includes(error.status)) {
        await Promise.all(
          (entry.attachments ?? []).map((each) => storage.delete(`file:${each.clientAttachmentId}`)),
        ).catch(() => {});
      }
      throw error;
    }
    keepFile(clientAttachmentId, file);
    void rememberFile(uploaded.id, () => Promise.resolve(file));
    await storage.update<OutboxEntry[]>(OUTBOX_KEY, (entries = []) =>
      entries.map((stored) =>
        stored.clientMessageId === entry.clientMessageId
          ? {
              ...stored,
              attachments: stored.attachments?.map((each) =>
                each.clientAttachmentId === clientAttachmentId ? { ...each, id: uploaded.id, url: uploaded.url } : each,
              ),
            }
          : stored,
      ),
    );
    await storage.delete(key).catch(() => {});
    ids.push(uploaded.id);
  }
  return ids;
}

/** One upload, with progress for the bar under the file (XMLHttpRequest: fetch cannot report upload progress). */
async function uploadFile(
  controller: ChatController,
  session: StoredSession,
  attachment: ChatAttachment,
  file: Blob,
): Promise<Attachment> {
  const { relayUrl, fetch: fetcher } = controller.files();
  const clientAttachmentId = attachment.clientAttachmentId ?? '';
  const draft = draftOf(controller);
  const progress = (fraction: number) =>
    draft.change({ progress: { ...draft.state.progress, [clientAttachmentId]: fraction } });
  const url =
    `${relayUrl.replace(/\/+$/, '')}/v1/conversations/${encodeURIComponent(session.conversationId)}/attachments` +
    `?clientAttachmentId=${encodeURIComponent(clientAttachmentId)}&name=${encodeURIComponent(attachment.name)}`;
  progress(0);
  const response = fetcher
    ? await uploadWithFetch(fetcher, url, session.token, file)
    : await uploadWithXhr(url, session.token, file, progress);
  progress(1);
  return response.attachment;
}

interface RawResponse {
  status: number;
  text: string;
  retryAfter: string | null;
}

/** A fetch given in the options (tests, a proxy) is honoured; its progress jumps from 0 to 1. */
async function uploadWithFetch(
  fetcher: typeof fetch,
  url: string,
  token: string,
  file: Blob,
): Promise<UploadAttachmentResponse> {
  let response: Response;
  try {
    // The bytes rather than the Blob: a Blob of another realm (a test DOM, an iframe) may not be read as one.
    const body = new Uint8Array(await file.arrayBuffer());
    response = await fetcher(url, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body });
  } catch {
    throw new RelayRequestError(0, 'network', 'The relay could not be reached.');
  }
  return parseResponse({
    status: response.status,
    text: await response.text(),
    retryAfter: response.headers.get('retry-after'),
  });
}

function uploadWithXhr(
  url: string,
  token: string,
  file: Blob,
  progress: (fraction: number) => void,
): Promise<UploadAttachmentResponse> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    // Ten megabytes on a slow mobile link take minutes; a stalled upload is given up and tried again later.
    request.timeout = 300_000;
    request.setRequestHeader('authorization', `Bearer ${token}`);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) progress(Math.min(event.loaded / event.total, 0.99));
    };
    request.onload = () => {
      try {
        resolve(
          parseResponse({
            status: request.status,
            text: request.responseText,
            retryAfter: request.getResponseHeader('retry-after'),
          }),
        );
      } catch (error) {
        reject(error);
      }
    };
    request.onerror =
      request.ontimeout =
      request.onabort =
        () => reject(new RelayRequestError(0, 'network', 'The relay could not be reached.'));
    request.send(file);
  });
}

function parseResponse({ status, text, retryAfter }: RawResponse): UploadAttachmentResponse {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (status >= 200 && status < 300 && isUploadResponse(body)) return body;
  const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
  const seconds = retryAfter && /^\d{1,6}$/.test(retryAfter.trim()) ? Number(retryAfter) : undefined;
  throw new RelayRequestError(
    status >= 200 && status < 300 ? 502 : status,
    error?.code ?? 'http_error',
    error?.message ?? `The relay answered ${status}.`,
    seconds === undefined ? undefined : Math.min(seconds * 1000, 600_000),
  );
}

function isUploadResponse(body: unknown): body is UploadAttachmentResponse {
  const attachment = (body as Partial<UploadAttachmentResponse> | undefined)?.attachment;
  return typeof attachment?.id === 'string' && typeof attachment.url === 'string';
}
