import { fromHex, hmacSha256, toHex, verifyHmacSha256 } from '../internal/crypto.ts';

/**
 * Slack's v0 request signature (https://api.slack.com/authentication/verifying-requests-from-slack):
 * `v0=` + hex(HMAC-SHA256(signing secret, "v0:" + timestamp + ":" + raw body)).
 */
export async function signSlackRequest(signingSecret: string, timestamp: string, rawBody: string): Promise<string> {
  return `v0=${toHex(await hmacSha256(signingSecret, `v0:${timestamp}:${rawBody}`))}`;
}

/** Constant-time check of an `X-Slack-Signature` header value. */
export async function verifySlackSignature(
  signingSecret: string,
  timestamp: string,
  rawBody: string,
  signature: string | null,
): Promise<boolean> {
  if (signature === null || !signature.startsWith('v0=')) return false;
  return verifyHmacSha256(signingSecret, `v0:${timestamp}:${rawBody}`, fromHex(signature.slice(3)));
}
