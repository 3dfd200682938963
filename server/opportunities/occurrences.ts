/**
 * Expands an opportunity's schedule (local wall-clock DTSTART + RRULE in an IANA time zone) into
 * its next occurrences as real instants. The recurrence is computed on wall-clock time (a weekly
 * 10:00 class stays at 10:00 across a DST change), then each wall time is placed in the zone.
 */
import * as rruleModule from 'rrule';

// Node loads rrule's CommonJS bundle (one default export); vite's module runner (the tests' global
// set-up, which migrates) loads its ES build (named exports only)
const { RRule } =
  'RRule' in rruleModule && rruleModule.RRule
    ? rruleModule
    : (rruleModule as unknown as { default: typeof rruleModule }).default;

export interface Schedule {
  dtstart: string; // "YYYY-MM-DD HH:MM[:SS]" or with "T"
  duration_minutes: number;
  rrule: string | null;
  timezone: string;
  /** wall times ("YYYY-MM-DDTHH:MM") removed from the rule (iCalendar EXDATE) */
  exdates?: string[];
}

export interface Occurrence {
  start: string; // ISO 8601 with the zone's offset
  end: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string) {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Wall-clock fields of `instant` in `tz`, encoded as a UTC timestamp ("floating" time). */
export function toWall(instant: number, tz: string): number {
  const parts = Object.fromEntries(
    formatter(tz)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
}

/** Offset of `tz` from UTC at `instant`, in minutes. */
export function offsetMinutes(instant: number, tz: string): number {
  return Math.round((toWall(instant, tz) - Math.floor(instant / 1000) * 1000) / 60_000);
}

/** The instant at which the wall clock in `tz` shows `wall` (for a time skipped by DST: just after). */
export function fromWall(wall: number, tz: string): number {
  let guess = wall - offsetMinutes(wall, tz) * 60_000;
  guess = wall - offsetMinutes(guess, tz) * 60_000;
  return guess;
}

export function isoWithOffset(instant: number, tz: string): string {
  const off = offsetMinutes(instant, tz);
  const wall = new Date(instant + off * 60_000).toISOString().slice(0, 19);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function parseWall(dtstart: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?/.exec(dtstart);
  if (!m) throw new Error(`Invalid dtstart ${dtstart}`);
  return Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6] ?? 0),
  );
}

export function isValidTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** the most occurrences looked at for one schedule in one expansion: the work of any request is bounded */
export const MAX_EXPANSION_STEPS = 5_000;
/** the latest instant any expansion reaches: later dates are refused at the edge of the API */
export const MAX_EXPANSION_YEARS = 5;

const DAY_MS = 86_400_000;
const PERIOD_MS: Partial<Record<number, number>> = {
  [RRule.DAILY]: DAY_MS,
  [RRule.WEEKLY]: 7 * DAY_MS,
  [RRule.HOURLY]: 3_600_000,
  [RRule.MINUTELY]: 60_000,
  [RRule.SECONDLY]: 1_000,
};

/**
 * The rule with its DTSTART moved forward to the last whole period (a multiple of INTERVAL days,
 * weeks, months…) before `fromWall`, so that expanding it near `fromWall` costs a few steps
 * instead of one per occurrence since the original start (a daily class since 1990, or a date in
 * the year 9999). What DTSTART implied (the weekday, the day of the month) is made explicit
 * first, so the moved rule yields exactly the same dates from its new start on. A rule with a
 * COUNT counts from its real start and is left as it is (its COUNT bounds it).
 */
export function ruleNear(rrule: string, startWall: number, fromWall: number): InstanceType<typeof RRule> {
  const o = RRule.parseString(rrule);
  const start = new Date(startWall);
  const interval = Math.max(1, o.interval ?? 1);
  const freq = o.freq ?? RRule.DAILY;
  const has = (v: unknown) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
  let moved = startWall;
  if (o.count === undefined || o.count === null) {
    const period = PERIOD_MS[freq];
    if (period !== undefined) {
      const k = Math.floor((fromWall - startWall) / (period * interval)) - 1;
      if (k > 0) moved = startWall + k * period * interval;
      if (freq === RRule.WEEKLY && !has(o.byweekday)) o.byweekday = [(start.getUTCDay() + 6) % 7];
    } else if (freq === RRule.MONTHLY || freq === RRule.YEARLY) {
      const implicit = !has(o.byweekno) && !has(o.byyearday) && !has(o.bymonthday) && !has(o.byweekday);
      if (implicit) {
        o.bymonthday = [start.getUTCDate()];
        if (freq === RRule.YEARLY && !has(o.bymonth)) o.bymonth = [start.getUTCMonth() + 1];
      }
      const from = new Date(fromWall);
      const stepMonths = freq === RRule.MONTHLY ? interval : 12 * interval;
      const months =
        (from.getUTCFullYear() - start.getUTCFullYear()) * 12 + (from.getUTCMonth() - start.getUTCMonth());
      const k = Math.floor(months / stepMonths) - 1;
      if (k > 0) {
        const timeOfDay = startWall % DAY_MS;
        // the first of the month (of January, for a yearly rule) k periods on, at the same time of day
        moved =
          freq === RRule.MONTHLY
            ? Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + k * stepMonths, 1) + timeOfDay
            : Date.UTC(start.getUTCFullYear() + k * interval, 0, 1) + timeOfDay;
      }
    }
  }
  return new RRule({ ...o, dtstart: new Date(moved) });
}

/**
 * The next `count` occurrences that have not ended at `now`; at most `horizonDays` ahead.
 * A one-off (rrule null) yields itself while it has not ended. The work is bounded: at most
 * MAX_EXPANSION_STEPS occurrences are looked at, whatever the rule and the date asked for.
 */
export function nextOccurrences(
  s: Schedule,
  now: number = Date.now(),
  count = 5,
  horizonDays = 366,
): Occurrence[] {
  const durationMs = s.duration_minutes * 60_000;
  const startWall = parseWall(s.dtstart);
  const toOccurrence = (wall: number): Occurrence => {
    const start = fromWall(wall, s.timezone);
    return { start: isoWithOffset(start, s.timezone), end: isoWithOffset(start + durationMs, s.timezone) };
  };
  if (!s.rrule) {
    const start = fromWall(startWall, s.timezone);
    return start + durationMs > now ? [toOccurrence(startWall)] : [];
  }
  const excluded = new Set((s.exdates ?? []).map((d) => parseWall(d)));
  // Floating wall times: an occurrence that started up to `duration` ago is still on.
  const fromWallMs = toWall(now, s.timezone) - durationMs;
  const untilWall = fromWallMs + horizonDays * DAY_MS;
  const rule = ruleNear(s.rrule, startWall, fromWallMs);
  const out: Occurrence[] = [];
  let steps = 0;
  const take = (d: Date): boolean => {
    steps += 1;
    if (steps > MAX_EXPANSION_STEPS || out.length >= count) return false;
    const t = d.getTime();
    if (t > untilWall) return false;
    if (t < fromWallMs || excluded.has(t)) return true;
    const occ = toOccurrence(t);
    if (Date.parse(occ.end) > now) out.push(occ);
    return out.length < count;
  };
  if (rule.options.count) rule.all((d) => take(d));
  else rule.between(new Date(fromWallMs), new Date(untilWall), true, (d) => take(d));
  return out;
}

/** The next occurrences of several schedules (opening hours that differ by day), merged in order. */
export function nextOccurrencesOfAll(
  schedules: Schedule[],
  now: number = Date.now(),
  count = 5,
): Occurrence[] {
  return schedules
    .flatMap((s) => nextOccurrences(s, now, count))
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
    .slice(0, count);
}
