/**
 * iCalendar feeds (.ics) → the events of an organisation. A recurring event stays ONE opportunity
 * with its RRULE and EXDATEs; an overridden instance (RECURRENCE-ID) is removed from its series and
 * becomes a one-off of its own. Times are kept as wall times of the event's zone, converted to the
 * tenant's zone only when they differ (UTC times are always converted; floating times are the
 * tenant's). Problems are reported with the line of the event's BEGIN:VEVENT.
 */
import fs from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
// rrule is CommonJS: Node's ESM loader gives its exports only as the default export
import rrulePkg from 'rrule';
import { CATEGORY_CODES } from '../../data/town-format.ts';
import { ImportInputError } from './errors.ts';
import type { OpportunityRecord, ParseItem } from './records.ts';

const { rrulestr } = rrulePkg;

interface WallTime {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  isDate: boolean;
  /** IANA zone, 'UTC', or null for floating */
  zone: string | null;
}

const pad = (n: number) => String(n).padStart(2, '0');
const fmt = (w: { y: number; mo: number; d: number; h: number; mi: number }) =>
  `${w.y}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}`;

/** the UTC instant of a wall time in an IANA zone */
export function wallToInstant(
  w: { y: number; mo: number; d: number; h: number; mi: number },
  zone: string,
): number {
  const guess = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi);
  let t = guess;
  for (let i = 0; i < 3; i++) {
    const p = wallIn(t, zone);
    t = guess - (Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi) - t);
  }
  return t;
}

/** the wall time of an instant in an IANA zone */
export function wallIn(instant: number, zone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return {
    y: Number(parts.year),
    mo: Number(parts.month),
    d: Number(parts.day),
    h: Number(parts.hour) % 24,
    mi: Number(parts.minute),
  };
}

function isIana(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function readTime(prop: ICAL.Property | null): WallTime | null {
  if (!prop) return null;
  const v = prop.getFirstValue() as ICAL.Time | null;
  if (!v || typeof v !== 'object' || !('year' in v)) return null;
  const tzid = prop.getParameter('tzid');
  const zone =
    v.zone?.tzid === 'UTC' || String(prop.toICALString()).endsWith('Z')
      ? 'UTC'
      : typeof tzid === 'string'
        ? tzid
        : null;
  return {
    y: v.year,
    mo: v.month,
    d: v.day,
    h: v.isDate ? 0 : v.hour,
    mi: v.isDate ? 0 : v.minute,
    isDate: v.isDate,
    zone,
  };
}

/** a wall time in the tenant's zone */
function toTenant(w: WallTime, tenantZone: string): string {
  if (w.isDate || w.zone === null || w.zone === tenantZone) return fmt(w);
  const zone = w.zone === 'UTC' ? 'UTC' : w.zone;
  if (!isIana(zone)) return fmt(w); // an unknown TZID: keep the wall time (reported by the caller)
  return fmt(wallIn(wallToInstant(w, zone), tenantZone));
}

export async function* parseIcal(opts: {
  file: string;
  source?: string;
  timezone: string;
  organisation?: string;
  placeSourceId?: string | null;
  categories?: string[];
  audiences?: string[];
}): AsyncGenerator<ParseItem> {
  const name = path.basename(opts.file);
  const text = fs.readFileSync(opts.file, 'utf8');
  if (!/^BEGIN:VCALENDAR/m.test(text))
    throw new ImportInputError(`${name} is not an iCalendar file (no BEGIN:VCALENDAR)`);
  // Events whose RRULE cannot be read are reported and left out before parsing: ical.js would
  // otherwise refuse the whole feed for one bad rule.
  const lines = text.split(/\r?\n/);
  const preIssues: ParseItem[] = [];
  const kept: string[] = [];
  const beginLines: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^BEGIN:VEVENT\s*$/.test(lines[i] as string)) {
      kept.push(lines[i] as string);
      continue;
    }
    let j = i + 1;
    while (j < lines.length && !/^(END:VEVENT|BEGIN:VEVENT)\s*$/.test(lines[j] as string)) j++;
    const block = lines.slice(i, Math.min(j + 1, lines.length));
    const rule = block.find((l) => /^RRULE[:;]/.test(l));
    const uid = block.find((l) => /^UID[:;]/.test(l))?.replace(/^UID[^:]*:/, '') ?? '(no UID)';
    let bad: string | null = null;
    if (rule) {
      const body = rule.replace(/^RRULE[^:]*:/, '');
      try {
        const o = rrulestr(`RRULE:${body}`);
        if (
          !/FREQ=(SECONDLY|MINUTELY|HOURLY|DAILY|WEEKLY|MONTHLY|YEARLY)\b/.test(body) ||
          o.options.freq === undefined
        )
          throw new Error('no valid FREQ');
      } catch (err) {
        bad = `event ${uid} has an invalid RRULE "${body}": ${(err as Error).message}`;
      }
    }
    if (bad) {
      preIssues.push({
        type: 'issue',
        issue: { ref: { file: name, line: i + 1 }, reason: bad, severity: 'error' },
      });
      for (let k = 0; k < block.length; k++) kept.push('');
    } else {
      beginLines.push(i + 1);
      kept.push(...block);
    }
    i += block.length - 1;
  }
  const cleaned = kept.join('\r\n');
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(cleaned.replace(/(\r\n){2,}/g, '\r\n')) as unknown[]);
  } catch (err) {
    const open = lines.filter((l) => /^BEGIN:/.test(l)).length - lines.filter((l) => /^END:/.test(l)).length;
    throw new ImportInputError(
      `${name} cannot be read${open ? ` (truncated: ${open} BEGIN without END)` : ''}: ${(err as Error).message}`,
    );
  }
  const cal = root.name === 'vcalendar' ? root : root.getFirstSubcomponent('vcalendar');
  if (!cal) throw new ImportInputError(`${name} has no VCALENDAR`);
  const calName = (cal.getFirstPropertyValue('x-wr-calname') as string | null) ?? null;
  const events = cal.getAllSubcomponents('vevent');
  const overrides = new Map<string, string[]>();
  const records: OpportunityRecord[] = [];
  const issues: ParseItem[] = [];

  for (const [n, ev] of events.entries()) {
    const line = beginLines[n] ?? 0;
    const ref = { file: name, line };
    const fail = (reason: string) =>
      issues.push({ type: 'issue', issue: { ref, reason, severity: 'error' } });
    const uid = ev.getFirstPropertyValue('uid') as string | null;
    const summaries = ev.getAllProperties('summary');
    const start = readTime(ev.getFirstProperty('dtstart'));
    if (!uid) {
      fail('an event without UID');
      continue;
    }
    if (!summaries.length) {
      fail(`event ${uid} has no SUMMARY`);
      continue;
    }
    if (!start) {
      fail(`event ${uid} has no DTSTART`);
      continue;
    }
    if (start.zone && start.zone !== 'UTC' && !isIana(start.zone)) {
      issues.push({
        type: 'issue',
        issue: {
          ref,
          reason: `event ${uid}: time zone "${start.zone}" is not an IANA zone; its times are kept as written`,
          severity: 'warning',
        },
      });
    }
    const end = readTime(ev.getFirstProperty('dtend'));
    const durProp = ev.getFirstPropertyValue('duration') as ICAL.Duration | null;
    let minutes: number;
    if (durProp && typeof durProp === 'object' && 'toSeconds' in durProp)
      minutes = Math.round(durProp.toSeconds() / 60);
    else if (end) {
      const a =
        start.zone && start.zone !== 'UTC' && isIana(start.zone)
          ? wallToInstant(start, start.zone)
          : Date.UTC(start.y, start.mo - 1, start.d, start.h, start.mi);
      const b =
        end.zone && end.zone !== 'UTC' && isIana(end.zone)
          ? wallToInstant(end, end.zone)
          : Date.UTC(end.y, end.mo - 1, end.d, end.h, end.mi);
      minutes = Math.round((b - a) / 60_000);
    } else minutes = start.isDate ? 1440 : 60;
    if (minutes <= 0) {
      fail(`event ${uid} ends before it starts`);
      continue;
    }

    const rruleValue = ev.getFirstPropertyValue('rrule') as ICAL.Recur | null;
    const rrule = rruleValue ? rruleValue.toString() : null;
    if (rrule) {
      try {
        rrulestr(`RRULE:${rrule}`);
        if (!/FREQ=/.test(rrule)) throw new Error('no FREQ');
      } catch (err) {
        fail(`event ${uid} has an invalid RRULE "${rrule}": ${(err as Error).message}`);
        continue;
      }
    }
    const title: Record<string, string> = {};
    for (const s of summaries) {
      const lang = String(s.getParameter('language') ?? 'en')
        .slice(0, 2)
        .toLowerCase();
      title[lang] ??= String(s.getFirstValue());
    }
    const description = ev.getFirstPropertyValue('description') as string | null;
    const exdates = ev.getAllProperties('exdate').flatMap((p) => {
      const w = readTime(p);
      return w ? [toTenant(w, opts.timezone)] : [];
    });
    const recurrenceId = readTime(ev.getFirstProperty('recurrence-id'));
    const dtstart = toTenant(start, opts.timezone);
    if (recurrenceId)
      overrides.set(uid, [...(overrides.get(uid) ?? []), toTenant(recurrenceId, opts.timezone)]);
    const cats = ev
      .getAllProperties('categories')
      .flatMap((p) => p.getValues().map(String))
      .map((c) => c.trim().toLowerCase().replace(/\s+/g, '-'))
      .filter((c) => (CATEGORY_CODES as readonly string[]).includes(c));
    const geo = ev.getFirstPropertyValue('geo') as [number, number] | null;
    const location = ev.getFirstPropertyValue('location') as string | null;
    const url = ev.getFirstPropertyValue('url') as string | null;
    records.push({
      type: 'opportunity',
      kind: 'event',
      sourceId: recurrenceId ? `${uid}#${dtstart}` : uid,
      placeSourceId: opts.placeSourceId ?? null,
      geometry: Array.isArray(geo) ? { type: 'Point', coordinates: [Number(geo[1]), Number(geo[0])] } : null,
      title,
      ...(description ? { description: { [Object.keys(title)[0] ?? 'en']: description } } : {}),
      categories: cats.length ? cats : (opts.categories ?? ['social']),
      audiences: opts.audiences ?? ['everyone'],
      languages: [...new Set(Object.keys(title))],
      cost: { free: false },
      registration: url ? { url } : {},
      organisation: opts.organisation ?? calName,
      schedules: [
        {
          dtstart,
          durationMinutes: minutes,
          rrule: recurrenceId ? null : rrule,
          timezone: opts.timezone,
          ...(exdates.length ? { exdates } : {}),
        },
      ],
      attributes: { ...(location ? { location } : {}), ical_uid: uid },
      status:
        (ev.getFirstPropertyValue('status') as string | null)?.toUpperCase() === 'CANCELLED'
          ? 'archived'
          : 'published',
      ref,
    });
  }
  // an overridden instance leaves its series
  for (const r of records) {
    const moved = overrides.get(r.sourceId);
    const s = r.schedules[0];
    if (moved && s?.rrule) s.exdates = [...new Set([...(s.exdates ?? []), ...moved])];
  }
  yield* [...preIssues, ...issues].sort((a, b) =>
    a.type === 'issue' && b.type === 'issue' ? (a.issue.ref.line ?? 0) - (b.issue.ref.line ?? 0) : 0,
  );
  yield* records;
}
