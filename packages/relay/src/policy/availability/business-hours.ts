import { z } from 'zod';

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const timeRangeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, 'must be a range of 24-hour times such as "09:00-17:30"')
  .refine((range) => {
    const [from, to] = parseRange(range);
    return to > from;
  }, 'must end after it starts (split a range across midnight into two days)');

const timeZoneSchema = z.string().refine((timeZone) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as "Europe/Stockholm"');

export const businessHoursSchema = z.strictObject({
  /** IANA time zone the hours are written in, e.g. "Europe/Stockholm". */
  timeZone: timeZoneSchema,
  /** Opening ranges per weekday, e.g. `{ monday: ["09:00-12:00", "13:00-17:00"] }`; missing days are closed. */
  weekly: z.partialRecord(z.enum(WEEKDAYS), z.array(timeRangeSchema)),
  /** Closed dates in the time zone, "YYYY-MM-DD". */
  holidays: z.array(z.iso.date()).default([]),
});
export type BusinessHours = z.output<typeof businessHoursSchema>;
export type BusinessHoursInput = z.input<typeof businessHoursSchema>;

export interface OpeningState {
  open: boolean;
  /** Why a person is not there: outside the weekly hours, or a holiday. */
  closedBecause?: 'outside_hours' | 'holiday';
  /** The next opening time within two weeks, ISO 8601 (UTC), when closed. */
  nextOpenAt?: string;
}

const STEP_MINUTES = 15;
const SEARCH_DAYS = 14;

/** Whether the team is in at `now`, reading the wall clock of the merchant's time zone (daylight saving included). */
export function openingState(hours: BusinessHours, now: Date): OpeningState {
  const state = stateAt(hours, now);
  if (state.open) return { open: true };
  const nextOpen = findNextOpening(hours, now);
  return {
    open: false,
    closedBecause: state.holiday ? 'holiday' : 'outside_hours',
    ...(nextOpen ? { nextOpenAt: nextOpen.toISOString() } : {}),
  };
}

// --- internal ---

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(timeZone: string, instant: Date) {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'long',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((part) => [part.type, part.value]));
  return {
    weekday: String(parts.weekday).toLowerCase() as Weekday,
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

function stateAt(hours: BusinessHours, instant: Date): { open: boolean; holiday: boolean } {
  const clock = wallClock(hours.timeZone, instant);
  if (hours.holidays.includes(clock.date)) return { open: false, holiday: true };
  const ranges = hours.weekly[clock.weekday] ?? [];
  const open = ranges.some((range) => {
    const [from, to] = parseRange(range);
    return clock.minute >= from && clock.minute < to;
  });
  return { open, holiday: false };
}

function findNextOpening(hours: BusinessHours, now: Date): Date | undefined {
  const stepMs = STEP_MINUTES * 60_000;
  const start = Math.floor(now.getTime() / 60_000) * 60_000;
  for (let at = start + stepMs; at <= start + SEARCH_DAYS * 86_400_000; at += stepMs) {
    if (!stateAt(hours, new Date(at)).open) continue;
    // Opening times need not sit on the step: find the exact minute in the last step.
    for (let minute = at - stepMs + 60_000; minute <= at; minute += 60_000) {
      if (stateAt(hours, new Date(minute)).open) return new Date(minute);
    }
  }
  return undefined;
}

function parseRange(range: string): [number, number] {
  const [from = '', to = ''] = range.split('-');
  return [toMinutes(from), toMinutes(to)];
}

function toMinutes(time: string): number {
  const [hour = 0, minute = 0] = time.split(':').map(Number);
  return hour * 60 + minute;
}
