import type { Identity } from '@tandem/protocol';
import type { ConversationRecord } from '../store/store.ts';
import { constantTimeEqual, toHex, utf8 } from './encoding.ts';
import { hmacSha256 } from './hmac.ts';

/**
 * Identity verification as Intercom does it: the merchant's server computes
 * `userHash = hex(HMAC-SHA256(identitySecret, userId))` and the page passes it with the user id. Without the secret
 * nobody can claim to be another user, so attributes that raise priority are honoured only when the hash checks out.
 */
export async function verifyUserHash(identitySecret: string, userId: string, userHash: string): Promise<boolean> {
  const expected = toHex(await hmacSha256(identitySecret, userId));
  // Hex is case-insensitive; compare every byte so the time says nothing about where they differ.
  return constantTimeEqual(utf8(expected), utf8(userHash.toLowerCase()));
}

/** The identity as it is stored: verified or not, and never with the hash itself. */
export async function checkIdentity(
  identity: Identity | undefined,
  identitySecret: string | undefined,
): Promise<{ identity?: Identity; identityVerified: boolean }> {
  if (!identity) return { identityVerified: false };
  const { userHash, ...stored } = identity;
  const identityVerified =
    identitySecret !== undefined &&
    userHash !== undefined &&
    (await verifyUserHash(identitySecret, stored.userId, userHash));
  return { identity: stored, identityVerified };
}

/**
 * The customer's tier (the `tier` attribute, such as "vip"), honoured only for a verified identity; undefined
 * otherwise. The escalation policy reads priority from this, never from the raw attributes.
 */
export function verifiedTier(
  conversation: Pick<ConversationRecord, 'identity' | 'identityVerified'>,
): string | undefined {
  if (!conversation.identityVerified) return undefined;
  const tier = conversation.identity?.attributes?.tier;
  return typeof tier === 'string' && tier.length > 0 ? tier.toLowerCase() : undefined;
}

/** Attributes from a verified identity; an empty object when the identity is not verified. */
export function verifiedAttributes(
  conversation: Pick<ConversationRecord, 'identity' | 'identityVerified'>,
): Record<string, string | number | boolean> {
  return conversation.identityVerified ? { ...(conversation.identity?.attributes ?? {}) } : {};
}
