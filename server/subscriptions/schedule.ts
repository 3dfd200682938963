/**
 * When digests are due: weekly ones at DIGEST_HOUR on DIGEST_WEEKDAY, daily ones at DIGEST_HOUR
 * each day, on each tenant's wall clock (its time zone, DST included).
 */
import { fromWall, toWall } from '../opportunities/occurrences.ts';
import type { Frequency } from './queries.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface ScheduleSetting {
  /** 1 Monday … 7 Sunday */
  weekday: number;
  hour: number;
}

/** the latest scheduled sending time at or before `now` */
export function lastSlot(now: number, tz: string, frequency: Frequency, s: ScheduleSetting): number {
  const wallNow = toWall(now, tz);
  const today = wallNow - (wallNow % DAY);
  let slot = today + s.hour * HOUR;
  if (frequency === 'daily') {
    if (slot > wallNow) slot -= DAY;
  } else {
    const jsDay = new Date(today).getUTCDay();
    const iso = jsDay === 0 ? 7 : jsDay;
    slot -= ((iso - s.weekday + 7) % 7) * DAY;
    if (slot > wallNow) slot -= 7 * DAY;
  }
  return fromWall(slot, tz);
}

/** the tenant's local calendar date of an instant, YYYY-MM-DD */
export function localDate(instant: number, tz: string): string {
  return new Date(toWall(instant, tz)).toISOString().slice(0, 10);
}
