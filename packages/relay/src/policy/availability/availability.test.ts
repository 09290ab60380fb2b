import { describe, expect, it } from 'vitest';
import { availability } from './availability.ts';
import { type BusinessHours, businessHoursSchema, openingState } from './business-hours.ts';

const stockholm: BusinessHours = businessHoursSchema.parse({
  timeZone: 'Europe/Stockholm',
  weekly: {
    monday: ['09:00-12:00', '13:00-17:00'],
    tuesday: ['09:00-17:00'],
    wednesday: ['09:00-17:00'],
    thursday: ['09:00-17:00'],
    friday: ['09:00-15:00'],
  },
  holidays: ['2026-12-24', '2026-12-25'],
});

describe('business hours', () => {
  it.each([
    ['Monday 10:00 in Stockholm (09:00 UTC, winter)', '2026-11-23T09:00:00Z', true],
    ['Monday lunch break', '2026-11-23T11:30:00Z', false],
    ['Monday 08:30 in Stockholm', '2026-11-23T07:30:00Z', false],
    ['Friday 15:00 sharp is closing time', '2026-11-27T14:00:00Z', false],
    ['Saturday', '2026-11-28T10:00:00Z', false],
    ['summer time: Monday 09:30 in Stockholm is 07:30 UTC', '2026-06-15T07:30:00Z', true],
  ])('%s', (_name, instant, open) => {
    expect(openingState(stockholm, new Date(instant)).open).toBe(open);
  });

  it('knows holidays and when the team is next in', () => {
    expect(openingState(stockholm, new Date('2026-12-24T10:00:00Z'))).toEqual({
      open: false,
      closedBecause: 'holiday',
      nextOpenAt: '2026-12-28T08:00:00.000Z',
    });
    expect(openingState(stockholm, new Date('2026-11-23T11:30:00Z')).nextOpenAt).toBe('2026-11-23T12:00:00.000Z');
  });

  it('refuses ranges it cannot read', () => {
    expect(businessHoursSchema.safeParse({ timeZone: 'UTC', weekly: { monday: ['9-5'] } }).success).toBe(false);
    expect(businessHoursSchema.safeParse({ timeZone: 'UTC', weekly: { monday: ['17:00-09:00'] } }).success).toBe(false);
    expect(businessHoursSchema.safeParse({ timeZone: 'UTC', weekly: { caturday: ['09:00-17:00'] } }).success).toBe(
      false,
    );
  });
});

describe('availability', () => {
  it.each([
    ['an adapter, no hours configured', undefined, true, '2026-11-28T03:00:00Z', { route: 'handoff' }],
    ['within hours', stockholm, true, '2026-11-23T09:00:00Z', { route: 'handoff' }],
    [
      'after hours',
      stockholm,
      true,
      '2026-11-27T18:00:00Z',
      { route: 'leave-contact', reason: 'outside_hours', nextOpenAt: '2026-11-30T08:00:00.000Z' },
    ],
    [
      'no adapter reachable',
      stockholm,
      false,
      '2026-11-23T09:00:00Z',
      { route: 'leave-contact', reason: 'no_adapter' },
    ],
  ] as const)('%s', (_name, businessHours, adaptersAvailable, now, expected) => {
    expect(
      availability({ now: new Date(now), adaptersAvailable, ...(businessHours ? { businessHours } : {}) }),
    ).toEqual(expected);
  });
});
