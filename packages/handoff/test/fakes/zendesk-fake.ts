import { signZendeskWebhook, ZENDESK_SIGNATURE_HEADER, ZENDESK_TIMESTAMP_HEADER } from '../../src/zendesk/signature.ts';
import { type LoopbackRequest, type LoopbackResponse, startLoopbackServer } from './loopback.ts';

export interface FakeZendeskComment {
  id: number;
  body: string;
  htmlBody?: string;
  public: boolean;
  authorId: number;
  attachments: FakeZendeskAttachment[];
}

/** A file Zendesk holds, with the bytes it was given. */
export interface FakeZendeskAttachment {
  id: number;
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
  /** Random part of its content_url. */
  urlToken: string;
  /** Set when the file lives on another host (Zendesk warns content_url may be external). */
  externalUrl?: string;
  /** Set by Zendesk's malware scan; such a file must never reach the customer. */
  malware?: boolean;
  deleted?: boolean;
}

export interface FakeZendeskTicket {
  id: number;
  subject: string;
  status: 'new' | 'open' | 'pending' | 'solved' | 'closed';
  priority: string | null;
  tags: string[];
  externalId: string | null;
  requesterId: number;
  assigneeId: number | null;
  groupId: number | null;
  customFields: { id: number; value: unknown }[];
  comments: FakeZendeskComment[];
  updatedAt: string;
}

export type FakeZendeskFailure =
  | { kind: 'status'; status: number; retryAfterSeconds?: number }
  | { kind: 'lose-response' };

/** Which calls a failure applies to, e.g. "POST /api/v2/tickets" or "PUT /api/v2/tickets/*"; "*" for any. */
export type FakeZendeskRoute = '*' | `${'GET' | 'POST' | 'PUT'} /api/v2/${string}`;

/**
 * A loopback Zendesk Support following the Tickets API contract (API token or OAuth auth, Idempotency-Key on
 * ticket creation, lookup by external_id, comments through ticket updates, 401/404/422/429 errors) and sending
 * trigger webhooks signed as Zendesk signs them. Files follow the Attachments API: `POST /api/v2/uploads?filename=`
 * with the raw bytes and their Content-Type → an upload token (passed again as `token` to add more files); a
 * comment's `uploads: [token]` attaches them, once; comments are listed with their attachments, whose
 * `content_url` is served only to an authenticated caller (private attachments on).
 */
export async function startFakeZendesk(options: {
  auth: { email: string; apiToken: string } | { oauthToken: string };
  webhookSecret: string;
  relayURL?: string;
}) {
  const tickets: FakeZendeskTicket[] = [];
  const users = new Map<number, { id: number; name: string; email?: string; role: 'end-user' | 'agent' }>();
  const idempotency = new Map<string, { body: string; response: LoopbackResponse }>();
  const failures: { route: FakeZendeskRoute; failure: FakeZendeskFailure }[] = [];
  let nextId = 1000;
  const uploads = new Map<string, FakeZendeskAttachment[]>();
  const attachmentsByUrl = new Map<string, FakeZendeskAttachment>();
  const newAttachment = (fileName: string, contentType: string, bytes: Uint8Array): FakeZendeskAttachment => {
    const attachment = {
      id: ++nextId,
      fileName,
      contentType,
      bytes,
      urlToken: Math.random().toString(36).slice(2, 14),
    };
    attachmentsByUrl.set(attachment.urlToken, attachment);
    return attachment;
  };
  const serializeAttachment = (attachment: FakeZendeskAttachment) => ({
    id: attachment.id,
    file_name: attachment.fileName,
    content_url:
      attachment.externalUrl ??
      `${server.url}/attachments/token/${attachment.urlToken}/?name=${encodeURIComponent(attachment.fileName)}`,
    content_type: attachment.contentType,
    size: attachment.bytes.byteLength,
    inline: false,
    deleted: attachment.deleted === true,
    malware_access_override: false,
    malware_scan_result: attachment.malware === true ? 'malware_detected' : 'malware_not_detected',
  });
  const expectedAuthorization =
    'oauthToken' in options.auth
      ? `Bearer ${options.auth.oauthToken}`
      : `Basic ${Buffer.from(`${options.auth.email}/token:${options.auth.apiToken}`).toString('base64')}`;

  const userFor = (requester: { name?: string; email?: string }) => {
    const known = [...users.values()].find((user) => requester.email !== undefined && user.email === requester.email);
    if (known) return known;
    const user = {
      id: ++nextId,
      name: requester.name ?? requester.email ?? 'Unknown',
      role: 'end-user' as const,
      ...(requester.email === undefined ? {} : { email: requester.email }),
    };
    users.set(user.id, user);
    return user;
  };
  const agent = (name: string) => {
    const known = [...users.values()].find((user) => user.role === 'agent' && user.name === name);
    if (known) return known;
    const user = { id: ++nextId, name, role: 'agent' as const };
    users.set(user.id, user);
    return user;
  };
  const serialize = (ticket: FakeZendeskTicket) => ({
    id: ticket.id,
    url: `${server.url}/api/v2/tickets/${ticket.id}.json`,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    tags: ticket.tags,
    external_id: ticket.externalId,
    requester_id: ticket.requesterId,
    group_id: ticket.groupId,
    custom_fields: ticket.customFields,
    updated_at: ticket.updatedAt,
  });
  const addComment = (
    ticket: FakeZendeskTicket,
    comment: { body?: string; html_body?: string; public?: boolean; author_id?: number; uploads?: string[] },
    fallbackAuthor: number,
    attached: FakeZendeskAttachment[] = [],
  ) => {
    // Each upload token attaches its files once; an unknown or spent token attaches nothing.
    for (const token of comment.uploads ?? []) {
      attached.push(...(uploads.get(token) ?? []));
      uploads.delete(token);
    }
    ticket.comments.push({
      id: ++nextId,
      body: comment.body ?? (comment.html_body ?? '').replace(/<[^>]+>/g, ''),
      ...(comment.html_body === undefined ? {} : { htmlBody: comment.html_body }),
      public: comment.public ?? true,
      authorId: comment.author_id ?? fallbackAuthor,
      attachments: attached,
    });
    ticket.updatedAt = new Date(Date.now() + nextId).toISOString();
  };
  const apiUser = agent('Tandem API');

  function route(request: LoopbackRequest): LoopbackResponse {
    if (request.method === 'POST' && request.path === '/api/v2/uploads') return upload(request);
    const comments = /^\/api\/v2\/tickets\/(\d+)\/comments(?:\.json)?$/.exec(request.path);
    if (comments !== null && request.method === 'GET') {
      const ticket = tickets.find((candidate) => candidate.id === Number(comments[1]));
      if (ticket === undefined) return { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } };
      const listed = ticket.comments.map((comment) => ({
        id: comment.id,
        type: 'Comment',
        author_id: comment.authorId,
        body: comment.body,
        public: comment.public,
        attachments: comment.attachments.map(serializeAttachment),
      }));
      if (request.query.get('sort_order') === 'desc') listed.reverse();
      return { status: 200, body: { comments: listed, next_page: null, previous_page: null, count: listed.length } };
    }
    const body = request.body === '' ? {} : (JSON.parse(request.body) as { ticket?: Record<string, unknown> });
    if (request.method === 'POST' && request.path === '/api/v2/tickets') {
      const input = body.ticket;
      const comment = input?.comment as { body?: string; html_body?: string; public?: boolean } | undefined;
      if (
        input === undefined ||
        comment === undefined ||
        (comment.body === undefined && comment.html_body === undefined)
      ) {
        return {
          status: 422,
          body: {
            error: 'RecordInvalid',
            description: 'Record validation errors',
            details: { description: [{ description: 'Description: cannot be blank' }] },
          },
        };
      }
      const requester = userFor(
        (input.requester as { name?: string; email?: string } | undefined) ?? { name: apiUser.name },
      );
      const ticket: FakeZendeskTicket = {
        id: ++nextId,
        subject: String(input.subject ?? ''),
        status: 'new',
        priority: (input.priority as string | undefined) ?? null,
        tags: (input.tags as string[] | undefined) ?? [],
        externalId: (input.external_id as string | undefined) ?? null,
        requesterId: requester.id,
        assigneeId: null,
        groupId: (input.group_id as number | undefined) ?? null,
        customFields: (input.custom_fields as { id: number; value: unknown }[] | undefined) ?? [],
        comments: [],
        updatedAt: new Date().toISOString(),
      };
      addComment(ticket, comment, apiUser.id);
      tickets.push(ticket);
      return {
        status: 201,
        headers: { location: `${server.url}/api/v2/tickets/${ticket.id}.json` },
        body: { ticket: serialize(ticket) },
      };
    }
    if (request.method === 'GET' && request.path === '/api/v2/tickets') {
      const externalId = request.query.get('external_id');
      const found = tickets.filter((ticket) => externalId === null || ticket.externalId === externalId);
      return {
        status: 200,
        body: { tickets: found.map(serialize), count: found.length, next_page: null, previous_page: null },
      };
    }
    const match = /^\/api\/v2\/tickets\/(\d+)(?:\.json)?$/.exec(request.path);
    const ticket = match === null ? undefined : tickets.find((candidate) => candidate.id === Number(match[1]));
    if (match !== null && ticket === undefined)
      return { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } };
    if (ticket !== undefined && request.method === 'GET') return { status: 200, body: { ticket: serialize(ticket) } };
    if (ticket !== undefined && request.method === 'PUT') {
      const input = body.ticket ?? {};
      if (input.comment !== undefined)
        addComment(
          ticket,
          input.comment as { body?: string; public?: boolean; author_id?: number; uploads?: string[] },
          apiUser.id,
        );
      if (typeof input.status === 'string') ticket.status = input.status as FakeZendeskTicket['status'];
      return { status: 200, body: { ticket: serialize(ticket), audit: { ticket_id: ticket.id } } };
    }
    return { status: 404, body: { error: 'InvalidEndpoint', description: 'Not found' } };
  }

  /** POST /api/v2/uploads?filename=…[&token=…]: the body is the file, its type in Content-Type. */
  function upload(request: LoopbackRequest): LoopbackResponse {
    const fileName = request.query.get('filename');
    const contentType = String(request.headers['content-type'] ?? '');
    if (fileName === null || fileName === '')
      return { status: 400, body: { error: 'InvalidParameter', description: 'filename is required' } };
    if (contentType === '' || request.bytes.byteLength === 0)
      return { status: 422, body: { error: 'RecordInvalid', description: 'The upload is empty or has no type' } };
    const token = request.query.get('token') ?? Math.random().toString(36).slice(2, 17);
    const held = uploads.get(token) ?? [];
    if (request.query.get('token') !== null && !uploads.has(token))
      return { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } };
    const attachment = newAttachment(fileName, contentType.split(';')[0]?.trim() ?? contentType, request.bytes);
    held.push(attachment);
    uploads.set(token, held);
    return {
      status: 201,
      body: {
        upload: {
          token,
          expires_at: new Date(Date.now() + 60 * 60 * 1000).toISOString(),
          attachment: serializeAttachment(attachment),
          attachments: held.map(serializeAttachment),
        },
      },
    };
  }

  const server = await startLoopbackServer((request): LoopbackResponse | 'drop' => {
    const file = /^\/attachments\/token\/([a-z0-9]+)\/?$/.exec(request.path);
    if (file !== null && request.method === 'GET') {
      // Private attachments: without the API credentials Zendesk sends the caller to its sign-in page.
      if (request.headers.authorization !== expectedAuthorization)
        return { status: 302, headers: { location: `${server.url}/access/unauthenticated` }, body: '' };
      const attachment = attachmentsByUrl.get(file[1] ?? '');
      if (attachment === undefined || attachment.deleted === true) return { status: 404, body: 'Not Found' };
      return { status: 200, headers: { 'content-type': attachment.contentType }, body: attachment.bytes };
    }
    if (request.path === '/access/unauthenticated')
      return { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><body>Sign in</body></html>' };
    if (request.headers.authorization !== expectedAuthorization)
      return { status: 401, body: { error: "Couldn't authenticate you" } };
    const key = `${request.method} ${request.path}`;
    const index = failures.findIndex(
      ({ route }) => route === '*' || route === key || (route.endsWith('/*') && key.startsWith(route.slice(0, -1))),
    );
    const failure = index === -1 ? undefined : failures.splice(index, 1)[0]?.failure;
    if (failure?.kind === 'status') {
      return {
        status: failure.status,
        headers: failure.retryAfterSeconds === undefined ? {} : { 'retry-after': String(failure.retryAfterSeconds) },
        body: { error: 'failure' },
      };
    }
    const idempotencyKey = request.headers['idempotency-key'];
    if (request.method === 'POST' && typeof idempotencyKey === 'string') {
      const cached = idempotency.get(idempotencyKey);
      if (cached !== undefined && cached.body !== request.body) {
        return {
          status: 400,
          body: {
            error: 'IdempotentRequestError',
            description: 'Idempotency key was reused with different parameters',
          },
        };
      }
      if (cached !== undefined)
        return { ...cached.response, headers: { ...cached.response.headers, 'x-idempotency-lookup': 'hit' } };
      const response = route(request);
      idempotency.set(idempotencyKey, { body: request.body, response });
      if (failure?.kind === 'lose-response') return 'drop';
      return { ...response, headers: { ...response.headers, 'x-idempotency-lookup': 'miss' } };
    }
    const response = route(request);
    return failure?.kind === 'lose-response' ? 'drop' : response;
  });

  /** What the documented trigger sends after a ticket update, signed with the webhook secret. */
  async function webhookRequest(
    ticketId: number,
    signing: { timestampSeconds?: number; secret?: string } = {},
  ): Promise<Request> {
    const ticket = tickets.find((candidate) => candidate.id === ticketId);
    if (ticket === undefined) throw new Error(`no ticket ${ticketId}`);
    const latest = ticket.comments[ticket.comments.length - 1];
    const statusName = ticket.status.charAt(0).toUpperCase() + ticket.status.slice(1);
    const body = JSON.stringify({
      ticket_id: String(ticket.id),
      status: statusName,
      updated_at: ticket.updatedAt,
      requester_id: String(ticket.requesterId),
      assignee_id: ticket.assigneeId === null ? '' : String(ticket.assigneeId),
      assignee_name: ticket.assigneeId === null ? '' : (users.get(ticket.assigneeId)?.name ?? ''),
      // {{ticket.tags}} renders the tags separated by spaces.
      tags: ticket.tags.join(' '),
      comment: latest && {
        id: String(latest.id),
        public: String(latest.public),
        body: latest.body,
        author_id: String(latest.authorId),
        author_name: users.get(latest.authorId)?.name ?? '',
      },
    });
    const timestamp = new Date((signing.timestampSeconds ?? Math.floor(Date.now() / 1000)) * 1000)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
    return new Request(options.relayURL ?? 'http://127.0.0.1/v1/webhooks/zendesk', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [ZENDESK_TIMESTAMP_HEADER]: timestamp,
        [ZENDESK_SIGNATURE_HEADER]: await signZendeskWebhook(signing.secret ?? options.webhookSecret, timestamp, body),
        'x-zendesk-webhook-id': '01GABCDEFWEBHOOK',
        'x-zendesk-webhook-invocation-id': String(++nextId),
      },
      body,
    });
  }

  return {
    url: server.url,
    tickets,
    users,
    /** Makes the next call matching `route` fail as described. */
    failNext(route: FakeZendeskRoute, failure: FakeZendeskFailure) {
      failures.push({ route, failure });
    },
    /** An agent comments on the ticket in Zendesk; returns the trigger's signed webhook request. */
    async agentComment(
      ticketId: number,
      comment: {
        text: string;
        agentName: string;
        public?: boolean;
        /** Files the agent attaches in the agent interface; `malware` marks one Zendesk's scan flagged. */
        files?: { name: string; contentType: string; bytes: Uint8Array; malware?: boolean; externalUrl?: string }[];
      },
      signing: Parameters<typeof webhookRequest>[1] = {},
    ) {
      const ticket = tickets.find((candidate) => candidate.id === ticketId);
      if (ticket === undefined) throw new Error(`no ticket ${ticketId}`);
      const attached = (comment.files ?? []).map((file) => ({
        ...newAttachment(file.name, file.contentType, file.bytes),
        ...(file.malware === true ? { malware: true } : {}),
        ...(file.externalUrl === undefined ? {} : { externalUrl: file.externalUrl }),
      }));
      for (const attachment of attached) attachmentsByUrl.set(attachment.urlToken, attachment);
      addComment(
        ticket,
        { body: comment.text, public: comment.public ?? true, author_id: agent(comment.agentName).id },
        apiUser.id,
        attached,
      );
      if (ticket.status === 'new') ticket.status = 'open';
      return webhookRequest(ticketId, signing);
    },
    /** An agent takes the ticket (assigns it to themself); returns the trigger's signed webhook request. */
    async assign(ticketId: number, agentName: string, signing: Parameters<typeof webhookRequest>[1] = {}) {
      const ticket = tickets.find((candidate) => candidate.id === ticketId);
      if (ticket === undefined) throw new Error(`no ticket ${ticketId}`);
      ticket.assigneeId = agent(agentName).id;
      ticket.status = 'open';
      ticket.updatedAt = new Date(Date.now() + ++nextId).toISOString();
      return webhookRequest(ticketId, signing);
    },
    /** An agent adds a tag to the ticket; returns the trigger's signed webhook request. */
    async addTag(ticketId: number, tag: string, signing: Parameters<typeof webhookRequest>[1] = {}) {
      const ticket = tickets.find((candidate) => candidate.id === ticketId);
      if (ticket === undefined) throw new Error(`no ticket ${ticketId}`);
      if (!ticket.tags.includes(tag)) ticket.tags.push(tag);
      ticket.updatedAt = new Date(Date.now() + ++nextId).toISOString();
      return webhookRequest(ticketId, signing);
    },
    /** An agent sets the ticket's status (e.g. solved); returns the trigger's signed webhook request. */
    async setStatus(
      ticketId: number,
      status: FakeZendeskTicket['status'],
      signing: Parameters<typeof webhookRequest>[1] = {},
    ) {
      const ticket = tickets.find((candidate) => candidate.id === ticketId);
      if (ticket === undefined) throw new Error(`no ticket ${ticketId}`);
      ticket.status = status;
      ticket.updatedAt = new Date(Date.now() + ++nextId).toISOString();
      return webhookRequest(ticketId, signing);
    },
    webhookRequest,
    close: () => server.close(),
  };
}

export type FakeZendesk = Awaited<ReturnType<typeof startFakeZendesk>>;
