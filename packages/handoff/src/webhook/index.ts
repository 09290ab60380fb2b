export type { InboundWebhookEvent, OutboundWebhookEvent } from './payloads.ts';
export { inboundWebhookEventSchema } from './payloads.ts';
export { SIGNATURE_HEADER, signWebhook, verifyWebhook } from './signature.ts';
export type { WebhookHandoffOptions } from './webhook.ts';
export { createWebhookHandoff, webhookHandoffOptionsSchema } from './webhook.ts';
