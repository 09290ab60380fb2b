import type { AttachmentFiles, InboundAttachment } from '@tandem/handoff';
import { type Attachment, MAX_ATTACHMENT_NAME_LENGTH } from '@tandem/protocol';
import { RelayError } from '../errors.ts';
import type { Logger } from '../observability/logger.ts';
import { base64UrlEncode, utf8 } from '../security/encoding.ts';
import type { ConversationStore } from '../store/store.ts';
import { AttachmentRecords, type StoredAttachment, toAttachment } from './attachment-records.ts';
import { type BlobStore, blobKeyOf } from './blob/blob-store.ts';
import { FileRejectedError, type InspectedFile, inspectFile } from './inspect/inspect-file.ts';
import { readLimited } from './read-limited.ts';
import { signedAttachmentPath } from './signed-url.ts';

export interface AttachmentServiceOptions {
  store: ConversationStore;
  blobs: BlobStore;
  /** Signs the expiring URLs; the relay's secret. */
  secret: string;
  maxBytes: number;
  maxPerConversation: number;
  signedUrlTtlSeconds: number;
  /** The relay's public address, to make signed URLs absolute for helpdesks; without it they are paths. */
  publicUrl?: string | undefined;
  logger: Logger;
}

export interface UploadInput {
  clientAttachmentId: string;
  name: string;
  /** The raw bytes, read here with the size limit. */
  body: ReadableStream<Uint8Array> | Uint8Array | null;
  /** The Content-Length the client declared, refused before reading when over the limit. */
  declaredLength?: number | undefined;
  uploadedBy: 'visitor' | 'agent';
}

export interface UploadResult {
  attachment: Attachment;
  duplicate: boolean;
}

/**
 * Files sent in conversations, both ways: takes uploads (type by content, metadata stripped, limits, idempotent per
 * clientAttachmentId), serves them to the routes and to the handoff adapters, attaches them to messages, and
 * forgets them with their conversation.
 */
export class AttachmentService {
  readonly records: AttachmentRecords;

  constructor(private readonly options: AttachmentServiceOptions) {
    this.records = new AttachmentRecords(options.store);
  }

  get maxBytes(): number {
    return this.options.maxBytes;
  }

  /**
   * Stores one file. The same clientAttachmentId again returns the first upload as a duplicate and stores nothing.
   * Throws RelayError: 413 attachment_too_large, 415 attachment_type_not_allowed, 409 attachment_limit_reached.
   */
  async upload(conversationId: string, input: UploadInput): Promise<UploadResult> {
    const earlier = await this.earlierUpload(conversationId, input.clientAttachmentId);
    if (earlier) return { attachment: toAttachment(earlier), duplicate: true };
    const { maxBytes, maxPerConversation } = this.options;
    if (input.declaredLength !== undefined && input.declaredLength > maxBytes) throw tooLarge(maxBytes);
    if (input.uploadedBy === 'visitor' && (await this.records.visitorUploads(conversationId)) >= maxPerConversation) {
      throw limitReached(maxPerConversation);
    }
    const bytes = await readLimited(input.body, maxBytes, () => tooLarge(maxBytes));
    return this.storeBytes(conversationId, { ...input, bytes });
  }

  /** The file's metadata when it belongs to this conversation. */
  get(conversationId: string, attachmentId: string): Promise<StoredAttachment | undefined> {
    return this.records.get(conversationId, attachmentId);
  }

  /** The file and its bytes, or undefined when it is not this conversation's (or was deleted). */
  async read(
    conversationId: string,
    attachmentId: string,
  ): Promise<{ record: StoredAttachment; bytes: Uint8Array } | undefined> {
    const record = await this.records.get(conversationId, attachmentId);
    if (!record) return undefined;
    const bytes = await this.options.blobs.get(blobKeyOf(conversationId, attachmentId));
    return bytes ? { record, bytes } : undefined;
  }

  /**
   * The visitor's files for a message: each must be this conversation's, uploaded by the visitor and not sent with
   * another message (the same clientMessageId again is the same message). Throws 400 or 409 otherwise.
   */
  async attachToMessage(
    conversationId: string,
    ids: readonly string[],
    clientMessageId: string,
  ): Promise<Attachment[]> {
    if (new Set(ids).size !== ids.length) throw new RelayError('bad_request', 'attachmentIds: an id is listed twice.');
    const records: StoredAttachment[] = [];
    for (const id of ids) {
      const record = await this.records.get(conversationId, id);
      if (record?.uploadedBy !== 'visitor') {
        throw new RelayError('bad_request', `attachmentIds: ${id} is not a file uploaded to this conversation.`);
      }
      records.push(record);
    }
    for (const record of records) {
      const holder = await this.records.claimForMessage(conversationId, record.id, clientMessageId);
      if (holder !== undefined && holder !== clientMessageId) {
        throw new RelayError('conflict', `attachmentIds: ${record.id} was already sent with another message.`);
      }
    }
    return records.map(toAttachment);
  }

  /** What a handoff adapter reads a conversation's files through. */
  files(conversationId: string): AttachmentFiles {
    return {
      read: async (attachment) => {
        const found = await this.read(conversationId, attachment.id);
        if (!found) throw new Error(`[tandem] [relay] attachment ${attachment.id} is gone`);
        return found.bytes;
      },
      signedUrl: (attachment) => this.signedUrl(conversationId, attachment.id),
    };
  }

  /** An expiring address that reads the file without a token; absolute when the relay knows its public URL. */
  async signedUrl(conversationId: string, attachmentId: string, ttlSeconds?: number): Promise<string> {
    const path = await this.signedPath(conversationId, attachmentId, ttlSeconds);
    return `${this.options.publicUrl?.replace(/\/+$/, '') ?? ''}${path}`;
  }

  /** The signed address as a path from the relay's base (`/v1/conversations/…?expires=…&signature=…`). */
  signedPath(conversationId: string, attachmentId: string, ttlSeconds?: number): Promise<string> {
    const expiresAt = Math.floor(Date.now() / 1000) + (ttlSeconds ?? this.options.signedUrlTtlSeconds);
    return signedAttachmentPath(this.options.secret, conversationId, attachmentId, expiresAt);
  }

  /**
   * Stores the files an agent attached in the helpdesk, each once however often the helpdesk retries
   * (`externalId` names the reply). A file a visitor could not send (too large, another type, damaged) is left
   * out and reported in `refused`; a download that fails throws, so the helpdesk's retry tries again.
   */
  async storeInbound(
    conversationId: string,
    inbound: readonly InboundAttachment[],
    externalId: string,
  ): Promise<{ attachments: Attachment[]; refused: { name: string; reason: string }[] }> {
    const attachments: Attachment[] = [];
    const refused: { name: string; reason: string }[] = [];
    for (const [index, file] of inbound.entries()) {
      const clientAttachmentId = await derivedClientId(`${externalId}:${index}`);
      const name = cleanFileName(file.name) ?? 'attachment';
      try {
        const earlier = await this.earlierUpload(conversationId, clientAttachmentId);
        if (earlier) {
          attachments.push(toAttachment(earlier));
          continue;
        }
        if (file.size !== undefined && file.size > this.options.maxBytes) throw tooLarge(this.options.maxBytes);
        const bytes = await file.download();
        if (bytes.length > this.options.maxBytes) throw tooLarge(this.options.maxBytes);
        const { attachment } = await this.storeBytes(conversationId, {
          clientAttachmentId,
          name,
          bytes,
          uploadedBy: 'agent',
        });
        attachments.push(attachment);
      } catch (error) {
        if (!RelayError.isInstance(error)) throw error;
        refused.push({ name, reason: error.publicMessage });
        this.options.logger.warn('agent attachment refused', { conversationId, reason: error.code });
      }
    }
    return { attachments, refused };
  }

  /** Every file of the conversation with a signed link, for a visitor's data request. */
  async listWithLinks(conversationId: string): Promise<(StoredAttachment & { signedUrl: string })[]> {
    if (!isStorableId(conversationId)) return [];
    const files: (StoredAttachment & { signedUrl: string })[] = [];
    for await (const key of this.options.blobs.list(`${conversationId}/`)) {
      const record = await this.records.get(conversationId, key.slice(conversationId.length + 1));
      if (record) files.push({ ...record, signedUrl: await this.signedUrl(conversationId, record.id) });
    }
    return files.sort((left, right) => left.createdAt.localeCompare(right.createdAt));
  }

  /** Removes every file of the conversation and its metadata; returns how many files there were. */
  async deleteConversation(conversationId: string): Promise<number> {
    const { blobs } = this.options;
    if (!isStorableId(conversationId)) return 0;
    let removed = 0;
    for await (const key of blobs.list(`${conversationId}/`)) {
      const attachmentId = key.slice(conversationId.length + 1);
      const record = await this.records.get(conversationId, attachmentId);
      await blobs.delete(key);
      if (record) await this.records.forget(record);
      removed++;
    }
    await this.records.forgetCount(conversationId);
    return removed;
  }

  /**
   * Removes the files of conversations the store no longer holds (forgotten after the retention period, or
   * deleted); run it periodically. Returns how many files it removed.
   */
  async sweep(): Promise<number> {
    const seen = new Set<string>();
    for await (const key of this.options.blobs.list('')) seen.add(key.slice(0, key.indexOf('/')));
    let removed = 0;
    for (const conversationId of seen) {
      if (await this.options.store.getConversation(conversationId)) continue;
      removed += await this.deleteConversation(conversationId);
    }
    return removed;
  }

  // --- internal ---

  private async earlierUpload(conversationId: string, clientAttachmentId: string) {
    const id = await this.records.idOfClient(conversationId, clientAttachmentId);
    return id === undefined ? undefined : this.records.get(conversationId, id);
  }

  private async storeBytes(
    conversationId: string,
    input: Omit<UploadInput, 'body' | 'declaredLength'> & { bytes: Uint8Array },
  ): Promise<UploadResult> {
    const inspected = inspectOrRefuse(input.bytes);
    if (input.uploadedBy === 'visitor') {
      const count = await this.records.countVisitorUpload(conversationId);
      if (count > this.options.maxPerConversation) throw limitReached(this.options.maxPerConversation);
    }
    const record: StoredAttachment = {
      id: crypto.randomUUID(),
      conversationId,
      clientAttachmentId: input.clientAttachmentId,
      name: input.name,
      contentType: inspected.contentType,
      size: inspected.bytes.length,
      ...(inspected.width !== undefined ? { width: inspected.width } : {}),
      ...(inspected.height !== undefined ? { height: inspected.height } : {}),
      uploadedBy: input.uploadedBy,
      createdAt: new Date().toISOString(),
    };
    // Bytes first, then the record, then the claim: a crash in between leaves a file the sweep removes with its
    // conversation, never a record without its bytes.
    const key = blobKeyOf(conversationId, record.id);
    await this.options.blobs.put(key, inspected.bytes);
    await this.records.save(record);
    const winner = await this.records.claimClient(conversationId, input.clientAttachmentId, record.id);
    if (winner !== undefined && winner !== record.id) {
      // The same file was uploaded twice at once; the other request stored it first.
      await this.options.blobs.delete(key);
      await this.records.forget({ ...record, clientAttachmentId: `${record.clientAttachmentId}-lost` });
      const first = await this.records.get(conversationId, winner);
      if (first) return { attachment: toAttachment(first), duplicate: true };
    }
    return { attachment: toAttachment(record), duplicate: false };
  }
}

/** The inspected file, or the RelayError to answer: 415 for a type not allowed or a damaged file, 413 for a bomb. */
export function inspectOrRefuse(bytes: Uint8Array): InspectedFile {
  try {
    return inspectFile(bytes);
  } catch (error) {
    if (!(error instanceof FileRejectedError)) throw error;
    if (error.reason === 'too_many_pixels') throw new RelayError('attachment_too_large', error.message);
    throw new RelayError('attachment_type_not_allowed', error.message);
  }
}

/**
 * A file name fit to show and to put in a download header: the last path segment, no control characters,
 * at most 200 characters. Undefined when nothing is left.
 */
export function cleanFileName(name: string): string | undefined {
  const cleaned = (name.split(/[/\\]/).pop() ?? '').replace(UNSHOWABLE_CHARACTERS, '').trim();
  if (cleaned.length === 0 || cleaned === '.' || cleaned === '..') return undefined;
  return cleaned.slice(0, MAX_ATTACHMENT_NAME_LENGTH);
}

/** Control characters and the bidirectional overrides that make `invoice\u202Efdp.exe` read as `invoiceexe.pdf`. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
const UNSHOWABLE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

// --- internal ---

function isStorableId(conversationId: string): boolean {
  return /^[A-Za-z0-9_-]{1,80}$/.test(conversationId);
}

function tooLarge(maxBytes: number): RelayError {
  return new RelayError('attachment_too_large', `A file may be at most ${formatBytes(maxBytes)}.`);
}

function limitReached(max: number): RelayError {
  return new RelayError('attachment_limit_reached', `A conversation may hold at most ${max} files.`);
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

async function derivedClientId(source: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(source)));
  return `inbound-${base64UrlEncode(digest).slice(0, 32)}`;
}
