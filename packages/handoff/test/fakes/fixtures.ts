import type { Attachment, Message } from '@tandem/protocol';
import type { AttachmentFiles } from '../../src/handoff-adapter.ts';
import type { HandoffContext } from '../../src/handoff-context.ts';

/** An upset customer's conversation, as the relay would hand it off. */
export function sampleContext(overrides: Partial<HandoffContext> = {}): HandoffContext {
  return {
    conversationId: 'c_7f3a9',
    summary: 'Parcel #4411 is two weeks late; the customer wants a refund, not another tracking link.',
    transcript: [
      message('m1', 'visitor', 'Where is my parcel #4411? It is two weeks late.'),
      message('m2', 'assistant', 'It is in transit; tracking: https://track.example/4411'),
      message('m3', 'visitor', 'That link has said "in transit" for 10 days. I want a refund <now>!'),
    ],
    identity: {
      userId: 'u_1001',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      attributes: { plan: 'gold', orders: 14 },
    },
    identityVerified: true,
    tier: 'vip',
    pageUrl: 'https://shop.example/orders/4411',
    locale: 'en-GB',
    sentimentTrajectory: [-0.1, -0.4, -0.8],
    reasons: ['negative_sentiment', 'topic:refund'],
    priority: 'high',
    suggestedReply: 'I am sorry about the delay, Ada. I have refunded order #4411 in full.',
    conversationUrl: 'https://support.example/inbox/c_7f3a9',
    ...overrides,
  };
}

export function message(id: string, role: Message['role'], text: string, minute = 0): Message {
  return { id, role, text, createdAt: new Date(Date.UTC(2026, 10, 22, 10, minute)).toISOString() };
}

/** A real 1×1 PNG and a minimal PDF: what a customer's photo and an agent's return label look like on the wire. */
export const SAMPLE_PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='),
  (character) => character.charCodeAt(0),
);
export const SAMPLE_PDF = new TextEncoder().encode(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** A stored attachment as the relay describes it, with its bytes. */
export function sampleAttachment(
  id: string,
  name: string,
  bytes: Uint8Array,
  contentType: Attachment['contentType'] = name.endsWith('.pdf') ? 'application/pdf' : 'image/png',
): { attachment: Attachment; bytes: Uint8Array } {
  return {
    attachment: { id, name, contentType, size: bytes.byteLength, url: `/v1/conversations/c_7f3a9/attachments/${id}` },
    bytes,
  };
}

/**
 * The relay's side of `AttachmentFiles` for adapter tests: bytes kept by attachment id, and signed URLs in the
 * relay's documented form (`?expires=&signature=`). `reads` counts each read, so a test sees what was fetched.
 */
export function attachmentFiles(
  stored: { attachment: Attachment; bytes: Uint8Array }[],
  relayURL = 'https://relay.shop.example',
): AttachmentFiles & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    async read(attachment) {
      const found = stored.find((entry) => entry.attachment.id === attachment.id);
      if (found === undefined) throw new Error(`no stored attachment ${attachment.id}`);
      reads.push(attachment.id);
      return found.bytes;
    },
    async signedUrl(attachment) {
      const expires = Math.floor(Date.now() / 1000) + 3600;
      return `${relayURL}${attachment.url}?expires=${expires}&signature=sig-${attachment.id}-${expires}`;
    },
  };
}
