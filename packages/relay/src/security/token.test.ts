import { describe, expect, it } from 'vitest';
import { signToken, verifyToken } from './token.ts';

const secret = 'a-test-secret-that-is-long-enough-for-hmac';
const claims = { conversationId: 'c1', siteId: 'shop', expiresAt: 2_000_000_000 };

describe('visitor tokens', () => {
  it('verify with the secret that signed them and carry their claims', async () => {
    const token = await signToken(secret, claims);
    expect(await verifyToken(secret, token, 1_900_000_000)).toEqual({ valid: true, claims });
  });

  it('are refused when signed with another secret', async () => {
    const token = await signToken('another-secret-that-is-also-long-enough', claims);
    expect(await verifyToken(secret, token, 1_900_000_000)).toEqual({ valid: false, reason: 'signature' });
  });

  it('are refused when their claims were edited', async () => {
    const token = await signToken(secret, claims);
    const [, signature] = token.split('.');
    const forged = `${btoa(JSON.stringify({ c: 'c2', s: 'shop', e: 2_000_000_000 })).replace(/=+$/, '')}.${signature}`;
    expect(await verifyToken(secret, forged, 1_900_000_000)).toEqual({ valid: false, reason: 'signature' });
  });

  it('are refused once expired', async () => {
    const token = await signToken(secret, claims);
    expect(await verifyToken(secret, token, 2_000_000_001)).toEqual({ valid: false, reason: 'expired' });
  });

  it('are refused when malformed', async () => {
    for (const token of ['', 'abc', 'a.b.c', '!!.??']) {
      expect((await verifyToken(secret, token)).valid).toBe(false);
    }
  });
});
