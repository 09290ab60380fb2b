import { fromBase64, hmacSha256, toBase64, verifyHmacSha256 } from '../internal/crypto.ts';

export const ZENDESK_SIGNATURE_HEADER = 'x-zendesk-webhook-signature';
export const ZENDESK_TIMESTAMP_HEADER = 'x-zendesk-webhook-signature-timestamp';

/**
 * Zendesk's webhook signature (https://developer.zendesk.com/documentation/webhooks/verifying/):
 * base64(HMAC-SHA256(signing secret, timestamp + raw body)), the timestamp as sent in its own header.
 */
export async function signZendeskWebhook(secret: string, timestamp: string, rawBody: string): Promise<string> {
  return toBase64(await hmacSha256(secret, timestamp + rawBody));
}

export async function verifyZendeskSignature(
  secret: string,
  timestamp: string,
  rawBody: string,
  signature: string | null,
): Promise<boolean> {
  if (signature === null) return false;
  return verifyHmacSha256(secret, timestamp + rawBody, fromBase64(signature.trim()));
}

/** The timestamp header is ISO 8601 (e.g. 2026-11-22T10:00:00Z); seconds since the epoch are accepted too. */
export function parseZendeskTimestamp(timestamp: string | null): number | undefined {
  if (timestamp === null || timestamp.length > 40) return undefined;
  if (/^\d{1,12}$/.test(timestamp)) return Number(timestamp) * 1000;
  const parsed = Date.parse(timestamp);
  return Number.isNaN(parsed) ? undefined : parsed;
}
