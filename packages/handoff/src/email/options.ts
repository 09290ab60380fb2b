import { z } from 'zod';
import { DEFAULT_SIGNATURE_TOLERANCE_SECONDS } from '../handoff-adapter.ts';
import type { EmailTransport } from './transport.ts';

const addressSchema = z.email();

export const emailHandoffOptionsSchema = z.object({
  transport: z.custom<EmailTransport>(
    (value) => typeof value === 'object' && value !== null && typeof (value as EmailTransport).send === 'function',
    'must be an EmailTransport (createSmtpTransport or createResendTransport)',
  ),
  /** The sender, e.g. "Tandem <handoff@shop.example>". */
  from: z.string().min(3),
  /** The support team's address(es). */
  to: z.union([addressSchema, z.array(addressSchema).min(1)]).transform((to) => (Array.isArray(to) ? to : [to])),
  /** Replies go here with a signed token added: support@reply.shop.example → support+<token>@reply.shop.example. */
  replyAddress: addressSchema,
  /** Signs the reply tokens; at least 32 characters. */
  secret: z.string().min(32, 'must be at least 32 characters'),
  /** Verifies the inbound-email webhook's Tandem-Signature; at least 32 characters. */
  inboundSecret: z.string().min(32, 'must be at least 32 characters'),
  /** Only replies from these addresses or domains ("@shop.example") are accepted; empty means any sender. */
  allowedSenders: z.array(z.string().min(2)).default([]),
  subjectPrefix: z.string().max(60).default('Chat handoff'),
  /** The customer's files are attached up to this many bytes per email; the rest are linked (signed, expiring). */
  maxAttachmentBytes: z
    .number()
    .int()
    .nonnegative()
    .default(20 * 1024 * 1024),
  /** Fetches files the inbound-email webhook passes by `url`. */
  fetch: z
    .custom<typeof globalThis.fetch>((value) => typeof value === 'function', 'must be a fetch function')
    .optional(),
  toleranceSeconds: z.number().int().positive().default(DEFAULT_SIGNATURE_TOLERANCE_SECONDS),
  now: z.custom<() => number>((value) => typeof value === 'function', 'must be a function').optional(),
});
export type EmailHandoffOptions = z.input<typeof emailHandoffOptionsSchema>;
export type ResolvedEmailOptions = z.output<typeof emailHandoffOptionsSchema>;

/** What the inbound-email webhook posts (a forwarder turns the provider's inbound parse into this). */
export const inboundEmailSchema = z.object({
  /** The email's Message-ID: the dedupe key across the provider's retries. */
  messageId: z.string().min(1).max(998),
  /** "Grace Hopper <grace@shop.example>" or a bare address. */
  from: z.string().min(3).max(998),
  to: z.union([z.string(), z.array(z.string()).max(100)]).transform((to) => (Array.isArray(to) ? to : [to])),
  subject: z.string().max(998).optional(),
  text: z.string().max(1_000_000).optional(),
  html: z.string().max(2_000_000).optional(),
  /** The reply's attached files: small ones inline as base64 `content`, others by a `url` the forwarder serves. */
  attachments: z
    .array(
      z
        .object({
          filename: z.string().min(1).max(255),
          contentType: z.string().max(255).optional(),
          size: z.number().int().nonnegative().optional(),
          content: z.string().optional(),
          url: z.url({ protocol: /^https?$/ }).optional(),
        })
        .refine((attachment) => (attachment.content === undefined) !== (attachment.url === undefined), {
          message: 'give either content (base64) or url',
        }),
    )
    .max(20)
    .optional(),
});
export type InboundEmailAttachment = NonNullable<z.output<typeof inboundEmailSchema>['attachments']>[number];
export type InboundEmail = z.input<typeof inboundEmailSchema>;
