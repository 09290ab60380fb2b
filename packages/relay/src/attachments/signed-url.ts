import { base64UrlDecode, base64UrlEncode, constantTimeEqual } from '../security/encoding.ts';
import { hmacSha256 } from '../security/hmac.ts';

/** Separates these signatures from every other use of the relay's secret (tokens, identities). */
const PURPOSE = 'tandem-attachment-url:v1';

/** The path of an attachment, relative to the relay's base address; readable with the conversation's token. */
export function attachmentPath(conversationId: string, attachmentId: string): string {
  return `/v1/conversations/${conversationId}/attachments/${attachmentId}`;
}

/** The path with `?expires=<unix seconds>&signature=<HMAC>`: readable without a token until it expires. */
export async function signedAttachmentPath(
  secret: string,
  conversationId: string,
  attachmentId: string,
  expiresAt: number,
): Promise<string> {
  const signature = await signatureOf(secret, conversationId, attachmentId, expiresAt);
  return `${attachmentPath(conversationId, attachmentId)}?expires=${expiresAt}&signature=${signature}`;
}

/** True only for an unexpired signature the relay made for this very file. */
export async function verifyAttachmentSignature(
  secret: string,
  conversationId: string,
  attachmentId: string,
  query: { expires: string | undefined; signature: string | undefined },
  now: number = Date.now(),
): Promise<boolean> {
  if (query.expires === undefined || query.signature === undefined || !/^\d{1,12}$/.test(query.expires)) return false;
  const expiresAt = Number(query.expires);
  if (expiresAt * 1000 <= now) return false;
  const given = base64UrlDecode(query.signature);
  if (!given) return false;
  const expected = base64UrlDecode(await signatureOf(secret, conversationId, attachmentId, expiresAt));
  return expected !== undefined && constantTimeEqual(given, expected);
}

// --- internal ---

async function signatureOf(
  secret: string,
  conversationId: string,
  attachmentId: string,
  expiresAt: number,
): Promise<string> {
  return base64UrlEncode(await hmacSha256(secret, `${PURPOSE}:${conversationId}:${attachmentId}:${expiresAt}`));
}
