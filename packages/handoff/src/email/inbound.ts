import type { InboundEvent, InboundResult } from '../handoff-adapter.ts';
import { badRequest, readRawBody, unauthorized } from '../internal/inbound.ts';
import { SIGNATURE_HEADER, verifyWebhook } from '../webhook/signature.ts';
import { inboundEmailAttachments } from './attachments.ts';
import { inboundEmailSchema, type ResolvedEmailOptions } from './options.ts';
import { ticketFromRecipients } from './reply-token.ts';
import { htmlToText, stripQuotedHistory } from './strip-quoted.ts';

const CLOSE_COMMAND = /^#close\s*$/im;

/**
 * Verifies the inbound-email webhook (Tandem-Signature with the shared inbound secret, constant time, 5-minute
 * window), finds the ticket in the signed reply address, and keeps only the new part of the reply.
 */
export async function parseInboundEmail(
  request: Request,
  dependencies: { options: ResolvedEmailOptions; now: () => number; adapter: string },
): Promise<InboundResult> {
  const { options, adapter } = dependencies;
  const rawBody = await readRawBody(request, adapter);
  const verification = await verifyWebhook(options.inboundSecret, request.headers.get(SIGNATURE_HEADER), rawBody, {
    nowMs: dependencies.now(),
    toleranceSeconds: options.toleranceSeconds,
  });
  if (!verification.valid) throw unauthorized(adapter, verification.reason);
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw badRequest(adapter, 'the body is not JSON');
  }
  const parsed = inboundEmailSchema.safeParse(json);
  if (!parsed.success) throw badRequest(adapter, `the body is not an inbound email: ${parsed.error.message}`);
  const email = parsed.data;

  // A reply address whose token does not verify is a guess or a tampered address: refuse it like a bad signature.
  const ticketId = await ticketFromRecipients(options.secret, email.to);
  if (ticketId === undefined) throw unauthorized(adapter, 'no recipient carries a valid reply token');
  const sender = parseSender(email.from);
  if (!senderAllowed(sender.address, options.allowedSenders))
    throw unauthorized(adapter, `replies from ${sender.address} are not accepted`);

  const fresh = stripQuotedHistory(email.text ?? htmlToText(email.html ?? ''));
  const closes = CLOSE_COMMAND.test(fresh);
  const text = fresh.replace(CLOSE_COMMAND, '').trim();
  const agent = { name: sender.name ?? sender.address.split('@')[0] ?? 'Support agent' };
  const attachments = inboundEmailAttachments(email.attachments ?? [], {
    adapter,
    fetch: options.fetch ?? globalThis.fetch,
  });
  const events: InboundEvent[] = [];
  if (text !== '' || attachments.length > 0) {
    events.push({
      type: 'agent-reply',
      ticketId,
      dedupeKey: `email:${email.messageId}`,
      agent,
      text,
      ...(attachments.length === 0 ? {} : { attachments }),
    });
  }
  if (closes) events.push({ type: 'closed', ticketId, dedupeKey: `email-close:${email.messageId}`, agent });
  return { events };
}

// --- internal ---

function parseSender(from: string): { name?: string; address: string } {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  if (match?.[2] === undefined) return { address: from.trim().toLowerCase() };
  const name = match[1]?.trim();
  return { address: match[2].trim().toLowerCase(), ...(name ? { name } : {}) };
}

function senderAllowed(address: string, allowed: string[]): boolean {
  if (allowed.length === 0) return true;
  return allowed.some((entry) =>
    entry.startsWith('@') ? address.endsWith(entry.toLowerCase()) : address === entry.toLowerCase(),
  );
}
