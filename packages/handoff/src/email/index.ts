export { createEmailHandoff } from './email.ts';
export type { EmailHandoffOptions, InboundEmail, InboundEmailAttachment } from './options.ts';
export { emailHandoffOptionsSchema, inboundEmailSchema } from './options.ts';
export type { ResendTransportOptions } from './resend.ts';
export { createResendTransport } from './resend.ts';
export { stripQuotedHistory } from './strip-quoted.ts';
export type { EmailAttachment, EmailTransport, OutgoingEmail } from './transport.ts';
