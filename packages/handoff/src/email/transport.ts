/** One email, fully rendered; transports only deliver it. */
export interface OutgoingEmail {
  from: string;
  to: string[];
  replyTo: string;
  subject: string;
  html: string;
  text: string;
  /** Includes Message-ID, In-Reply-To and References so replies thread in the support mailbox. */
  headers: Record<string, string>;
  /** Files attached to the email (the customer's photos and documents). */
  attachments?: EmailAttachment[];
}

export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

/**
 * Delivers emails: SMTP on Node (`@tandem/handoff/email/smtp`), an HTTP email API anywhere (`createResendTransport`).
 * Throws HandoffError on failure, with `retryable` set as for any adapter.
 */
export interface EmailTransport {
  readonly name: string;
  /** `idempotencyKey` is the same for a retried send; transports that can pass it to the provider do. */
  send(email: OutgoingEmail, options: { idempotencyKey: string }): Promise<{ id: string }>;
}
