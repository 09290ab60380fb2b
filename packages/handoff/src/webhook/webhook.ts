import type { Attachment, Message } from '@tandem/protocol';
import { z } from 'zod';
import { renderContextJson } from '../context/json.ts';
import {
  type AttachmentFiles,
  DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
  type HandoffAdapter,
  type HandoffTicket,
  type InboundEvent,
  type SendOptions,
} from '../handoff-adapter.ts';
import { downloadAttachment } from '../internal/attachments.ts';
import { createHttpClient } from '../internal/http.ts';
import { badRequest, readRawBody, unauthorized } from '../internal/inbound.ts';
import { httpOptionsShape, parseContext, parseOptions } from '../internal/options.ts';
import {
  type InboundWebhookEvent,
  inboundWebhookBodySchema,
  type OutboundWebhookEvent,
  openedAnswerSchema,
} from './payloads.ts';
import { SIGNATURE_HEADER, signWebhook, verifyWebhook } from './signature.ts';

const ADAPTER_NAME = 'webhook';

export const webhookHandoffOptionsSchema = z.object({
  ...httpOptionsShape,
  /** Where handoffs are posted (the receiving helpdesk's endpoint). */
  url: z.url({ protocol: /^https?$/ }),
  /** Signs what we send; at least 32 characters of randomness. */
  secret: z.string().min(32, 'must be at least 32 characters'),
  /** Verifies what the helpdesk sends back; defaults to `secret`. */
  inboundSecret: z.string().min(32, 'must be at least 32 characters').optional(),
  toleranceSeconds: z.number().int().positive().default(DEFAULT_SIGNATURE_TOLERANCE_SECONDS),
  /** Names the adapter when several webhooks are configured. */
  name: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .default(ADAPTER_NAME),
});
export type WebhookHandoffOptions = z.input<typeof webhookHandoffOptionsSchema>;

/**
 * Hands conversations to any helpdesk through signed JSON POSTs, and takes replies on a signed endpoint.
 * The format is documented in docs/adapters/webhook.md.
 *
 * @example
 * const webhook = createWebhookHandoff({ url: 'https://helpdesk.example/tandem', secret: env.TANDEM_WEBHOOK_SECRET });
 */
export function createWebhookHandoff(options: WebhookHandoffOptions): HandoffAdapter {
  const resolved = parseOptions(ADAPTER_NAME, webhookHandoffOptionsSchema, options);
  const name = resolved.name;
  const target = new URL(resolved.url);
  const http = createHttpClient({
    adapter: name,
    baseURL: target.origin,
    fetch: resolved.fetch,
    headers: resolved.headers,
    timeoutMs: resolved.timeoutMs,
  });
  const now = resolved.now ?? Date.now;
  const fetchFunction = resolved.fetch ?? globalThis.fetch;

  async function post(event: OutboundWebhookEvent, idempotencyKey: string) {
    const body = JSON.stringify(event);
    const signature = await signWebhook(resolved.secret, Math.floor(now() / 1000), body);
    return http({
      method: 'POST',
      path: target.pathname + target.search,
      body,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        [SIGNATURE_HEADER]: signature,
        'tandem-event-id': event.id,
        'idempotency-key': idempotencyKey,
      },
    });
  }

  return {
    specificationVersion: 'v1',
    name,

    async open(context, openOptions = {}) {
      const checked = parseContext(name, context);
      const idempotencyKey = openOptions.idempotencyKey ?? checked.conversationId;
      const event: OutboundWebhookEvent = {
        id: `opened:${idempotencyKey}`,
        type: 'handoff.opened',
        createdAt: new Date(now()).toISOString(),
        idempotencyKey,
        ...(openOptions.route === undefined ? {} : { route: openOptions.route }),
        context: {
          ...renderContextJson(checked),
          transcript: await Promise.all(
            checked.transcript.map((message) => withDownloadUrls(message, openOptions.files)),
          ),
        },
      };
      const response = await post(event, idempotencyKey);
      const answer = openedAnswerSchema.safeParse(response.body ?? {});
      const ticketId = answer.success && answer.data.ticketId !== undefined ? answer.data.ticketId : idempotencyKey;
      const url = answer.success ? answer.data.url : undefined;
      return { adapter: name, id: ticketId, ...(url === undefined ? {} : { url }) };
    },

    async send(ticket: HandoffTicket, message: Message, sendOptions: SendOptions = {}) {
      const id = `message:${ticket.id}:${message.id}`;
      await post(
        {
          id,
          type: 'handoff.message',
          createdAt: new Date(now()).toISOString(),
          ticketId: ticket.id,
          message: await withDownloadUrls(message, sendOptions.files),
        },
        id,
      );
    },

    async close(ticket, closeOptions = {}) {
      const id = `closed:${ticket.id}`;
      await post(
        {
          id,
          type: 'handoff.closed',
          createdAt: new Date(now()).toISOString(),
          ticketId: ticket.id,
          ...(closeOptions.reason === undefined ? {} : { reason: closeOptions.reason }),
        },
        id,
      );
    },

    async inbound(request) {
      const rawBody = await readRawBody(request, name);
      const verification = await verifyWebhook(
        resolved.inboundSecret ?? resolved.secret,
        request.headers.get(SIGNATURE_HEADER),
        rawBody,
        {
          nowMs: now(),
          toleranceSeconds: resolved.toleranceSeconds,
        },
      );
      if (!verification.valid) throw unauthorized(name, verification.reason);
      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        throw badRequest(name, 'the body is not JSON');
      }
      const parsed = inboundWebhookBodySchema.safeParse(json);
      if (!parsed.success) throw badRequest(name, `the body is not a Tandem webhook event: ${parsed.error.message}`);
      const events = 'events' in parsed.data ? parsed.data.events : [parsed.data];
      return { events: events.map((event) => toInboundEvent(event, { adapter: name, fetch: fetchFunction })) };
    },
  };
}

// --- internal ---

/**
 * The receiver gets each attachment's relay path (`url`) and, when the relay gave access, a `downloadUrl` that reads
 * the file without a token: signed and expiring, so fetch it soon after the event arrives.
 */
async function withDownloadUrls(message: Message, files: AttachmentFiles | undefined): Promise<Message> {
  if (message.attachments === undefined || message.attachments.length === 0 || files === undefined) return message;
  const attachments: (Attachment & { downloadUrl: string })[] = await Promise.all(
    message.attachments.map(async (attachment) => ({ ...attachment, downloadUrl: await files.signedUrl(attachment) })),
  );
  return { ...message, attachments };
}

function toInboundEvent(
  event: InboundWebhookEvent,
  options: { adapter: string; fetch: typeof globalThis.fetch },
): InboundEvent {
  const agent =
    event.agent === undefined
      ? undefined
      : {
          name: event.agent.name,
          ...(event.agent.avatarUrl === undefined ? {} : { avatarUrl: event.agent.avatarUrl }),
        };
  switch (event.type) {
    case 'agent-reply':
      return {
        type: 'agent-reply',
        ticketId: event.ticketId,
        dedupeKey: event.id,
        agent: agent ?? { name: 'Support agent' },
        text: event.text.trim(),
        ...(event.attachments === undefined || event.attachments.length === 0
          ? {}
          : {
              attachments: event.attachments.map((attachment) => ({
                name: attachment.name,
                ...(attachment.contentType === undefined ? {} : { contentType: attachment.contentType }),
                ...(attachment.size === undefined ? {} : { size: attachment.size }),
                download: () =>
                  downloadAttachment({ adapter: options.adapter, fetch: options.fetch, url: attachment.url }),
              })),
            }),
      };
    case 'agent-joined':
      return {
        type: 'agent-joined',
        ticketId: event.ticketId,
        dedupeKey: event.id,
        agent: agent ?? { name: 'Support agent' },
      };
    case 'closed':
      return {
        type: 'closed',
        ticketId: event.ticketId,
        dedupeKey: event.id,
        ...(agent === undefined ? {} : { agent }),
      };
  }
}
