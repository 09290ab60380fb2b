import type { Attachment, Message } from '@tandem/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HandoffError } from '../src/errors.ts';
import type { AgentReplyEvent, HandoffAdapter, HandoffTicket, InboundResult } from '../src/handoff-adapter.ts';
import type { HandoffContext } from '../src/handoff-context.ts';
import { type RelayFiles, startRelayFiles } from './relay-files.ts';

/** A ticket as the helpdesk (your loopback fake) holds it. */
export interface ConformanceTicket {
  /** Equals the `HandoffTicket.id` the adapter returned for it. */
  id: string;
  /** Texts of everything added to the ticket after it was opened (comments, thread replies, follow-up emails). */
  messages: string[];
  /** True once the adapter's `close` reached the helpdesk (a status, a closing note). */
  closed: boolean;
}

export interface InboundSigning {
  /** Signed at this time (seconds since the epoch) instead of now. */
  timestampSeconds?: number;
  /** Signed with this secret instead of the configured one. */
  secret?: string;
}

/** Your loopback fake of the helpdesk, seen through what the suite needs to check and to send. */
export interface ConformanceHelpdesk {
  /** Every ticket the helpdesk holds, in creation order. */
  tickets(): ConformanceTicket[] | Promise<ConformanceTicket[]>;
  /** Makes the next ticket creation succeed at the helpdesk but lose its answer, as a dropped connection does. */
  loseNextOpenResponse(): void;
  /** The webhook request the helpdesk sends when a person named `agentName` replies `text` on the ticket, signed. */
  agentReply(
    ticket: HandoffTicket,
    reply: { text: string; agentName: string },
    signing?: InboundSigning,
  ): Promise<Request>;
  /** The webhook request the helpdesk sends when a person closes or solves the ticket, signed. */
  closeTicket(ticket: HandoffTicket, signing?: InboundSigning): Promise<Request>;
  /** The headers that carry the signature; removing them makes a request unsigned. */
  signatureHeaders: string[];
  close(): Promise<void>;
}

/** A file as the helpdesk holds it. */
export interface ConformanceFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * For adapters that carry attachments: how the suite sees the files on a ticket and makes an agent attach one.
 * The suite hands the adapter a real `AttachmentFiles` whose signed URLs a loopback server answers, so a helpdesk
 * that receives links (the generic webhook) can fetch them in `received`.
 */
export interface ConformanceAttachments<Helpdesk extends ConformanceHelpdesk> {
  /** Every file the helpdesk holds on this ticket (uploaded, attached to an email, or fetched from a link). */
  received(helpdesk: Helpdesk, ticket: HandoffTicket): Promise<ConformanceFile[]>;
  /** The signed webhook request the helpdesk sends when a person replies with a file (text may be empty). */
  agentReplyWithFile(
    helpdesk: Helpdesk,
    ticket: HandoffTicket,
    reply: { text: string; agentName: string; file: ConformanceFile & { contentType: string } },
  ): Promise<Request>;
}

export interface TestHandoffAdapterOptions<Helpdesk extends ConformanceHelpdesk> {
  /** Names the describe block, e.g. "slack". */
  name: string;
  /** Starts a fresh helpdesk fake for each test (loopback, port 0). */
  helpdesk: () => Promise<Helpdesk>;
  /** Creates the adapter under test against that helpdesk; `now` must become the adapter's clock when given. */
  createAdapter: (helpdesk: Helpdesk, settings: { now?: () => number }) => HandoffAdapter;
  /** The context packet to open tickets with; a realistic default is used when absent. */
  context?: HandoffContext;
  /** Give this when the adapter carries attachments both ways; the attachment tests run only then. */
  attachments?: ConformanceAttachments<Helpdesk>;
}

/**
 * The conformance suite every HandoffAdapter passes. Call it inside a vitest test file:
 *
 * @example
 * testHandoffAdapter({ name: 'my-helpdesk', helpdesk: () => startMyHelpdeskFake(), createAdapter: (fake, { now }) => createMyHandoff({ baseURL: fake.url, now }) });
 */
export function testHandoffAdapter<Helpdesk extends ConformanceHelpdesk>(
  options: TestHandoffAdapterOptions<Helpdesk>,
): void {
  const context = options.context ?? defaultContext();

  describe(`HandoffAdapter conformance: ${options.name}`, () => {
    let helpdesk: Helpdesk;
    let adapter: HandoffAdapter;

    beforeEach(async () => {
      helpdesk = await options.helpdesk();
      adapter = options.createAdapter(helpdesk, {});
    });
    afterEach(() => helpdesk.close());

    it('declares the v1 specification and a name', () => {
      expect(adapter.specificationVersion).toBe('v1');
      expect(adapter.name).toMatch(/^[a-z0-9-]+$/);
    });

    it('opens one ticket carrying the summary, and returns its reference', async () => {
      const ticket = await adapter.open(context);
      expect(ticket.adapter).toBe(adapter.name);
      const tickets = await helpdesk.tickets();
      expect(tickets.map((held) => held.id)).toEqual([ticket.id]);
    });

    it('never creates two tickets when an open is retried after its answer was lost', async () => {
      helpdesk.loseNextOpenResponse();
      const lost = await adapter.open(context).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(HandoffError.isInstance(lost) && lost.retryable).toBe(true);
      const ticket = await adapter.open(context);
      const again = await adapter.open(context);
      expect(again.id).toBe(ticket.id);
      expect((await helpdesk.tickets()).map((held) => held.id)).toEqual([ticket.id]);
    });

    it('refuses an invalid context and creates nothing', async () => {
      const invalid = { ...context, summary: undefined } as unknown as HandoffContext;
      const error = await adapter.open(invalid).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(HandoffError.isInstance(error) && error.code).toBe('bad_request');
      expect(await helpdesk.tickets()).toEqual([]);
    });

    it('forwards later visitor messages to the ticket, then closes it', async () => {
      const ticket = await adapter.open(context);
      await adapter.send(ticket, visitorMessage('Conformance follow-up 4242'));
      await adapter.close(ticket, { reason: 'The customer closed the chat.' });
      const held = (await helpdesk.tickets()).find((candidate) => candidate.id === ticket.id);
      expect(held?.messages.some((text) => text.includes('Conformance follow-up 4242'))).toBe(true);
      expect(held?.closed).toBe(true);
    });

    describe('inbound', () => {
      let ticket: HandoffTicket;
      beforeEach(async () => {
        ticket = await adapter.open(context);
      });

      it("parses a signed agent reply into an agent-reply for the ticket, with the agent's name", async () => {
        const result = await inbound(
          adapter,
          await helpdesk.agentReply(ticket, { text: 'Refund sent 12345', agentName: 'Grace Hopper' }),
        );
        const replies = result.events.filter((event) => event.type === 'agent-reply');
        expect(replies).toHaveLength(1);
        expect(replies[0]).toMatchObject({
          ticketId: ticket.id,
          agent: { name: 'Grace Hopper' },
          text: 'Refund sent 12345',
        });
        expect(replies[0]?.dedupeKey).toEqual(expect.any(String));
      });

      it('parses a signed close into a closed event for the ticket', async () => {
        const result = await inbound(adapter, await helpdesk.closeTicket(ticket));
        expect(result.events.filter((event) => event.type === 'closed').map((event) => event.ticketId)).toEqual([
          ticket.id,
        ]);
      });

      it('gives a redelivered request the same dedupe keys, so the relay applies it once', async () => {
        const request = await helpdesk.agentReply(ticket, { text: 'Refund sent 12345', agentName: 'Grace Hopper' });
        const first = await inbound(adapter, request.clone());
        const second = await inbound(adapter, request);
        expect(second.events.map((event) => event.dedupeKey)).toEqual(first.events.map((event) => event.dedupeKey));
      });

      it('refuses an unsigned request with unauthorized', async () => {
        const request = await helpdesk.agentReply(ticket, { text: 'Refund sent 12345', agentName: 'Grace Hopper' });
        const headers = new Headers(request.headers);
        for (const name of helpdesk.signatureHeaders) headers.delete(name);
        await expectUnauthorized(
          adapter,
          new Request(request.url, { method: 'POST', headers, body: await request.text() }),
        );
      });

      it('refuses a forged body with unauthorized', async () => {
        const request = await helpdesk.agentReply(ticket, { text: 'Refund sent 12345', agentName: 'Grace Hopper' });
        const body = await request.text();
        expect(body).toContain('12345');
        await expectUnauthorized(
          adapter,
          new Request(request.url, { method: 'POST', headers: request.headers, body: body.replace('12345', '99999') }),
        );
      });

      it('refuses a request signed with another secret with unauthorized', async () => {
        await expectUnauthorized(
          adapter,
          await helpdesk.agentReply(
            ticket,
            { text: 'Refund sent 12345', agentName: 'Mallory' },
            { secret: 'not-the-secret' },
          ),
        );
      });

      it('refuses a stale request with unauthorized', async () => {
        const hourAgo = Math.floor(Date.now() / 1000) - 3600;
        await expectUnauthorized(
          adapter,
          await helpdesk.agentReply(
            ticket,
            { text: 'Refund sent 12345', agentName: 'Grace Hopper' },
            { timestampSeconds: hourAgo },
          ),
        );
      });

      it('refuses a captured request replayed after the signature window with unauthorized', async () => {
        const request = await helpdesk.agentReply(ticket, { text: 'Refund sent 12345', agentName: 'Grace Hopper' });
        const later = options.createAdapter(helpdesk, { now: () => Date.now() + 60 * 60 * 1000 });
        await expectUnauthorized(later, request);
      });
    });

    const attachments = options.attachments;
    if (attachments !== undefined) {
      describe('attachments', () => {
        let relayFiles: RelayFiles;
        beforeEach(async () => {
          relayFiles = await startRelayFiles([CONFORMANCE_PHOTO, CONFORMANCE_PDF]);
        });
        afterEach(() => relayFiles.close());

        it("delivers the exact bytes of a visitor's attachments to the ticket", async () => {
          const ticket = await adapter.open(context);
          await adapter.send(
            ticket,
            {
              ...visitorMessage('The photo and the receipt'),
              attachments: [CONFORMANCE_PHOTO.attachment, CONFORMANCE_PDF.attachment],
            },
            { files: relayFiles.files },
          );
          const received = await attachments.received(helpdesk, ticket);
          expect(received.map((file) => [file.name, Buffer.from(file.bytes)])).toEqual([
            [CONFORMANCE_PHOTO.attachment.name, Buffer.from(CONFORMANCE_PHOTO.bytes)],
            [CONFORMANCE_PDF.attachment.name, Buffer.from(CONFORMANCE_PDF.bytes)],
          ]);
        });

        it('delivers a message that is only an attachment', async () => {
          const ticket = await adapter.open(context);
          await adapter.send(
            ticket,
            { ...visitorMessage(''), attachments: [CONFORMANCE_PHOTO.attachment] },
            { files: relayFiles.files },
          );
          const received = await attachments.received(helpdesk, ticket);
          expect(received.map((file) => file.name)).toEqual([CONFORMANCE_PHOTO.attachment.name]);
        });

        it("turns an agent's attached file into an attachment of the agent-reply that downloads the same bytes", async () => {
          const ticket = await adapter.open(context);
          const result = await inbound(
            adapter,
            await attachments.agentReplyWithFile(helpdesk, ticket, {
              text: 'Your return label',
              agentName: 'Grace Hopper',
              file: { name: 'return-label.pdf', contentType: 'application/pdf', bytes: CONFORMANCE_PDF.bytes },
            }),
          );
          const replies = result.events.filter((event): event is AgentReplyEvent => event.type === 'agent-reply');
          expect(replies).toHaveLength(1);
          expect(replies[0]?.ticketId).toBe(ticket.id);
          expect(replies[0]?.attachments?.map((file) => file.name)).toEqual(['return-label.pdf']);
          const bytes = await replies[0]?.attachments?.[0]?.download();
          expect(Buffer.from(bytes ?? [])).toEqual(Buffer.from(CONFORMANCE_PDF.bytes));
        });
      });
    }
  });
}

// --- internal ---

/** A 1×1 PNG and a minimal PDF, as the relay stores them. */
const CONFORMANCE_PHOTO = conformanceFile(
  'att_conformance_photo',
  'broken-pole.png',
  'image/png',
  Uint8Array.from(
    atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='),
    (character) => character.charCodeAt(0),
  ),
);
const CONFORMANCE_PDF = conformanceFile(
  'att_conformance_pdf',
  'receipt.pdf',
  'application/pdf',
  new TextEncoder().encode('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'),
);

function conformanceFile(id: string, name: string, contentType: Attachment['contentType'], bytes: Uint8Array) {
  const attachment: Attachment = {
    id,
    name,
    contentType,
    size: bytes.byteLength,
    url: `/v1/conversations/c_conformance/attachments/${id}`,
  };
  return { attachment, bytes };
}

async function inbound(adapter: HandoffAdapter, request: Request): Promise<InboundResult> {
  if (adapter.inbound === undefined) throw new Error(`${adapter.name} has no inbound side`);
  return adapter.inbound(request);
}

async function expectUnauthorized(adapter: HandoffAdapter, request: Request): Promise<void> {
  const outcome = await inbound(adapter, request).then(
    (result) => result,
    (error: unknown) => error,
  );
  expect(HandoffError.isInstance(outcome) ? outcome.code : outcome).toBe('unauthorized');
}

function visitorMessage(text: string): Message {
  return { id: `m_${text.length}`, role: 'visitor' as const, text, createdAt: new Date().toISOString() };
}

function defaultContext(): HandoffContext {
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 9, minute)).toISOString();
  return {
    conversationId: 'c_conformance',
    summary: 'The customer was charged twice for order #881 and wants one charge refunded.',
    transcript: [
      { id: 'm1', role: 'visitor', text: 'I was charged twice for order #881!', createdAt: at(0) },
      { id: 'm2', role: 'assistant', text: 'I am sorry. Let me look into the charges.', createdAt: at(1) },
      { id: 'm3', role: 'visitor', text: 'Please get me a person.', createdAt: at(2) },
    ],
    identity: { userId: 'u_881', name: 'Ada Lovelace', email: 'ada@example.com', attributes: { plan: 'gold' } },
    identityVerified: true,
    tier: 'vip',
    pageUrl: 'https://shop.example/orders/881',
    locale: 'en',
    sentimentTrajectory: [-0.3, -0.6],
    reasons: ['explicit_request', 'topic:billing'],
    priority: 'high',
    suggestedReply: 'I have refunded the duplicate charge on order #881.',
    conversationUrl: 'https://support.example/inbox/c_conformance',
  };
}
