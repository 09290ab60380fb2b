// Node only: SMTP needs TCP sockets. Edge runtimes use createResendTransport from '@tandem/handoff/email'.
export type { SmtpTransportOptions } from './smtp.ts';
export { createSmtpTransport, smtpTransportOptionsSchema } from './smtp.ts';
