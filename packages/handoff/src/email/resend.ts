import { z } from 'zod';
import { HandoffError } from '../errors.ts';
import { toBase64 } from '../internal/crypto.ts';
import { createHttpClient } from '../internal/http.ts';
import { httpOptionsShape, parseOptions } from '../internal/options.ts';
import type { EmailTransport } from './transport.ts';

export const resendTransportOptionsSchema = z.object({
  ...httpOptionsShape,
  /** A Resend API key (re_…) with sending access. */
  apiKey: z.string().min(1),
});
export type ResendTransportOptions = z.input<typeof resendTransportOptionsSchema>;

/**
 * Sends through Resend's HTTP API (POST /emails, https://resend.com/docs/api-reference/emails/send-email), so email
 * handoff works on Workers, where there is no SMTP. The Idempotency-Key header makes a retried send deliver once
 * (Resend keeps keys for 24 hours). Attachments go as base64 `content` with their `filename` and `content_type`
 * (https://resend.com/docs/dashboard/emails/attachments); Resend takes up to 40 MB per email after encoding.
 */
export function createResendTransport(options: ResendTransportOptions): EmailTransport {
  const resolved = parseOptions('email', resendTransportOptionsSchema, options);
  const http = createHttpClient({
    adapter: 'email',
    baseURL: resolved.baseURL ?? 'https://api.resend.com',
    fetch: resolved.fetch,
    headers: { ...resolved.headers, authorization: `Bearer ${resolved.apiKey}` },
    timeoutMs: resolved.timeoutMs,
  });
  return {
    name: 'resend',
    async send(email, { idempotencyKey }) {
      const response = await http({
        method: 'POST',
        path: '/emails',
        headers: { 'idempotency-key': idempotencyKey.slice(0, 256) },
        body: {
          from: email.from,
          to: email.to,
          reply_to: email.replyTo,
          subject: email.subject,
          html: email.html,
          text: email.text,
          headers: email.headers,
          ...(email.attachments === undefined || email.attachments.length === 0
            ? {}
            : {
                attachments: email.attachments.map((attachment) => ({
                  filename: attachment.filename,
                  content: toBase64(attachment.content),
                  content_type: attachment.contentType,
                })),
              }),
        },
      });
      const id = (response.body as { id?: unknown } | undefined)?.id;
      if (typeof id !== 'string')
        throw new HandoffError('unavailable', 'Resend answered without an email id', {
          adapter: 'email',
          retryable: true,
        });
      return { id };
    },
  };
}
