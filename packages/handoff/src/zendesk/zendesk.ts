import type { Attachment, Message } from '@tandem/protocol';
import { renderMessageText } from '../context/text.ts';
import { HandoffError } from '../errors.ts';
import type { AttachmentFiles, HandoffAdapter, HandoffTicket, SendOptions } from '../handoff-adapter.ts';
import {
  attachmentsOf,
  describeAttachment,
  messageTextWithAttachments,
  readAttachments,
} from '../internal/attachments.ts';
import { toBase64 } from '../internal/crypto.ts';
import { createHttpClient, type HttpClient } from '../internal/http.ts';
import { parseContext, parseOptions } from '../internal/options.ts';
import { filesSentText, ticketHasAttachments, uploadToZendesk } from './attachments.ts';
import { parseZendeskInbound } from './inbound.ts';
import { type ZendeskHandoffOptions, zendeskHandoffOptionsSchema } from './options.ts';
import { externalIdFor, ticketBody } from './ticket-body.ts';

const ADAPTER_NAME = 'zendesk';

interface ZendeskTicket {
  id: number;
  requester_id?: number;
}

/**
 * Hands conversations to Zendesk Support as tickets; agents' public comments come back through a signed
 * Zendesk webhook, and solving the ticket closes the conversation.
 *
 * @example
 * const zendesk = createZendeskHandoff({ subdomain: 'acme', auth: { email: 'bot@acme.com', apiToken: env.ZENDESK_TOKEN }, webhookSecret: env.ZENDESK_WEBHOOK_SECRET });
 */
export function createZendeskHandoff(options: ZendeskHandoffOptions): HandoffAdapter {
  const resolved = parseOptions(ADAPTER_NAME, zendeskHandoffOptionsSchema, options);
  const baseURL = resolved.baseURL ?? `https://${resolved.subdomain}.zendesk.com`;
  const authorization =
    'oauthToken' in resolved.auth
      ? `Bearer ${resolved.auth.oauthToken}`
      : `Basic ${toBase64(new TextEncoder().encode(`${resolved.auth.email}/token:${resolved.auth.apiToken}`))}`;
  const http = createHttpClient({
    adapter: ADAPTER_NAME,
    baseURL,
    fetch: resolved.fetch,
    headers: { ...resolved.headers, authorization },
    timeoutMs: resolved.timeoutMs,
  });
  const now = resolved.now ?? Date.now;
  const fetchFunction = resolved.fetch ?? globalThis.fetch;

  /**
   * Reads and uploads files; undefined when Zendesk refuses them for good (a type the account does not allow, a
   * size over its limit), so the comment still goes in and names the files instead. A retryable failure throws.
   */
  async function uploadOrNothing(attachments: Attachment[], files: AttachmentFiles): Promise<string | undefined> {
    const read = await readAttachments(attachments, files, ADAPTER_NAME);
    try {
      return await uploadToZendesk(http, read, ADAPTER_NAME);
    } catch (error) {
      if (HandoffError.isInstance(error) && !error.retryable) return undefined;
      throw error;
    }
  }

  /** Files the customer sent before the handoff, in one internal comment beside the context packet. */
  async function attachEarlierFiles(ticketId: string, attachments: Attachment[], files: AttachmentFiles) {
    const token = await uploadOrNothing(attachments, files);
    const list = attachments.map(describeAttachment).join(', ');
    await http({
      method: 'PUT',
      path: `/api/v2/tickets/${ticketId}`,
      body: {
        ticket: {
          comment: {
            body:
              token === undefined
                ? `The customer sent files that could not be attached here: ${list}`
                : `Files the customer sent before the handoff: ${list}`,
            // Always internal: a public comment by the API user would come back through the trigger as an agent's.
            public: false,
            ...(token === undefined ? {} : { uploads: [token] }),
          },
        },
      },
    });
  }
  const ticketFor = (ticket: ZendeskTicket): HandoffTicket => ({
    adapter: ADAPTER_NAME,
    id: String(ticket.id),
    url: `${baseURL.replace(/\/+$/, '')}/agent/tickets/${ticket.id}`,
    ...(ticket.requester_id === undefined ? {} : { data: { requesterId: String(ticket.requester_id) } }),
  });

  return {
    specificationVersion: 'v1',
    name: ADAPTER_NAME,

    async open(context, openOptions = {}) {
      const checked = parseContext(ADAPTER_NAME, context);
      const idempotencyKey = openOptions.idempotencyKey ?? checked.conversationId;
      if (openOptions.route !== undefined && !/^(?:group:)?\d+$/.test(openOptions.route)) {
        throw new HandoffError('bad_request', `route "${openOptions.route}" is not a Zendesk group ("group:<id>")`, {
          adapter: ADAPTER_NAME,
          retryable: false,
        });
      }
      // Zendesk keeps idempotency keys for a limited time; the external id finds older attempts too.
      const earlierFiles = openOptions.files === undefined ? [] : attachmentsOf(checked.transcript);
      const existing = await findByExternalId(http, externalIdFor(idempotencyKey));
      if (existing !== undefined) {
        // A retry after the ticket was created: its files may not have made it yet.
        if (earlierFiles.length > 0 && openOptions.files !== undefined) {
          if (!(await ticketHasAttachments(http, String(existing.id))))
            await attachEarlierFiles(String(existing.id), earlierFiles, openOptions.files);
        }
        return ticketFor(existing);
      }
      // The ticket is created exactly as before (its Idempotency-Key body must not change between attempts), and
      // the files follow in their own comment, since an upload token differs on every attempt.
      const response = await http({
        method: 'POST',
        path: '/api/v2/tickets',
        body: ticketBody(checked, resolved, idempotencyKey, openOptions.route),
        headers: { 'idempotency-key': `tandem-${idempotencyKey}` },
      });
      const created = ticketFrom(response.body);
      if (earlierFiles.length > 0 && openOptions.files !== undefined)
        await attachEarlierFiles(String(created.id), earlierFiles, openOptions.files);
      return ticketFor(created);
    },

    async send(ticket: HandoffTicket, message: Message, sendOptions: SendOptions = {}) {
      const id = ticketNumber(ticket);
      const requesterId =
        ticket.data?.requesterId ??
        String(ticketFrom((await http({ method: 'GET', path: `/api/v2/tickets/${id}` })).body).requester_id ?? '');
      const attachments = message.attachments ?? [];
      const token =
        attachments.length > 0 && sendOptions.files !== undefined
          ? await uploadOrNothing(attachments, sendOptions.files)
          : undefined;
      // The visitor's words are a public comment by the requester, as if they had replied by email; attached files
      // ride on the comment, and files that could not be attached are named in it.
      const withoutFiles = { ...message, attachments: [] };
      const text =
        token === undefined
          ? message.role === 'visitor'
            ? messageTextWithAttachments(message)
            : renderMessageText(message)
          : message.role === 'visitor'
            ? message.text
            : renderMessageText(withoutFiles);
      const comment = {
        body: text.trim() === '' ? filesSentText(attachments) : text,
        public: true,
        ...(requesterId === '' ? {} : { author_id: Number(requesterId) }),
        ...(token === undefined ? {} : { uploads: [token] }),
      };
      await http({ method: 'PUT', path: `/api/v2/tickets/${id}`, body: { ticket: { comment } } });
    },

    async close(ticket, closeOptions = {}) {
      const id = ticketNumber(ticket);
      await http({
        method: 'PUT',
        path: `/api/v2/tickets/${id}`,
        body: {
          ticket: {
            status: resolved.closeStatus,
            comment: { body: closeOptions.reason ?? 'The chat conversation was closed.', public: false },
          },
        },
      });
    },

    inbound(request) {
      return parseZendeskInbound(request, {
        options: resolved,
        now,
        adapter: ADAPTER_NAME,
        files: { http, fetch: fetchFunction, adapter: ADAPTER_NAME, origin: new URL(baseURL).origin, authorization },
      });
    },
  };
}

// --- internal ---

async function findByExternalId(http: HttpClient, externalId: string): Promise<ZendeskTicket | undefined> {
  const response = await http({ method: 'GET', path: '/api/v2/tickets', query: { external_id: externalId } });
  const tickets = (response.body as { tickets?: ZendeskTicket[] } | undefined)?.tickets ?? [];
  return tickets[0];
}

function ticketFrom(body: unknown): ZendeskTicket {
  const ticket = (body as { ticket?: ZendeskTicket } | undefined)?.ticket;
  if (ticket === undefined || typeof ticket.id !== 'number') {
    throw new HandoffError('unavailable', 'Zendesk answered without a ticket', {
      adapter: ADAPTER_NAME,
      retryable: true,
    });
  }
  return ticket;
}

function ticketNumber(ticket: HandoffTicket): string {
  if (ticket.adapter !== ADAPTER_NAME || !/^\d+$/.test(ticket.id)) {
    throw new HandoffError('bad_request', `not a Zendesk ticket: ${ticket.adapter}/${ticket.id}`, {
      adapter: ADAPTER_NAME,
      retryable: false,
    });
  }
  return ticket.id;
}
