import { type Attachment, MAX_ATTACHMENT_BYTES, type Message } from '@tandem/protocol';
import { HandoffError } from '../errors.ts';
import type { AttachmentFiles } from '../handoff-adapter.ts';

/** An attachment with its stored bytes, read through the relay's `AttachmentFiles`. */
export interface AttachmentWithBytes {
  attachment: Attachment;
  bytes: Uint8Array;
}

/** The attachments of these messages, oldest first. */
export function attachmentsOf(messages: Message[]): Attachment[] {
  return messages.flatMap((message) => message.attachments ?? []);
}

/**
 * Reads the bytes of each attachment. A read that fails is retryable (the relay's store hiccuped); the whole
 * delivery is retried rather than sent without the file the customer chose.
 */
export async function readAttachments(
  attachments: Attachment[],
  files: AttachmentFiles,
  adapter: string,
): Promise<AttachmentWithBytes[]> {
  const read: AttachmentWithBytes[] = [];
  for (const attachment of attachments) {
    try {
      read.push({ attachment, bytes: await files.read(attachment) });
    } catch (error) {
      if (HandoffError.isInstance(error)) throw error;
      throw new HandoffError('unavailable', `could not read attachment ${attachment.id}: ${String(error)}`, {
        adapter,
        retryable: true,
        cause: error,
      });
    }
  }
  return read;
}

/** "tent-pole.jpg (JPEG image, 1.2 MB)": how an attachment is named wherever only text can be shown. */
export function describeAttachment(attachment: Pick<Attachment, 'name' | 'contentType' | 'size'>): string {
  return `${attachment.name} (${typeLabel(attachment.contentType)}, ${formatBytes(attachment.size)})`;
}

/** "[Attached: a.jpg (JPEG image, 12 KB), b.pdf (PDF, 80 KB)]", or '' for a message without attachments. */
export function attachmentNote(message: Message): string {
  const attachments = message.attachments ?? [];
  if (attachments.length === 0) return '';
  return `[Attached: ${attachments.map(describeAttachment).join(', ')}]`;
}

/** The message's text followed by its attachment note, as one line of plain text. */
export function messageTextWithAttachments(message: Message): string {
  const note = attachmentNote(message);
  if (note === '') return message.text;
  return message.text.trim() === '' ? note : `${message.text}\n${note}`;
}

const EXTENSIONS: Record<string, string[]> = {
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
  'image/webp': ['.webp'],
  'image/gif': ['.gif'],
  'application/pdf': ['.pdf'],
};

/**
 * The name to give a file in the helpdesk: the uploader's name, with the extension of its real type added when it
 * lacks it ("IMG_2041" → "IMG_2041.jpg"), since helpdesks and mail clients pick the viewer by the extension, and
 * Zendesk wants the extension to match the type.
 */
export function fileNameFor(attachment: Pick<Attachment, 'name' | 'contentType'>): string {
  const extensions = EXTENSIONS[attachment.contentType];
  const name = attachment.name.trim() === '' ? 'file' : attachment.name.trim();
  if (extensions === undefined || extensions.some((extension) => name.toLowerCase().endsWith(extension))) return name;
  return `${name}${extensions[0]}`;
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${Math.round(size / 1024)} KB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}

export interface DownloadOptions {
  adapter: string;
  fetch: typeof globalThis.fetch;
  url: string;
  /** Credentials for the helpdesk's file host; give them only for a host that is the helpdesk's own. */
  headers?: Record<string, string>;
  maxBytes?: number;
  timeoutMs?: number;
}

/**
 * Downloads an agent's file with fetch into memory (edge-safe: no Node streams), refusing it once it grows past
 * `maxBytes` instead of buffering whatever a host sends. Redirects are followed; fetch drops `Authorization` when
 * a redirect leaves the origin, so a helpdesk's signed file host never sees the API credentials.
 */
export async function downloadAttachment(options: DownloadOptions): Promise<Uint8Array> {
  const { adapter } = options;
  const maxBytes = options.maxBytes ?? MAX_ATTACHMENT_BYTES;
  let response: Response;
  try {
    response = await options.fetch(options.url, {
      headers: options.headers ?? {},
      redirect: 'follow',
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    });
  } catch (error) {
    throw new HandoffError('unavailable', `downloading an attachment failed: ${String(error)}`, {
      adapter,
      retryable: true,
      cause: error,
    });
  }
  if (!response.ok) {
    await response.body?.cancel();
    const code = response.status === 401 || response.status === 403 ? 'auth_failed' : undefined;
    throw new HandoffError(
      code ?? (response.status === 404 ? 'not_found' : response.status >= 500 ? 'unavailable' : 'rejected'),
      `downloading an attachment answered ${response.status}`,
      { adapter, status: response.status },
    );
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(adapter, maxBytes);
  }
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(adapter, maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** True when `url` is on one of these origins, or on a host ending with one of the suffixes (".slack.com"). */
export function isTrustedHost(url: string, origins: string[], hostSuffixes: string[] = []): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (origins.includes(parsed.origin)) return true;
  return (
    parsed.protocol === 'https:' &&
    hostSuffixes.some((suffix) => parsed.hostname === suffix.slice(1) || parsed.hostname.endsWith(suffix))
  );
}

// --- internal ---

function tooLarge(adapter: string, maxBytes: number): HandoffError {
  return new HandoffError('rejected', `the attachment is larger than ${formatBytes(maxBytes)}`, {
    adapter,
    retryable: false,
  });
}

function typeLabel(contentType: string): string {
  const labels: Record<string, string> = {
    'image/jpeg': 'JPEG image',
    'image/png': 'PNG image',
    'image/webp': 'WebP image',
    'image/gif': 'GIF image',
    'application/pdf': 'PDF',
  };
  return labels[contentType] ?? contentType;
}
