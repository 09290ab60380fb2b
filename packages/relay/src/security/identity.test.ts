import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { relayForTest, startConversation } from '../../test/test-fixture.ts';
import { verifiedTier, verifyUserHash } from './identity.ts';

const identitySecret = 'merchant-identity-secret-0001';
const userHash = (userId: string) => createHmac('sha256', identitySecret).update(userId).digest('hex');

describe('identity verification', () => {
  it('accepts the hex HMAC-SHA256 of the user id made with the identity secret, in either case', async () => {
    expect(await verifyUserHash(identitySecret, 'user-42', userHash('user-42'))).toBe(true);
    expect(await verifyUserHash(identitySecret, 'user-42', userHash('user-42').toUpperCase())).toBe(true);
    expect(await verifyUserHash(identitySecret, 'user-43', userHash('user-42'))).toBe(false);
    expect(await verifyUserHash('another-secret-entirely', 'user-42', userHash('user-42'))).toBe(false);
    expect(await verifyUserHash(identitySecret, 'user-42', '')).toBe(false);
  });

  it('honours a VIP tier only for a verified identity', async () => {
    const relay = relayForTest({ identitySecret });
    const attributes = { tier: 'VIP', plan: 'gold' };
    const verified = await startConversation(relay, {
      identity: { userId: 'user-42', userHash: userHash('user-42'), attributes },
    });
    const claimed = await startConversation(relay, {
      identity: { userId: 'user-42', userHash: userHash('someone-else'), attributes },
    });
    const [verifiedRecord, claimedRecord] = await Promise.all(
      [verified, claimed].map(
        async (conversation) => await relay.conversations.store.getConversation(conversation.conversationId),
      ),
    );
    expect(verifiedRecord && verifiedTier(verifiedRecord)).toBe('vip');
    expect(claimedRecord && verifiedTier(claimedRecord)).toBeUndefined();
    expect(claimedRecord?.identity?.attributes).toEqual(attributes);
    expect(relay.logLines).toContainEqual(expect.objectContaining({ level: 'warn', message: 'identity not verified' }));
  });
});
