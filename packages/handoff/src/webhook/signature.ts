import { fromHex, hmacSha256, toHex, verifyHmacSha256 } from '../internal/crypto.ts';

/** The header carrying the signature, both ways. */
export const SIGNATURE_HEADER = 'tandem-signature';

/**
 * `Tandem-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + raw body)>`.
 * The timestamp is inside the signed bytes, so a captured request cannot be replayed later with a new time.
 */
export async function signWebhook(secret: string, timestampSeconds: number, rawBody: string): Promise<string> {
  return `t=${timestampSeconds},v1=${toHex(await hmacSha256(secret, `${timestampSeconds}.${rawBody}`))}`;
}

export type WebhookVerification = { valid: true; timestampSeconds: number } | { valid: false; reason: string };

/** Checks a `Tandem-Signature` header: well-formed, inside the window, and a matching MAC (constant time). */
export async function verifyWebhook(
  secret: string,
  header: string | null,
  rawBody: string,
  options: { nowMs: number; toleranceSeconds: number },
): Promise<WebhookVerification> {
  if (header === null) return { valid: false, reason: 'no Tandem-Signature header' };
  const parts = new Map(header.split(',').map((part) => part.trim().split('=', 2) as [string, string]));
  const timestamp = parts.get('t');
  const signature = parts.get('v1');
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp) || signature === undefined) {
    return { valid: false, reason: 'a malformed Tandem-Signature header' };
  }
  const timestampSeconds = Number(timestamp);
  if (Math.abs(options.nowMs / 1000 - timestampSeconds) > options.toleranceSeconds) {
    return { valid: false, reason: 'the signature timestamp is outside the allowed window' };
  }
  const matches = await verifyHmacSha256(secret, `${timestamp}.${rawBody}`, fromHex(signature));
  return matches ? { valid: true, timestampSeconds } : { valid: false, reason: 'the signature does not match' };
}
