export { zendeskWebhookPayloadSchema } from './inbound.ts';
export type { ZendeskCustomField, ZendeskHandoffOptions } from './options.ts';
export { zendeskHandoffOptionsSchema } from './options.ts';
export {
  signZendeskWebhook,
  verifyZendeskSignature,
  ZENDESK_SIGNATURE_HEADER,
  ZENDESK_TIMESTAMP_HEADER,
} from './signature.ts';
export { createZendeskHandoff } from './zendesk.ts';
