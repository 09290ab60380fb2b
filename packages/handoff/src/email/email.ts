import { HandoffError } from '../errors.ts';
import type { HandoffAdapter, HandoffTicket } from '../handoff-adapter.ts';
import { attachmentsOf } from '../internal/attachments.ts';
import { parseContext, parseOptions } from '../internal/options.ts';
import { attachToEmail } from './attachments.ts';
import { followUpEmail, handoffEmail, messageLine } from './compose.ts';
import { parseInboundEmail } from './inbound.ts';
import { type EmailHandoffOptions, emailHandoffOptionsSchema } from './options.ts';
import { replyAddress, ticketIdFor } from './reply-token.ts';

const ADAPTER_NAME = 'email';

/**
 * Hands conversations to a support mailbox: an HTML + plain-text email with the context packet whose reply
 * address carries a signed token; replies come back through the inbound-email webhook.
 *
 * @example
 * const email = createEmailHandoff({
 *   transport: createSmtpTransport({ host: 'smtp.shop.example', port: 587, auth: { user, pass } }),
 *   from: 'Tandem <handoff@shop.example>', to: 'support@shop.example', replyAddress: 'support@reply.shop.example',
 *   secret: env.TANDEM_EMAIL_SECRET, inboundSecret: env.TANDEM_INBOUND_EMAIL_SECRET,
 * });
 */
export function createEmailHandoff(options: EmailHandoffOptions): HandoffAdapter {
  const resolved = parseOptions(ADAPTER_NAME, emailHandoffOptionsSchema, options);
  const now = resolved.now ?? Date.now;
  const attachmentOptions = { maxBytes: resolved.maxAttachmentBytes, adapter: ADAPTER_NAME };
  const replyTo = (ticketId: string) => replyAddress(resolved.secret, ticketId, resolved.replyAddress);

  return {
    specificationVersion: 'v1',
    name: ADAPTER_NAME,

    async open(context, openOptions = {}) {
      const checked = parseContext(ADAPTER_NAME, context);
      const idempotencyKey = openOptions.idempotencyKey ?? checked.conversationId;
      const ticketId = await ticketIdFor(idempotencyKey);
      const email = handoffEmail(checked, ticketId, await replyTo(ticketId), resolved);
      if (openOptions.route !== undefined) {
        // A routing rule names another mailbox (e.g. the German team's).
        if (!/^[^\s@]+@[^\s@]+$/.test(openOptions.route)) {
          throw new HandoffError('bad_request', `route "${openOptions.route}" is not an email address`, {
            adapter: ADAPTER_NAME,
            retryable: false,
          });
        }
        email.to = [openOptions.route];
      }
      const earlierFiles = attachmentsOf(checked.transcript);
      if (earlierFiles.length > 0 && openOptions.files !== undefined)
        await attachToEmail(email, earlierFiles, openOptions.files, attachmentOptions);
      await resolved.transport.send(email, { idempotencyKey: `tandem-open/${idempotencyKey}` });
      return { adapter: ADAPTER_NAME, id: ticketId, data: { subject: email.subject } };
    },

    async send(ticket, message, sendOptions = {}) {
      const { id, subject } = emailTicket(ticket);
      const attachments = message.attachments ?? [];
      const attach = attachments.length > 0 && sendOptions.files !== undefined;
      // With the files attached, the line names them only when there are no words.
      const line = messageLine(attach && message.text.trim() !== '' ? { ...message, attachments: [] } : message);
      const email = followUpEmail({ id, subject }, await replyTo(id), { text: line, key: message.id }, resolved);
      if (attach && sendOptions.files !== undefined)
        await attachToEmail(email, attachments, sendOptions.files, attachmentOptions);
      await resolved.transport.send(email, { idempotencyKey: `tandem-message/${id}/${message.id}` });
    },

    async close(ticket, closeOptions = {}) {
      const { id, subject } = emailTicket(ticket);
      const text = `The conversation was closed. ${closeOptions.reason ?? ''}`.trim();
      await resolved.transport.send(
        followUpEmail({ id, subject }, await replyTo(id), { text, key: 'closed' }, resolved),
        {
          idempotencyKey: `tandem-close/${id}`,
        },
      );
    },

    inbound(request) {
      return parseInboundEmail(request, { options: resolved, now, adapter: ADAPTER_NAME });
    },
  };
}

// --- internal ---

function emailTicket(ticket: HandoffTicket): { id: string; subject: string } {
  if (ticket.adapter !== ADAPTER_NAME || !/^[0-9a-f]{24}$/.test(ticket.id)) {
    throw new HandoffError('bad_request', `not an email ticket: ${ticket.adapter}/${ticket.id}`, {
      adapter: ADAPTER_NAME,
      retryable: false,
    });
  }
  return { id: ticket.id, subject: ticket.data?.subject ?? 'Chat handoff' };
}
