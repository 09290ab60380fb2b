import { type BusinessHours, openingState } from './business-hours.ts';

export interface AvailabilityInput {
  now: Date;
  /** The team's hours; without them a person is assumed to be reachable whenever an adapter is. */
  businessHours?: BusinessHours;
  /** Whether at least one handoff adapter (Slack, Zendesk, email…) is configured and healthy. */
  adaptersAvailable: boolean;
}

export type Availability =
  | { route: 'handoff' }
  | {
      /** Nobody can pick up now: say so honestly and take a follow-up address. */
      route: 'leave-contact';
      reason: 'outside_hours' | 'holiday' | 'no_adapter';
      /** When the team is next in, ISO 8601, if known. */
      nextOpenAt?: string;
    };

/** Hand off now, or tell the visitor nobody is available and ask where to reply. */
export function availability({ now, businessHours, adaptersAvailable }: AvailabilityInput): Availability {
  if (!adaptersAvailable) return { route: 'leave-contact', reason: 'no_adapter' };
  if (!businessHours) return { route: 'handoff' };
  const state = openingState(businessHours, now);
  if (state.open) return { route: 'handoff' };
  return {
    route: 'leave-contact',
    reason: state.closedBecause ?? 'outside_hours',
    ...(state.nextOpenAt ? { nextOpenAt: state.nextOpenAt } : {}),
  };
}
