/**
 * OpenStreetMap `opening_hours` read as words per day, in the reader's language and clock:
 * "Mo-Fr 09:00-21:00; Sa 10:00-16:00" → "Monday–Friday 9:00–21:00", "Saturday 10:00–16:00",
 * "Sunday closed". Covers what towns' data holds: weekday ranges and lists, several time spans,
 * "24/7", times without days, open ends ("18:00+"), sunrise and sunset, "off"/"closed", public
 * holidays (PH), month ranges as seasons ("Apr-Oct …; Nov-Mar …") and additional rules (", ").
 * Anything else (dates, nth weekdays, week numbers, comments, "||") gives null: the caller shows
 * the value as it is rather than words that might be wrong.
 */
import { clockFor } from './format.ts';
import { fill, wordsIn } from './words/strings.ts';

/** minutes since midnight (24:00 is 1440), or the sun's times */
type Time = number | 'sunrise' | 'sunset';
interface Span {
  from: Time;
  /** null: an open end ("18:00+") */
  to: Time | null;
}
/** the spans of a day; [] is closed */
type Day = Span[];

interface Rule {
  months: number[] | null;
  /** 0 = Monday … 6 = Sunday; null with holidays false: every day */
  days: number[] | null;
  holidays: boolean;
  spans: Span[];
  additional: boolean;
}

export interface HoursLine {
  /** the days, in words ("Monday–Friday", "Every day", "Public holidays") */
  days: string;
  /** the hours, in words ("9:00–17:00", "closed", "open 24 hours") */
  hours: string;
}

export interface HoursSeason {
  /** the months it applies to ("April–October"); null all year */
  months: string | null;
  lines: HoursLine[];
}

const WEEKDAYS = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function range(list: string[], a: string, b: string | undefined): number[] | null {
  const i = list.indexOf(a);
  const j = b === undefined ? i : list.indexOf(b);
  if (i < 0 || j < 0) return null;
  const out: number[] = [];
  for (let k = i; ; k = (k + 1) % list.length) {
    out.push(k);
    if (k === j) break;
  }
  return out;
}

/** a comma list of ranges of names ("Mo-We,Fr"), or null if a part is not one */
function selector(text: string, list: string[]): number[] | null {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^([a-z]{2,3})(?:-([a-z]{2,3}))?$/.exec(part);
    if (!m?.[1]) return null;
    const r = range(list, m[1], m[2]);
    if (!r) return null;
    for (const x of r) out.add(x);
  }
  return [...out];
}

function time(text: string): Time | null {
  if (text === 'sunrise' || text === 'sunset') return text;
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min > 0)) return null;
  return h * 60 + min;
}

function spans(text: string): Span[] | null {
  const out: Span[] = [];
  for (const part of text.split(',')) {
    const open = /^(.+)\+$/.exec(part);
    if (open?.[1]) {
      const from = time(open[1]);
      if (from === null) return null;
      out.push({ from, to: null });
      continue;
    }
    const m = /^([^-]+)-([^-]+)$/.exec(part);
    if (!m?.[1] || !m[2]) return null;
    const from = time(m[1]);
    const to = time(m[2]);
    if (from === null || to === null) return null;
    out.push({ from, to });
  }
  return out;
}

/** one rule ("Apr-Oct Mo-Su 08:00-20:00", "PH off", "24/7"), or null */
function rule(text: string, additional: boolean): Rule | null {
  const tokens = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const r: Rule = { months: null, days: null, holidays: false, spans: [{ from: 0, to: 1440 }], additional };
  let i = 0;
  if (tokens[0] === '24/7') {
    return tokens.length === 1 ? r : null;
  }
  const t0 = tokens[i];
  if (t0 && /^[a-z]{3}(-[a-z]{3})?(,[a-z]{3}(-[a-z]{3})?)*$/.test(t0) && MONTHS.includes(t0.slice(0, 3))) {
    r.months = selector(t0, MONTHS);
    if (!r.months) return null;
    i++;
  }
  const t1 = tokens[i];
  if (t1 && /^[a-z]{2}/.test(t1) && !t1.startsWith('sun') && !['off', 'closed', 'open'].includes(t1)) {
    const parts = t1.split(',');
    const days = parts.filter((p) => p !== 'ph');
    if (parts.includes('ph')) r.holidays = true;
    if (days.length) {
      r.days = selector(days.join(','), WEEKDAYS);
      if (!r.days) return null;
    } else r.days = [];
    i++;
  }
  const t2 = tokens[i];
  if (t2 && /^(\d|sun)/.test(t2)) {
    const s = spans(t2);
    if (!s) return null;
    r.spans = s;
    i++;
  }
  const t3 = tokens[i];
  if (t3 === 'off' || t3 === 'closed') {
    r.spans = [];
    i++;
  } else if (t3 === 'open') i++;
  return i === tokens.length && i > 0 ? r : null;
}

/** the rules of a value, or null when it holds something this reader does not know */
function rules(value: string): Rule[] | null {
  if (/["|\[\]]/.test(value)) return null;
  const out: Rule[] = [];
  for (const part of value.split(';')) {
    if (!part.trim()) continue;
    // an additional rule follows ", " and starts with a selector, not a time
    const pieces = part.split(/,\s+(?=[A-Za-z])/);
    for (const [k, piece] of pieces.entries()) {
      const r = rule(piece, k > 0);
      if (!r) return null;
      out.push(r);
    }
  }
  return out.length ? out : null;
}

interface Table {
  week: Day[];
  holidays: Day | null;
}

function apply(table: Table, r: Rule) {
  const set = (old: Day) => (r.additional ? [...old, ...r.spans] : [...r.spans]);
  const days = r.days ?? (r.holidays ? [] : [0, 1, 2, 3, 4, 5, 6]);
  for (const d of days) table.week[d] = set(table.week[d] ?? []);
  if (r.holidays) table.holidays = set(table.holidays ?? []);
}

const key = (d: Day) => JSON.stringify(d);

/** the opening hours as seasons of lines of words; null when the value cannot be read */
export function openingHoursSeasons(
  value: string | null | undefined,
  locale: string,
  timeZone = 'UTC',
): HoursSeason[] | null {
  if (!value) return null;
  const all = rules(value);
  if (!all) return null;
  const words = wordsIn(locale);
  const clock = clockFor(locale, timeZone);
  const clockText = new Intl.DateTimeFormat(locale, {
    hour: 'numeric',
    minute: '2-digit',
    hourCycle: clock === '12h' ? 'h12' : 'h23',
    timeZone: 'UTC',
  });
  const at = (t: Time) => {
    if (t === 'sunrise' || t === 'sunset') return words.hours[t];
    if (t === 1440 && clock === '24h') return '24:00';
    return clockText.format(new Date(Date.UTC(2024, 0, 1, 0, t % 1440)));
  };
  const hoursText = (d: Day) => {
    if (!d.length) return words.hours.closed;
    if (d.length === 1 && d[0]?.from === 0 && d[0].to === 1440) return words.hours.allDay;
    return d
      .map((s) =>
        s.to === null ? fill(words.hours.from, { time: at(s.from) }) : `${at(s.from)}–${at(s.to)}`,
      )
      .join(', ');
  };
  const dayName = (i: number) =>
    new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2024, 0, 1 + i)),
    );
  const monthName = (i: number) =>
    new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2024, i, 15)),
    );
  const list = (items: string[]) =>
    new Intl.ListFormat(locale, { type: 'conjunction', style: 'long' }).format(items);
  const runs = (idx: number[], name: (i: number) => string, mod: number) => {
    const out: string[] = [];
    let start = 0;
    for (let k = 1; k <= idx.length; k++) {
      if (k < idx.length && idx[k] === ((idx[k - 1] ?? 0) + 1) % mod) continue;
      const a = idx[start] ?? 0;
      const b = idx[k - 1] ?? 0;
      if (a === b) out.push(name(a));
      else if (b === (a + 1) % mod) out.push(name(a), name(b));
      else out.push(`${name(a)}–${name(b)}`);
      start = k;
    }
    return out;
  };
  const capital = (s: string) => s.replace(/^\p{Ll}/u, (c) => c.toLocaleUpperCase(locale));

  // seasons: each month selector in order of appearance; rules without one apply to them all
  const seasons: (number[] | null)[] = [];
  for (const r of all)
    if (r.months && !seasons.some((s) => s?.join() === r.months?.join())) seasons.push(r.months);
  const covered = new Set(seasons.flat());
  if (!seasons.length || (covered.size < 12 && all.some((r) => !r.months))) seasons.push(null);

  return seasons.map((months) => {
    const table: Table = { week: [[], [], [], [], [], [], []], holidays: null };
    for (const r of all) if (!r.months || (months && r.months.join() === months.join())) apply(table, r);
    const groups = new Map<string, number[]>();
    for (const [i, d] of table.week.entries()) groups.set(key(d), [...(groups.get(key(d)) ?? []), i]);
    const ordered = [...groups.entries()].sort(
      ([ka, a], [kb, b]) => (ka === '[]' ? 1 : 0) - (kb === '[]' ? 1 : 0) || (a[0] ?? 0) - (b[0] ?? 0),
    );
    const lines: HoursLine[] = ordered.map(([, idx]) => ({
      days: idx.length === 7 ? words.hours.everyDay : capital(list(runs(idx, dayName, 7))),
      hours: hoursText(table.week[idx[0] ?? 0] ?? []),
    }));
    if (table.holidays) lines.push({ days: words.hours.holidays, hours: hoursText(table.holidays) });
    const monthText =
      months === null
        ? seasons.length > 1
          ? words.hours.restOfYear
          : null
        : capital(list(runs(months, monthName, 12)));
    return { months: monthText, lines };
  });
}

/** the opening hours as lines of text ("Monday–Friday 9:00–17:00"), or null when unreadable */
export function openingHoursLines(
  value: string | null | undefined,
  locale: string,
  timeZone = 'UTC',
): string[] | null {
  const seasons = openingHoursSeasons(value, locale, timeZone);
  if (!seasons) return null;
  return seasons.flatMap((s) => [
    ...(s.months ? [`${s.months}:`] : []),
    ...s.lines.map((l) => `${l.days} ${l.hours}`),
  ]);
}
