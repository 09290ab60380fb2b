import { z } from 'zod';
import { base64UrlDecode, base64UrlEncode, constantTimeEqual, utf8 } from './encoding.ts';
import { hmacSha256 } from './hmac.ts';

/** What a visitor's token grants: one conversation on one site, until it expires. */
export interface TokenClaims {
  conversationId: string;
  siteId: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

const claimsSchema = z.object({ c: z.string(), s: z.string(), e: z.number().int() });

/** `<base64url(claims)>.<base64url(HMAC-SHA256(secret, claims))>` */
export async function signToken(secret: string, claims: TokenClaims): Promise<string> {
  const payload = base64UrlEncode(
    utf8(JSON.stringify({ c: claims.conversationId, s: claims.siteId, e: claims.expiresAt })),
  );
  const signature = base64UrlEncode(await hmacSha256(secret, payload));
  return `${payload}.${signature}`;
}

export type TokenCheck =
  | { valid: true; claims: TokenClaims }
  | { valid: false; reason: 'malformed' | 'signature' | 'expired' };

export async function verifyToken(secret: string, token: string, nowSeconds = Date.now() / 1000): Promise<TokenCheck> {
  const [payload, signature, extra] = token.split('.');
  if (payload === undefined || signature === undefined || extra !== undefined)
    return { valid: false, reason: 'malformed' };
  const givenSignature = base64UrlDecode(signature);
  if (!givenSignature) return { valid: false, reason: 'malformed' };
  if (!constantTimeEqual(givenSignature, await hmacSha256(secret, payload)))
    return { valid: false, reason: 'signature' };
  const payloadBytes = base64UrlDecode(payload);
  if (!payloadBytes) return { valid: false, reason: 'malformed' };
  let parsed: z.infer<typeof claimsSchema>;
  try {
    parsed = claimsSchema.parse(JSON.parse(new TextDecoder().decode(payloadBytes)));
  } catch {
    return { valid: false, reason: 'malformed' };
  }
  if (parsed.e <= nowSeconds) return { valid: false, reason: 'expired' };
  return { valid: true, claims: { conversationId: parsed.c, siteId: parsed.s, expiresAt: parsed.e } };
}
