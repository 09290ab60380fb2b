import { describe, expect, it } from 'vitest';
import { customerTier } from './customer-tier.ts';

const options = { attribute: 'tier', vipTiers: ['vip', 'gold'] };

describe('customer tier', () => {
  it('honours a VIP tier only from a verified identity', () => {
    const identity = { userId: 'u1', attributes: { tier: 'Gold' } };
    expect(customerTier(identity, true, options)).toEqual({ tier: 'gold', vip: true });
    expect(customerTier(identity, false, options)).toEqual({ vip: false });
  });

  it('knows a tier that is not VIP, and a boolean flag', () => {
    expect(customerTier({ userId: 'u1', attributes: { tier: 'basic' } }, true, options)).toEqual({
      tier: 'basic',
      vip: false,
    });
    expect(customerTier({ userId: 'u1', attributes: { tier: true } }, true, options).vip).toBe(true);
  });

  it('is not VIP without attributes', () => {
    expect(customerTier({ userId: 'u1' }, true, options)).toEqual({ vip: false });
    expect(customerTier(undefined, false, options)).toEqual({ vip: false });
  });
});
