/**
 * iCalendar (RFC 5545) of one opportunity: the whole series (RRULE with its zone, EXDATEs), or
 * one occurrence — for "add to calendar".
 */
import { MAX_EXPANSION_YEARS, type Occurrence, offsetMinutes, type Schedule } from './occurrences.ts';

/**
 * escapes text values (RFC 5545 3.3.11): backslash, semicolon and comma escaped; every line
 * break (CRLF, a lone CR, LF) becomes `\n`; other control characters, which TEXT may not hold,
 * are dropped (a tab is kept)
 */
export function icsText(s: string): string {
  return (
    s
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
  );
}

/** folds lines longer than 75 octets (RFC 5545 3.1) */
export function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const out: string[] = [];
  let start = 0;
  let first = true;
  while (start < bytes.length) {
    let end = Math.min(bytes.length, start + (first ? 75 : 74));
    while (end < bytes.length && ((bytes[end] as number) & 0xc0) === 0x80) end--; // never split a UTF-8 sequence
    out.push((first ? '' : ' ') + bytes.subarray(start, end).toString('utf8'));
    start = end;
    first = false;
  }
  return out.join('\r\n');
}

const compact = (wall: string) => wall.replace(/[-:]/g, '').slice(0, 13).padEnd(15, '0'); // 2026-10-20T10:00 → 20261020T100000
const utc = (iso: string) => `${new Date(iso).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;

export interface CalendarEvent {
  uid: string;
  title: string;
  description: string | null;
  location: string | null;
  url: string;
  lon: number;
  lat: number;
  /** revision of the item (RFC 5545 SEQUENCE): raised when the item changes */
  sequence?: number;
  /** when the item last changed (LAST-MODIFIED) */
  lastModified?: Date;
  categories?: string[];
}

/** what names and refreshes a calendar feed (X-WR-CALNAME and friends) */
export interface CalendarHeader {
  name: string;
  description?: string;
  timezone: string;
  /** how often a subscriber should fetch it again (REFRESH-INTERVAL, X-PUBLISHED-TTL), in hours */
  refreshHours: number;
}

const offset = (minutes: number) => {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
};
const wallCompact = (instant: number) => new Date(instant).toISOString().replace(/[-:]/g, '').slice(0, 15);

const zones = new Map<string, string[]>();
/**
 * VTIMEZONE of an IANA zone (RFC 5545 3.6.5) from the platform's zone data: the offset in force
 * on 1 January of `fromYear`, then every transition up to the end of `toYear`, each as its own
 * STANDARD or DAYLIGHT observance (a rise of the offset is daylight time).
 */
export function vtimezone(tz: string, fromYear: number, toYear: number): string[] {
  const key = `${tz} ${fromYear} ${toYear}`;
  const known = zones.get(key);
  if (known) return known;
  const start = Date.UTC(fromYear, 0, 1);
  const end = Date.UTC(toYear + 1, 0, 1);
  const first = offsetMinutes(start, tz);
  const observance = (kind: 'STANDARD' | 'DAYLIGHT', at: number, from: number, to: number) => [
    `BEGIN:${kind}`,
    `DTSTART:${wallCompact(at + from * 60_000)}`,
    `TZOFFSETFROM:${offset(from)}`,
    `TZOFFSETTO:${offset(to)}`,
    `END:${kind}`,
  ];
  const lines = ['BEGIN:VTIMEZONE', `TZID:${tz}`, ...observance('STANDARD', start, first, first)];
  let before = first;
  for (let t = start; t < end; t += 6 * 3_600_000) {
    const after = offsetMinutes(t + 6 * 3_600_000, tz);
    if (after === before) continue;
    // the minute of the change, by bisection inside the six hours
    let lo = t;
    let hi = t + 6 * 3_600_000;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offsetMinutes(mid, tz) === before) lo = mid;
      else hi = mid;
    }
    lines.push(...observance(after > before ? 'DAYLIGHT' : 'STANDARD', hi, before, after));
    before = after;
  }
  lines.push('END:VTIMEZONE');
  zones.set(key, lines);
  return lines;
}

const yearOf = (wall: string) => Number(wall.slice(0, 4));

function eventLines(
  ev: CalendarEvent,
  what: { schedules: Schedule[] } | { occurrence: Occurrence },
  now: Date,
): string[] {
  const lines: string[] = [];
  const common = (uid: string) => [
    `UID:${uid}`,
    `DTSTAMP:${utc(now.toISOString())}`,
    ...(ev.sequence !== undefined ? [`SEQUENCE:${ev.sequence}`] : []),
    ...(ev.lastModified ? [`LAST-MODIFIED:${utc(ev.lastModified.toISOString())}`] : []),
    `SUMMARY:${icsText(ev.title)}`,
    ...(ev.description
      ? [`DESCRIPTION:${icsText(`${ev.description}\n\n${ev.url}`)}`]
      : [`DESCRIPTION:${icsText(ev.url)}`]),
    ...(ev.location ? [`LOCATION:${icsText(ev.location)}`] : []),
    ...(ev.categories?.length ? [`CATEGORIES:${ev.categories.map(icsText).join(',')}`] : []),
    `GEO:${ev.lat.toFixed(6)};${ev.lon.toFixed(6)}`,
    `URL:${ev.url}`,
  ];
  if ('occurrence' in what) {
    lines.push(
      'BEGIN:VEVENT',
      ...common(`${ev.uid}-${utc(what.occurrence.start)}`),
      `DTSTART:${utc(what.occurrence.start)}`,
      `DTEND:${utc(what.occurrence.end)}`,
      'END:VEVENT',
    );
  } else {
    what.schedules.forEach((s, i) => {
      lines.push(
        'BEGIN:VEVENT',
        ...common(what.schedules.length > 1 ? `${ev.uid}-${i + 1}` : ev.uid),
        `DTSTART;TZID=${s.timezone}:${compact(s.dtstart)}`,
        `DURATION:PT${s.duration_minutes}M`,
        ...(s.rrule ? [`RRULE:${s.rrule}`] : []),
        ...(s.exdates?.length ? [`EXDATE;TZID=${s.timezone}:${s.exdates.map(compact).join(',')}`] : []),
        'END:VEVENT',
      );
    });
  }
  return lines;
}

/** the VTIMEZONEs the schedules name, each covering from its earliest start to `untilYear` */
function timezonesOf(schedules: Schedule[], untilYear: number): string[] {
  // at most ZONE_YEARS_BACK years before now (older dates of a series are history): bounded work
  const earliest = untilYear - ZONE_YEARS - ZONE_YEARS_BACK;
  const from = new Map<string, number>();
  for (const s of schedules)
    from.set(s.timezone, Math.max(earliest, Math.min(from.get(s.timezone) ?? untilYear, yearOf(s.dtstart))));
  return [...from]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([tz, year]) => vtimezone(tz, year, untilYear));
}

const HEAD = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Commons Map//EN',
  'CALSCALE:GREGORIAN',
  'METHOD:PUBLISH',
];
const finish = (lines: string[]) => `${[...lines, 'END:VCALENDAR'].map(fold).join('\r\n')}\r\n`;
/** zones are written out to this many years after now: as far as any expansion of ours reaches */
const ZONE_YEARS = MAX_EXPANSION_YEARS;
/** zones reach back at most this many years before now */
const ZONE_YEARS_BACK = 10;

export function buildIcs(
  ev: CalendarEvent,
  what: { schedules: Schedule[] } | { occurrence: Occurrence },
  now = new Date(),
): string {
  const zonesNeeded =
    'schedules' in what ? timezonesOf(what.schedules, now.getUTCFullYear() + ZONE_YEARS) : [];
  return finish([...HEAD, ...zonesNeeded, ...eventLines(ev, what, now)]);
}

/**
 * A calendar of many items (a feed): each item's schedules as VEVENTs with their RRULE and
 * EXDATEs, one VTIMEZONE per zone named, and the calendar's name and refresh interval.
 */
export function buildCalendar(
  header: CalendarHeader,
  items: { event: CalendarEvent; schedules: Schedule[] }[],
  now = new Date(),
): string {
  const until = now.getUTCFullYear() + ZONE_YEARS;
  const ttl = `PT${header.refreshHours}H`;
  return finish([
    ...HEAD,
    `X-WR-CALNAME:${icsText(header.name)}`,
    `NAME:${icsText(header.name)}`,
    ...(header.description
      ? [`X-WR-CALDESC:${icsText(header.description)}`, `DESCRIPTION:${icsText(header.description)}`]
      : []),
    `X-WR-TIMEZONE:${header.timezone}`,
    `REFRESH-INTERVAL;VALUE=DURATION:${ttl}`,
    `X-PUBLISHED-TTL:${ttl}`,
    ...timezonesOf(
      items.flatMap((i) => i.schedules),
      until,
    ),
    ...items.flatMap((i) => eventLines(i.event, { schedules: i.schedules }, now)),
  ]);
}
