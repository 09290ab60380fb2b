import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HandoffError } from '../src/errors.ts';
import type { HandoffAdapter, HandoffTicket, InboundResult } from '../src/handoff-adapter.ts';
import type { HandoffContext } from '../src/handoff-context.ts';

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

export interface TestHandoffAdapterOptions<Helpdesk extends ConformanceHelpdesk> {
  /** Names the describe block, e.g. "slack". */
  name: string;
  /** Starts a fresh helpdesk fake for each test (loopback, port 0). */
  helpdesk: () => Promise<Helpdesk>;
  /** Creates the adapter under test against that helpdesk; `now` must become the adapter's clock when given. */
  createAdapter: (helpdesk: Helpdesk, settings: { now?: () => number }) => HandoffAdapter;
  /** The context packet to open tickets with; a realistic default is used when absent. */
  context?: HandoffContext;
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
  });
}

// --- internal ---

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

function visitorMessage(text: string) {
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
