/**
 * iCalendar (RFC 5545) of one opportunity: the whole series (RRULE with its zone, EXDATEs), or
 * one occurrence — for "add to calendar".
 */
import type { Occurrence, Schedule } from './occurrences.ts';

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
}

export function buildIcs(
  ev: CalendarEvent,
  what: { schedules: Schedule[] } | { occurrence: Occurrence },
  now = new Date(),
): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Commons Map//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
  ];
  const common = (uid: string) => [
    `UID:${uid}`,
    `DTSTAMP:${utc(now.toISOString())}`,
    `SUMMARY:${icsText(ev.title)}`,
    ...(ev.description
      ? [`DESCRIPTION:${icsText(`${ev.description}\n\n${ev.url}`)}`]
      : [`DESCRIPTION:${icsText(ev.url)}`]),
    ...(ev.location ? [`LOCATION:${icsText(ev.location)}`] : []),
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
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
