import { SIGNATURE_HEADER, signWebhook, verifyWebhook } from '../../src/webhook/signature.ts';
import { type LoopbackRequest, type LoopbackResponse, startLoopbackServer } from './loopback.ts';

export interface FakeWebhookTicket {
  id: string;
  idempotencyKey: string;
  context: Record<string, unknown>;
  messages: string[];
  closed: boolean;
  /** Attachments of the messages received (with the signed `downloadUrl` when the relay gave one). */
  attachments: { name: string; contentType: string; size: number; url: string; downloadUrl?: string }[];
}

/**
 * A helpdesk receiving Tandem's signed webhooks as docs/adapters/webhook.md tells receivers to: it verifies the
 * signature and the time window, answers 401 otherwise, de-duplicates by Idempotency-Key, and names its tickets.
 */
export async function startFakeWebhookReceiver(options: { secret: string; inboundSecret?: string; relayURL?: string }) {
  const tickets: FakeWebhookTicket[] = [];
  const refused: { reason: string }[] = [];
  const seenEvents = new Set<string>();
  let loseNext = false;
  let counter = 0;
  const hosted = new Map<string, { bytes: Uint8Array; contentType: string }>();

  const server = await startLoopbackServer(async (request: LoopbackRequest): Promise<LoopbackResponse | 'drop'> => {
    const file = /^\/files\/([a-z0-9]+)$/.exec(request.path);
    const served = file === null ? undefined : hosted.get(file[1] ?? '');
    if (request.method === 'GET' && served !== undefined)
      return { status: 200, headers: { 'content-type': served.contentType }, body: served.bytes };
    if (request.method !== 'POST' || request.path !== '/tandem') return { status: 404, body: { error: 'not found' } };
    const signature = request.headers[SIGNATURE_HEADER];
    const verification = await verifyWebhook(
      options.secret,
      typeof signature === 'string' ? signature : null,
      request.body,
      {
        nowMs: Date.now(),
        toleranceSeconds: 300,
      },
    );
    if (!verification.valid) {
      refused.push({ reason: verification.reason });
      return { status: 401, body: { error: verification.reason } };
    }
    const event = JSON.parse(request.body) as {
      id: string;
      type: string;
      idempotencyKey?: string;
      ticketId?: string;
      context?: Record<string, unknown>;
      message?: { text: string; attachments?: FakeWebhookTicket['attachments'] };
    };
    if (event.type === 'handoff.opened') {
      const key = String(request.headers['idempotency-key'] ?? event.idempotencyKey);
      let ticket = tickets.find((candidate) => candidate.idempotencyKey === key);
      if (ticket === undefined) {
        ticket = {
          id: `T-${++counter}`,
          idempotencyKey: key,
          context: event.context ?? {},
          messages: [],
          closed: false,
          attachments: [],
        };
        tickets.push(ticket);
      }
      if (loseNext) {
        loseNext = false;
        return 'drop';
      }
      return { status: 201, body: { ticketId: ticket.id, url: `https://helpdesk.example/tickets/${ticket.id}` } };
    }
    const ticket = tickets.find((candidate) => candidate.id === event.ticketId);
    if (ticket === undefined) return { status: 404, body: { error: 'no such ticket' } };
    if (!seenEvents.has(event.id)) {
      seenEvents.add(event.id);
      if (event.type === 'handoff.message' && event.message) {
        ticket.messages.push(event.message.text);
        ticket.attachments.push(...(event.message.attachments ?? []));
      }
      if (event.type === 'handoff.closed') ticket.closed = true;
    }
    return { status: 200, body: { ok: true } };
  });

  /** Builds a signed request from the helpdesk to the relay. */
  async function inboundRequest(
    body: unknown,
    signing: { timestampSeconds?: number; secret?: string } = {},
  ): Promise<Request> {
    const raw = JSON.stringify(body);
    const timestamp = signing.timestampSeconds ?? Math.floor(Date.now() / 1000);
    const signature = await signWebhook(signing.secret ?? options.inboundSecret ?? options.secret, timestamp, raw);
    return new Request(options.relayURL ?? 'http://127.0.0.1/v1/webhooks/webhook', {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature },
      body: raw,
    });
  }

  return {
    /** Pass as the adapter's `url`. */
    url: `${server.url}/tandem`,
    tickets,
    refused,
    loseNextOpenResponse() {
      loseNext = true;
    },
    inboundRequest,
    /** Stores a file an agent attached; returns the unguessable address the helpdesk would put in its event. */
    hostFile(bytes: Uint8Array, contentType: string): string {
      const token = `${++counter}${Math.random().toString(36).slice(2)}`;
      hosted.set(token, { bytes, contentType });
      return `${server.url}/files/${token}`;
    },
    close: () => server.close(),
  };
}

export type FakeWebhookReceiver = Awaited<ReturnType<typeof startFakeWebhookReceiver>>;
