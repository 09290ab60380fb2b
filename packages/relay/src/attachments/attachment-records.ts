import {
  type Attachment,
  type AttachmentContentType,
  attachmentContentTypeSchema,
  MAX_ATTACHMENT_NAME_LENGTH,
} from '@tandem/protocol';
import { z } from 'zod';
import type { ConversationStore } from '../store/store.ts';
import { attachmentPath } from './signed-url.ts';

/** Metadata outlives no conversation: the sweep and a deletion remove it with the files; this only bounds a leak. */
const METADATA_TTL_SECONDS = 10 * 365 * 24 * 60 * 60;

/** What the relay knows of a stored file; the bytes are in the blob store under `<conversationId>/<id>`. */
export interface StoredAttachment {
  id: string;
  conversationId: string;
  clientAttachmentId: string;
  name: string;
  contentType: AttachmentContentType;
  size: number;
  width?: number;
  height?: number;
  uploadedBy: 'visitor' | 'agent';
  createdAt: string;
}

const storedAttachmentSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  clientAttachmentId: z.string(),
  name: z.string().max(MAX_ATTACHMENT_NAME_LENGTH),
  contentType: attachmentContentTypeSchema,
  size: z.number().int().nonnegative(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  uploadedBy: z.enum(['visitor', 'agent']),
  createdAt: z.string(),
});

/**
 * Attachment metadata in the conversation store's keys, so it is as durable as the conversations themselves
 * (SQLite, Redis, a Durable Object) and needs no new store method:
 * - `attachment:<conversation>:<id>` the record;
 * - `attachment-client:<conversation>:<clientAttachmentId>` the id, claimed once (idempotent uploads);
 * - `attachment-count:<conversation>` the visitor's uploads, counted atomically against the limit, and
 *   `attachment-uploads:<conversation>` a plain copy of that count, read before an upload's body is taken;
 * - `attachment-message:<conversation>:<id>` the clientMessageId of the message that carries it, claimed once.
 */
export class AttachmentRecords {
  constructor(private readonly store: ConversationStore) {}

  async get(conversationId: string, attachmentId: string): Promise<StoredAttachment | undefined> {
    const value = await this.store.getKey(recordKey(conversationId, attachmentId));
    if (value === undefined) return undefined;
    const parsed = storedAttachmentSchema.safeParse(JSON.parse(value));
    return parsed.success ? (parsed.data as StoredAttachment) : undefined;
  }

  save(record: StoredAttachment): Promise<void> {
    return this.store.setKey(recordKey(record.conversationId, record.id), JSON.stringify(record), METADATA_TTL_SECONDS);
  }

  /** The id stored for this clientAttachmentId before, if any. */
  idOfClient(conversationId: string, clientAttachmentId: string): Promise<string | undefined> {
    return this.store.getKey(clientKey(conversationId, clientAttachmentId));
  }

  /** Claims the clientAttachmentId for `attachmentId`; returns the id that holds it when another upload won. */
  claimClient(conversationId: string, clientAttachmentId: string, attachmentId: string): Promise<string | undefined> {
    return this.store.claimKey(clientKey(conversationId, clientAttachmentId), attachmentId, METADATA_TTL_SECONDS);
  }

  /** The visitor's uploads so far, read before a body is taken (a counter may not be readable as a key: Redis). */
  async visitorUploads(conversationId: string): Promise<number> {
    return Number((await this.store.getKey(countCopyKey(conversationId))) ?? 0);
  }

  /** Counts one more upload atomically; the count is copied to a plain key for `visitorUploads`. */
  async countVisitorUpload(conversationId: string): Promise<number> {
    const { count } = await this.store.incrementCounter(countKey(conversationId), METADATA_TTL_SECONDS);
    await this.store.setKey(countCopyKey(conversationId), String(count), METADATA_TTL_SECONDS);
    return count;
  }

  /** Claims the attachment for the message; returns the clientMessageId that holds it when another message did. */
  claimForMessage(conversationId: string, attachmentId: string, clientMessageId: string): Promise<string | undefined> {
    return this.store.claimKey(messageKey(conversationId, attachmentId), clientMessageId, METADATA_TTL_SECONDS);
  }

  async forget(record: StoredAttachment): Promise<void> {
    await this.store.deleteKey(clientKey(record.conversationId, record.clientAttachmentId));
    await this.store.deleteKey(messageKey(record.conversationId, record.id));
    await this.store.deleteKey(recordKey(record.conversationId, record.id));
  }

  async forgetCount(conversationId: string): Promise<void> {
    await this.store.deleteKey(countKey(conversationId));
    await this.store.deleteKey(countCopyKey(conversationId));
  }
}

/** The protocol's view of a stored attachment, as messages and upload responses carry it. */
export function toAttachment(record: StoredAttachment): Attachment {
  return {
    id: record.id,
    name: record.name,
    contentType: record.contentType,
    size: record.size,
    ...(record.width !== undefined ? { width: record.width } : {}),
    ...(record.height !== undefined ? { height: record.height } : {}),
    url: attachmentPath(record.conversationId, record.id),
  };
}

// --- internal ---

const recordKey = (conversationId: string, attachmentId: string) => `attachment:${conversationId}:${attachmentId}`;
const clientKey = (conversationId: string, clientId: string) => `attachment-client:${conversationId}:${clientId}`;
const countKey = (conversationId: string) => `attachment-count:${conversationId}`;
const countCopyKey = (conversationId: string) => `attachment-uploads:${conversationId}`;
const messageKey = (conversationId: string, attachmentId: string) =>
  `attachment-message:${conversationId}:${attachmentId}`;
