export { describeReason } from './context/describe.ts';
export { renderContextHtml } from './context/html.ts';
export { renderContextJson } from './context/json.ts';
export { renderContextSlack, SLACK_LIMITS } from './context/slack-blocks.ts';
export { renderContextText } from './context/text.ts';
export * from './email/index.ts';
export type { HandoffErrorCode, HandoffErrorOptions } from './errors.ts';
export { HandoffError, isRetryableStatus } from './errors.ts';
export type {
  AgentJoinedEvent,
  AgentReplyEvent,
  AttachmentFiles,
  ClosedEvent,
  CloseOptions,
  HandoffAdapter,
  HandoffReviewEvent,
  HandoffTicket,
  InboundAttachment,
  InboundEvent,
  InboundEventType,
  InboundResult,
  OpenOptions,
  SendOptions,
} from './handoff-adapter.ts';
export { DEDUPE_KEY_TTL_SECONDS, DEFAULT_SIGNATURE_TOLERANCE_SECONDS } from './handoff-adapter.ts';
export type { HandoffContext } from './handoff-context.ts';
export { handoffContextSchema } from './handoff-context.ts';
export { MAX_INBOUND_BYTES } from './internal/inbound.ts';
export * from './slack/index.ts';
export * from './webhook/index.ts';
export * from './zendesk/index.ts';
