/**
 * Time windows a resident asks for — today, tomorrow, this weekend, this week, evenings, a date
 * range — as instants, computed on the tenant's wall clock (its time zone, DST included).
 */
import { fromWall, toWall } from './occurrences.ts';

export const WHEN = ['today', 'tomorrow', 'weekend', 'week', 'evenings'] as const;
export type When = (typeof WHEN)[number];

export interface Window {
  start: number;
  end: number;
  /** only occurrences starting at or after this local hour (evenings) */
  fromHour?: number;
}

const DAY = 86_400_000;

/** midnight (wall) of the wall time */
const dayStart = (wall: number) => wall - (wall % DAY);

export function timeWindow(
  when: When | undefined,
  range: { from?: string; to?: string },
  now: number,
  tz: string,
): Window | null {
  const wallNow = toWall(now, tz);
  const today = dayStart(wallNow);
  const weekday = new Date(today).getUTCDay(); // 0 Sunday … 6 Saturday
  let startWall: number;
  let endWall: number;
  let fromHour: number | undefined;
  if (range.from || range.to) {
    startWall = range.from ? Date.parse(`${range.from}T00:00:00Z`) : today;
    endWall = (range.to ? Date.parse(`${range.to}T00:00:00Z`) : startWall) + DAY;
    if (startWall < wallNow && endWall > wallNow) startWall = wallNow;
  } else if (!when) {
    return null;
  } else if (when === 'today') {
    startWall = wallNow;
    endWall = today + DAY;
  } else if (when === 'tomorrow') {
    startWall = today + DAY;
    endWall = today + 2 * DAY;
  } else if (when === 'weekend') {
    // Saturday and Sunday: this weekend if it is on, else the next one
    const toSaturday = weekday === 0 ? -1 : 6 - weekday;
    startWall = Math.max(wallNow, today + toSaturday * DAY);
    endWall = today + (weekday === 0 ? 1 : toSaturday + 2) * DAY;
  } else if (when === 'week') {
    startWall = wallNow;
    endWall = today + 7 * DAY;
  } else {
    startWall = wallNow;
    endWall = today + 7 * DAY;
    fromHour = 17;
  }
  return {
    start: fromWall(startWall, tz),
    end: fromWall(endWall, tz),
    ...(fromHour !== undefined ? { fromHour } : {}),
  };
}

/** the local hour of an instant in `tz` */
export function localHour(instant: number, tz: string): number {
  return new Date(toWall(instant, tz)).getUTCHours();
}

/**
 * Times of day a resident may ask for, by the local hour (tenant's zone) an occurrence starts at:
 * morning 5:00–11:59, afternoon 12:00–16:59, evening 17:00–23:59.
 */
export const TIMES_OF_DAY = ['morning', 'afternoon', 'evening'] as const;
export type TimeOfDay = (typeof TIMES_OF_DAY)[number];
const TIME_OF_DAY_HOURS: Record<TimeOfDay, [from: number, to: number]> = {
  morning: [5, 11],
  afternoon: [12, 16],
  evening: [17, 23],
};

/** the local starting hours of these times of day, or undefined for any time */
export function hoursOf(times: readonly TimeOfDay[] | undefined): number[] | undefined {
  if (!times?.length) return undefined;
  const hours = new Set<number>();
  for (const t of times) {
    const [from, to] = TIME_OF_DAY_HOURS[t];
    for (let h = from; h <= to; h++) hours.add(h);
  }
  return [...hours].sort((a, b) => a - b);
}
