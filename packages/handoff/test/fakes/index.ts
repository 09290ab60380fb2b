// Loopback helpdesk fakes for tests (Node only): they follow the real services' documented contracts.
export { attachmentFiles, SAMPLE_PDF, SAMPLE_PNG, sampleAttachment, sampleContext } from './fixtures.ts';
export type { LoopbackHandler, LoopbackRequest, LoopbackResponse, LoopbackServer } from './loopback.ts';
export { startLoopbackServer } from './loopback.ts';
export type { Mailbox, ReceivedEmail } from './mailbox.ts';
export { createMailbox } from './mailbox.ts';
export type { FakeResend } from './resend-fake.ts';
export { startFakeResend } from './resend-fake.ts';
export type {
  FakeSlack,
  FakeSlackFailure,
  FakeSlackFile,
  FakeSlackMessage,
  FakeSlackOptions,
  FakeSlackUser,
} from './slack-fake.ts';
export { startFakeSlack } from './slack-fake.ts';
export type { FakeWebhookReceiver, FakeWebhookTicket } from './webhook-fake.ts';
export { startFakeWebhookReceiver } from './webhook-fake.ts';
export type {
  FakeZendesk,
  FakeZendeskAttachment,
  FakeZendeskComment,
  FakeZendeskFailure,
  FakeZendeskRoute,
  FakeZendeskTicket,
} from './zendesk-fake.ts';
export { startFakeZendesk } from './zendesk-fake.ts';
