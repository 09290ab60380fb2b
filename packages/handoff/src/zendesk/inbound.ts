import { z } from 'zod';
import { HandoffError } from '../errors.ts';
import type { InboundAttachment, InboundEvent, InboundResult } from '../handoff-adapter.ts';
import { badRequest, readRawBody, unauthorized } from '../internal/inbound.ts';
import { commentAttachments } from './attachments.ts';
import type { ResolvedZendeskOptions } from './options.ts';
import {
  parseZendeskTimestamp,
  verifyZendeskSignature,
  ZENDESK_SIGNATURE_HEADER,
  ZENDESK_TIMESTAMP_HEADER,
} from './signature.ts';

const idSchema = z.union([z.string(), z.number()]).transform(String);
const flagSchema = z.union([z.boolean(), z.string()]).transform((value) => value === true || value === 'true');

/**
 * The JSON body the Zendesk trigger sends, built from placeholders (docs/adapters/zendesk.md gives the template).
 * Placeholders render as strings, so ids and flags are accepted as strings too.
 */
export const zendeskWebhookPayloadSchema = z.object({
  ticket_id: idSchema.refine((id) => /^\d+$/.test(id), 'must be a ticket number'),
  status: z.string().max(40).optional(),
  updated_at: z.string().max(60).optional(),
  requester_id: idSchema.optional(),
  /** Empty until someone is assigned. */
  assignee_id: idSchema.optional(),
  assignee_name: z.string().max(200).optional(),
  /** `{{ticket.tags}}`: the ticket's tags, separated by spaces. */
  tags: z.union([z.string().max(10_000), z.array(z.string().max(200)).max(500)]).optional(),
  comment: z
    .object({
      id: idSchema.optional(),
      public: flagSchema.optional(),
      body: z.string().max(65_000).optional(),
      author_id: idSchema.optional(),
      author_name: z.string().max(200).optional(),
    })
    .optional(),
});

export async function parseZendeskInbound(
  request: Request,
  dependencies: {
    options: ResolvedZendeskOptions;
    now: () => number;
    adapter: string;
    files: Parameters<typeof commentAttachments>[2];
  },
): Promise<InboundResult> {
  const { options, adapter } = dependencies;
  const rawBody = await readRawBody(request, adapter);
  const timestamp = request.headers.get(ZENDESK_TIMESTAMP_HEADER);
  const signedAt = parseZendeskTimestamp(timestamp);
  if (signedAt === undefined) throw unauthorized(adapter, 'no valid X-Zendesk-Webhook-Signature-Timestamp');
  if (Math.abs(dependencies.now() - signedAt) > options.toleranceSeconds * 1000) {
    throw unauthorized(adapter, 'the signature timestamp is outside the allowed window');
  }
  const valid = await verifyZendeskSignature(
    options.webhookSecret,
    timestamp ?? '',
    rawBody,
    request.headers.get(ZENDESK_SIGNATURE_HEADER),
  );
  if (!valid) throw unauthorized(adapter, 'the X-Zendesk-Webhook-Signature does not match');

  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw badRequest(adapter, 'the webhook body is not JSON');
  }
  const parsed = zendeskWebhookPayloadSchema.safeParse(json);
  if (!parsed.success)
    throw badRequest(adapter, `the webhook body does not follow the documented template: ${parsed.error.message}`);
  const payload = parsed.data;
  const events: InboundEvent[] = [];
  // An assignment tells the customer who is on it; keyed by assignee, so each person joins once.
  const assigneeName = payload.assignee_name?.trim();
  if (payload.assignee_id !== undefined && /^\d+$/.test(payload.assignee_id) && assigneeName) {
    events.push({
      type: 'agent-joined',
      ticketId: payload.ticket_id,
      dedupeKey: `assignee:${payload.ticket_id}:${payload.assignee_id}`,
      agent: { name: assigneeName },
    });
  }
  const comment = payload.comment;
  const text = comment?.body?.trim() ?? '';
  // Public comments by anyone but the requester are the agent's answer; the requester's own comments are the
  // visitor messages we added, and private comments are internal notes the customer must never see.
  if (comment?.public === true && comment.author_id !== payload.requester_id) {
    // The payload cannot carry files, so an agent's comment is looked up for them (one API call per reply).
    const attachments =
      comment.id === undefined || !/^\d+$/.test(comment.id)
        ? []
        : await agentFiles(payload.ticket_id, comment.id, dependencies.files);
    if (text !== '' || attachments.length > 0) {
      events.push({
        type: 'agent-reply',
        ticketId: payload.ticket_id,
        dedupeKey: `comment:${comment.id ?? `${payload.ticket_id}:${payload.updated_at ?? ''}:${text.length}`}`,
        agent: { name: comment.author_name?.trim() || 'Support agent' },
        text,
        ...(attachments.length === 0 ? {} : { attachments }),
      });
    }
  }
  const tags = typeof payload.tags === 'string' ? payload.tags.split(/[\s,]+/) : (payload.tags ?? []);
  const verdict = tags.includes(options.neededTag)
    ? 'needed'
    : tags.includes(options.notNeededTag)
      ? 'not_needed'
      : undefined;
  if (verdict !== undefined) {
    // Keyed by the verdict: the tag rides on every later update of the ticket, and a changed mind is a new mark.
    events.push({
      type: 'handoff-review',
      ticketId: payload.ticket_id,
      dedupeKey: `review:${payload.ticket_id}:${verdict}`,
      verdict,
      ...(assigneeName ? { agent: { name: assigneeName } } : {}),
    });
  }
  const status = payload.status?.toLowerCase();
  if (status === 'solved' || status === 'closed') {
    events.push({
      type: 'closed',
      ticketId: payload.ticket_id,
      dedupeKey: `status:${payload.ticket_id}:${status}:${payload.updated_at ?? ''}`,
    });
  }
  return { events };
}

// --- internal ---

/**
 * A lookup Zendesk may answer later (rate limit, outage) fails the delivery so Zendesk sends it again; one it
 * refuses for good (no read access) still lets the words through.
 */
async function agentFiles(
  ticketId: string,
  commentId: string,
  options: Parameters<typeof commentAttachments>[2],
): Promise<InboundAttachment[]> {
  try {
    return await commentAttachments(ticketId, commentId, options);
  } catch (error) {
    if (HandoffError.isInstance(error) && !error.retryable) return [];
    throw error;
  }
}
