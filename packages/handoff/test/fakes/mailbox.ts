import { SIGNATURE_HEADER, signWebhook } from '../../src/webhook/signature.ts';
import type { InboundSigning } from '../conformance.ts';

/** An email as the support team's mailbox holds it. */
export interface ReceivedEmail {
  messageId: string;
  from: string;
  to: string[];
  replyTo: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  /** Attached files, decoded from the MIME parts (SMTP) or the base64 `content` (Resend). */
  attachments: { filename: string; contentType: string; content: Uint8Array }[];
}

/**
 * The support mailbox behind an email fake: it shows a Message-ID once, as mail clients do, and groups
 * emails into tickets by thread. It also writes the signed inbound-email webhook a provider's forwarder sends.
 */
export function createMailbox(options: { inboundSecret: string; relayURL?: string }) {
  const received: ReceivedEmail[] = [];
  let replies = 0;

  const threads = () => {
    const unique = received.filter(
      (email, index) => received.findIndex((other) => other.messageId === email.messageId) === index,
    );
    const roots = unique.filter((email) => email.headers['in-reply-to'] === undefined);
    return roots.map((root) => ({
      root,
      followUps: unique.filter((email) => email.headers['in-reply-to'] === root.messageId),
    }));
  };

  async function inboundRequest(body: unknown, signing: InboundSigning = {}): Promise<Request> {
    const raw = JSON.stringify(body);
    const timestamp = signing.timestampSeconds ?? Math.floor(Date.now() / 1000);
    return new Request(options.relayURL ?? 'http://127.0.0.1/v1/webhooks/email', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: await signWebhook(signing.secret ?? options.inboundSecret, timestamp, raw),
      },
      body: raw,
    });
  }

  return {
    received,
    threads,
    /** Every handoff thread: the ticket id from X-Tandem-Ticket, follow-up texts, and whether a closing note came. */
    tickets: () =>
      threads().map(({ root, followUps }) => ({
        id: root.headers['x-tandem-ticket'] ?? '',
        messages: followUps.map((email) => email.text),
        closed: followUps.some((email) => email.text.startsWith('The conversation was closed.')),
      })),
    /** A person answers the handoff email from their mail client (quoting the thread, as clients do). */
    async reply(
      ticketId: string,
      reply: {
        text: string;
        agentName: string;
        address?: string;
        /** Files attached to the reply: inline as base64, or by `url` where the forwarder stored them. */
        files?: { filename: string; contentType: string; bytes?: Uint8Array; url?: string; size?: number }[];
      },
      signing: InboundSigning = {},
    ) {
      const root = threads().find((thread) => thread.root.headers['x-tandem-ticket'] === ticketId)?.root;
      if (root === undefined) throw new Error(`no handoff email for ticket ${ticketId}`);
      const quoted = root.text
        .split('\n')
        .slice(0, 5)
        .map((line) => `> ${line}`)
        .join('\n');
      return inboundRequest(
        {
          messageId: `<reply-${++replies}.${Date.now()}@mail.shop.example>`,
          from: `"${reply.agentName}" <${reply.address ?? 'agent@shop.example'}>`,
          to: [root.replyTo],
          subject: `Re: ${root.subject}`,
          text: `${reply.text}\n\nOn Mon, 5 Jan 2026 at 10:00, Tandem <handoff@shop.example> wrote:\n${quoted}`,
          ...(reply.files === undefined
            ? {}
            : {
                attachments: reply.files.map((file) => ({
                  filename: file.filename,
                  contentType: file.contentType,
                  ...(file.url === undefined
                    ? { content: Buffer.from(file.bytes ?? new Uint8Array()).toString('base64') }
                    : { url: file.url, ...(file.size === undefined ? {} : { size: file.size }) }),
                })),
              }),
        },
        signing,
      );
    },
    inboundRequest,
  };
}

export type Mailbox = ReturnType<typeof createMailbox>;
