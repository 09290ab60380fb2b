import nodemailer from 'nodemailer';
import { z } from 'zod';
import { HandoffError } from '../errors.ts';
import { parseOptions } from '../internal/options.ts';
import type { EmailTransport } from './transport.ts';

export const smtpTransportOptionsSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65_535),
  /** True for implicit TLS (port 465); otherwise STARTTLS is used when offered. */
  secure: z.boolean().default(false),
  /** Refuse to send unless the server upgrades to TLS. */
  requireTLS: z.boolean().default(false),
  /** Never upgrade to TLS; only for a loopback server in tests. */
  ignoreTLS: z.boolean().default(false),
  auth: z.object({ user: z.string().min(1), pass: z.string().min(1) }).optional(),
  timeoutMs: z.number().int().positive().max(120_000).default(15_000),
  /** A provider's idempotency header to set on each email, e.g. "Resend-Idempotency-Key" for Resend's SMTP. */
  idempotencyHeader: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/)
    .optional(),
});
export type SmtpTransportOptions = z.input<typeof smtpTransportOptionsSchema>;

/** SMTP reply codes and socket errors a later attempt may get past. */
const RETRYABLE_ERROR_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNRESET', 'EPROTOCOL']);

/**
 * Sends through an SMTP server with nodemailer (the most used and best kept Node mail library: pooling,
 * STARTTLS, auth and MIME encoding done right). Node only: import it from `@tandem/handoff/email/smtp`.
 */
export function createSmtpTransport(options: SmtpTransportOptions): EmailTransport {
  const resolved = parseOptions('email', smtpTransportOptionsSchema, options);
  const transporter = nodemailer.createTransport({
    host: resolved.host,
    port: resolved.port,
    secure: resolved.secure,
    requireTLS: resolved.requireTLS,
    ignoreTLS: resolved.ignoreTLS,
    ...(resolved.auth === undefined ? {} : { auth: resolved.auth }),
    connectionTimeout: resolved.timeoutMs,
    greetingTimeout: resolved.timeoutMs,
    socketTimeout: resolved.timeoutMs,
  });
  return {
    name: 'smtp',
    async send(email, { idempotencyKey }) {
      const { 'Message-ID': messageId, ...headers } = email.headers;
      if (resolved.idempotencyHeader !== undefined) headers[resolved.idempotencyHeader] = idempotencyKey;
      try {
        const info = await transporter.sendMail({
          from: email.from,
          to: email.to,
          replyTo: email.replyTo,
          subject: email.subject,
          html: email.html,
          text: email.text,
          headers,
          ...(messageId === undefined ? {} : { messageId }),
          ...(email.attachments === undefined || email.attachments.length === 0
            ? {}
            : {
                attachments: email.attachments.map((attachment) => ({
                  filename: attachment.filename,
                  contentType: attachment.contentType,
                  content: Buffer.from(attachment.content),
                })),
              }),
        });
        return { id: String(info.messageId) };
      } catch (error) {
        throw smtpError(error);
      }
    },
  };
}

// --- internal ---

function smtpError(error: unknown): HandoffError {
  const details = error as { code?: string; responseCode?: number; message?: string };
  const message = `SMTP send failed: ${details.message ?? String(error)}`;
  if (details.code === 'EAUTH')
    return new HandoffError('auth_failed', message, { adapter: 'email', retryable: false, cause: error });
  if (typeof details.responseCode === 'number') {
    // 4xx replies are temporary by definition (RFC 5321); 5xx are permanent.
    const temporary = details.responseCode >= 400 && details.responseCode < 500;
    return new HandoffError(temporary ? 'unavailable' : 'rejected', message, {
      adapter: 'email',
      retryable: temporary,
      cause: error,
    });
  }
  const retryable = details.code === undefined || RETRYABLE_ERROR_CODES.has(details.code);
  return new HandoffError(retryable ? 'unavailable' : 'rejected', message, {
    adapter: 'email',
    retryable,
    cause: error,
  });
}
