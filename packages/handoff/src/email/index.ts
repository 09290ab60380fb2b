export { createEmailHandoff } from './email.ts';
export type { EmailHandoffOptions, InboundEmail } from './options.ts';
export { emailHandoffOptionsSchema, inboundEmailSchema } from './options.ts';
export type { ResendTransportOptions } from './resend.ts';
export { createResendTransport } from './resend.ts';
export { stripQuotedHistory } from './strip-quoted.ts';
export type { EmailTransport, OutgoingEmail } from './transport.ts';
