import type { Identity } from '@tandem/protocol';

export interface CustomerTierSignal {
  /** The tier named by the verified identity, lower-cased; absent when unverified or not given. */
  tier?: string;
  /** True only for a verified identity whose tier is one of the VIP tiers. */
  vip: boolean;
}

export interface CustomerTierOptions {
  /** The identity attribute that holds the tier. Default "tier". */
  attribute: string;
  /** Tiers that count as VIP, any case. A boolean `true` in the attribute counts too. */
  vipTiers: readonly string[];
}

/**
 * The customer's tier from their identity, honoured only when the merchant's server vouched for it
 * (a valid userHash): anyone can type `tier: "vip"` into a browser console.
 */
export function customerTier(
  identity: Identity | undefined,
  identityVerified: boolean,
  options: CustomerTierOptions,
): CustomerTierSignal {
  if (!identityVerified || !identity?.attributes) return { vip: false };
  const value = identity.attributes[options.attribute];
  if (value === true) return { tier: 'vip', vip: true };
  if (typeof value !== 'string' || value.trim() === '') return { vip: false };
  const tier = value.trim().toLowerCase();
  return { tier, vip: options.vipTiers.some((vipTier) => vipTier.toLowerCase() === tier) };
}
