import type { Message } from '@tandem/protocol';
import { renderMessageText } from '../context/text.ts';
import { HandoffError } from '../errors.ts';
import type { HandoffAdapter, HandoffTicket } from '../handoff-adapter.ts';
import { handoffContextSchema } from '../handoff-context.ts';
import { toBase64 } from '../internal/crypto.ts';
import { createHttpClient, type HttpClient } from '../internal/http.ts';
import { parseOptions } from '../internal/options.ts';
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
      const parsed = handoffContextSchema.safeParse(context);
      if (!parsed.success)
        throw new HandoffError('bad_request', `invalid context: ${parsed.error.message}`, {
          adapter: ADAPTER_NAME,
          retryable: false,
        });
      const idempotencyKey = openOptions.idempotencyKey ?? parsed.data.conversationId;
      if (openOptions.route !== undefined && !/^(?:group:)?\d+$/.test(openOptions.route)) {
        throw new HandoffError('bad_request', `route "${openOptions.route}" is not a Zendesk group ("group:<id>")`, {
          adapter: ADAPTER_NAME,
          retryable: false,
        });
      }
      // Zendesk keeps idempotency keys for a limited time; the external id finds older attempts too.
      const existing = await findByExternalId(http, externalIdFor(idempotencyKey));
      if (existing !== undefined) return ticketFor(existing);
      const response = await http({
        method: 'POST',
        path: '/api/v2/tickets',
        body: ticketBody(parsed.data, resolved, idempotencyKey, openOptions.route),
        headers: { 'idempotency-key': `tandem-${idempotencyKey}` },
      });
      return ticketFor(ticketFrom(response.body));
    },

    async send(ticket: HandoffTicket, message: Message) {
      const id = ticketNumber(ticket);
      const requesterId =
        ticket.data?.requesterId ??
        String(ticketFrom((await http({ method: 'GET', path: `/api/v2/tickets/${id}` })).body).requester_id ?? '');
      // The visitor's words are a public comment by the requester, as if they had replied by email.
      const comment = {
        body: message.role === 'visitor' ? message.text : renderMessageText(message),
        public: true,
        ...(requesterId === '' ? {} : { author_id: Number(requesterId) }),
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
      return parseZendeskInbound(request, { options: resolved, now, adapter: ADAPTER_NAME });
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
