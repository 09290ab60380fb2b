import type { Message } from '@tandem/protocol';
import { truncate } from '../context/describe.ts';
import { escapeHtml, renderContextHtml } from '../context/html.ts';
import { renderContextText, renderMessageText } from '../context/text.ts';
import type { HandoffContext } from '../handoff-context.ts';
import type { ResolvedEmailOptions } from './options.ts';
import type { OutgoingEmail } from './transport.ts';

const HOW_TO_ANSWER =
  'Reply to this email to answer the customer. Write #close on a line of its own to close the conversation.';

export function rootMessageId(ticketId: string, options: ResolvedEmailOptions): string {
  return `<tandem.${ticketId}@${domainOf(options.replyAddress)}>`;
}

export function handoffEmail(
  context: HandoffContext,
  ticketId: string,
  replyTo: string,
  options: ResolvedEmailOptions,
): OutgoingEmail {
  const subject = truncate(
    `[${options.subjectPrefix}] ${context.priority}: ${context.summary.split('\n')[0] ?? ''}`,
    150,
  );
  return {
    from: options.from,
    to: options.to,
    replyTo,
    subject,
    html: documentHtml(`<p><em>${escapeHtml(HOW_TO_ANSWER)}</em></p>\n${renderContextHtml(context)}`),
    text: `${HOW_TO_ANSWER}\n\n${renderContextText(context)}`,
    headers: { 'Message-ID': rootMessageId(ticketId, options), 'X-Tandem-Ticket': ticketId },
  };
}

/** A follow-up in the same thread: a later visitor message, or the closing note. */
export function followUpEmail(
  ticket: { id: string; subject: string },
  replyTo: string,
  body: { text: string; key: string },
  options: ResolvedEmailOptions,
): OutgoingEmail {
  const root = rootMessageId(ticket.id, options);
  return {
    from: options.from,
    to: options.to,
    replyTo,
    subject: ticket.subject.startsWith('Re: ') ? ticket.subject : `Re: ${ticket.subject}`,
    html: documentHtml(`<p>${escapeHtml(body.text).replace(/\n/g, '<br>')}</p>`),
    text: body.text,
    headers: {
      'Message-ID': `<tandem.${ticket.id}.${body.key.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 60)}@${domainOf(options.replyAddress)}>`,
      'In-Reply-To': root,
      References: root,
      'X-Tandem-Ticket': ticket.id,
    },
  };
}

export function messageLine(message: Message): string {
  return renderMessageText(message);
}

// --- internal ---

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}

function documentHtml(body: string): string {
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;font-size:14px;line-height:1.4">${body}</body></html>`;
}
