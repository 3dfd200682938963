/**
 * Expands an opportunity's schedule (local wall-clock DTSTART + RRULE in an IANA time zone) into
 * its next occurrences as real instants. The recurrence is computed on wall-clock time (a weekly
 * 10:00 class stays at 10:00 across a DST change), then each wall time is placed in the zone.
 */
import rrulePkg from 'rrule';

const { RRule } = rrulePkg;

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

/**
 * The next `count` occurrences that have not ended at `now`; at most `horizonDays` ahead.
 * A one-off (rrule null) yields itself while it has not ended.
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
  const options = RRule.parseString(s.rrule);
  const rule = new RRule({ ...options, dtstart: new Date(startWall) });
  // Floating wall times: an occurrence that started up to `duration` ago is still on.
  const fromWallMs = toWall(now, s.timezone) - durationMs;
  const untilWall = fromWallMs + horizonDays * 86_400_000;
  const out: Occurrence[] = [];
  let cursor = new Date(fromWallMs);
  let inclusive = true;
  while (out.length < count) {
    const next = rule.after(cursor, inclusive);
    if (!next || next.getTime() > untilWall) break;
    const occ = toOccurrence(next.getTime());
    if (Date.parse(occ.end) > now && !excluded.has(next.getTime())) out.push(occ);
    cursor = next;
    inclusive = false;
  }
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
