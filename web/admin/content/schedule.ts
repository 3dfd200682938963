/**
 * The schedule builder's model, as pure functions: the builder's state (what the page shows in
 * plain words: "every Tuesday and Thursday from 10:00 to 12:00, from 6 January until 30 June, not
 * on 14 April") to the API's ScheduleInput (DTSTART + duration + RRULE + EXDATE), and back.
 *
 * `fromInput` reads only what the builder can show exactly: one date; every day / every N days;
 * every week or every N weeks on some weekdays; every month or every N months on the first,
 * second, third, fourth or last weekday; an end date; exceptions at the start time. Anything else
 * (COUNT, BYMONTHDAY, a different UNTIL time, multi-day durations…) comes back as a `raw`
 * schedule, which `toInput` returns unchanged: a rule the builder cannot show is kept, never
 * rewritten.
 */
import type { ScheduleInput } from './types.ts';

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const REPEATS = ['once', 'daily', 'weekly', 'monthly'] as const;
export type Repeat = (typeof REPEATS)[number];
export const NTHS = [1, 2, 3, 4, -1] as const;
export type Nth = (typeof NTHS)[number];

export interface BuilderState {
  kind: 'builder';
  repeat: Repeat;
  /** the first date, 'YYYY-MM-DD' (DTSTART's date) */
  from: string;
  /** 'HH:MM' */
  start: string;
  /** 'HH:MM'; at or before `start` means the next day */
  end: string;
  /** every N days / weeks / months (1 = every) */
  interval: number;
  /** weekly: the days, in Monday-first order */
  weekdays: Weekday[];
  /** monthly: the first (1) … fourth (4) or last (-1) … */
  nth: Nth;
  /** monthly: … this weekday of the month */
  monthWeekday: Weekday;
  /** the last date, 'YYYY-MM-DD', or none */
  until: string | null;
  /** dates without a session, 'YYYY-MM-DD', sorted */
  exceptions: string[];
}

export interface RawSchedule {
  kind: 'raw';
  input: ScheduleInput;
}

export type ScheduleDraft = BuilderState | RawSchedule;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MAX_INTERVAL = 99;

export function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() === Number(m[2]) - 1 &&
    d.getUTCDate() === Number(m[3])
  );
}

export const isTime = (s: string) => TIME.test(s);

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmm = (min: number) =>
  `${String(Math.floor(min / 60) % 24).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;

/** the weekday of a 'YYYY-MM-DD' date */
export function weekdayOf(date: string): Weekday {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const js = new Date(Date.UTC(y, m - 1, d)).getUTCDay(); // 0 = Sunday
  return WEEKDAYS[(js + 6) % 7] as Weekday;
}

/** which of its month's weekdays a date is: 1…4, or -1 when it is the last (a fifth is the last) */
export function nthOf(date: string): Nth {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d + 7 > daysInMonth) return -1;
  return Math.ceil(d / 7) as Nth;
}

/** minutes from start to end; an end at or before the start is the next day */
export function durationOf(start: string, end: string): number {
  const d = minutesOf(end) - minutesOf(start);
  return d <= 0 ? d + 1440 : d;
}

/** a new builder: weekly on the weekday of `from`, 10:00 to 12:00 unless given */
export function newBuilder(from: string, start = '10:00', end = '12:00'): BuilderState {
  return normalize({
    kind: 'builder',
    repeat: 'weekly',
    from,
    start,
    end,
    interval: 1,
    weekdays: [weekdayOf(from)],
    nth: nthOf(from),
    monthWeekday: weekdayOf(from),
    until: null,
    exceptions: [],
  });
}

/**
 * The state with what its repeat does not use set to what the date implies (so that two states
 * meaning the same schedule are equal), weekdays in order, exceptions sorted and unique.
 */
export function normalize(s: BuilderState): BuilderState {
  const sortedDays = WEEKDAYS.filter((d) => s.weekdays.includes(d));
  const base: BuilderState = {
    ...s,
    interval: s.repeat === 'once' ? 1 : s.interval,
    weekdays: s.repeat === 'weekly' ? sortedDays : [weekdayOf(s.from)],
    nth: s.repeat === 'monthly' ? s.nth : nthOf(s.from),
    monthWeekday: s.repeat === 'monthly' ? s.monthWeekday : weekdayOf(s.from),
    until: s.repeat === 'once' ? null : s.until,
    exceptions: s.repeat === 'once' ? [] : [...new Set(s.exceptions)].sort(),
  };
  return base;
}

export type Problem =
  | 'from'
  | 'start'
  | 'end'
  | 'sameTime'
  | 'interval'
  | 'weekdays'
  | 'untilBeforeFrom'
  | 'until'
  | 'exception';

/** what keeps the state from being a schedule (the page names each next to its field) */
export function problemsOf(s: BuilderState): Problem[] {
  const p: Problem[] = [];
  if (!isDate(s.from)) p.push('from');
  if (!isTime(s.start)) p.push('start');
  if (!isTime(s.end)) p.push('end');
  if (isTime(s.start) && isTime(s.end) && s.start === s.end) p.push('sameTime');
  if (s.repeat !== 'once' && (!Number.isInteger(s.interval) || s.interval < 1 || s.interval > MAX_INTERVAL))
    p.push('interval');
  if (s.repeat === 'weekly' && s.weekdays.length === 0) p.push('weekdays');
  if (s.repeat !== 'once' && s.until !== null) {
    if (!isDate(s.until)) p.push('until');
    else if (isDate(s.from) && s.until < s.from) p.push('untilBeforeFrom');
  }
  if (s.repeat !== 'once' && s.exceptions.some((d) => !isDate(d))) p.push('exception');
  return p;
}

/** the API's schedule for a builder state (check problemsOf first), or a raw one unchanged */
export function toInput(d: ScheduleDraft): ScheduleInput {
  if (d.kind === 'raw') return d.input;
  const s = normalize(d);
  const parts: string[] = [];
  if (s.repeat !== 'once') {
    parts.push(`FREQ=${s.repeat === 'daily' ? 'DAILY' : s.repeat === 'weekly' ? 'WEEKLY' : 'MONTHLY'}`);
    if (s.interval !== 1) parts.push(`INTERVAL=${s.interval}`);
    if (s.repeat === 'weekly') parts.push(`BYDAY=${s.weekdays.join(',')}`);
    if (s.repeat === 'monthly') parts.push(`BYDAY=${s.nth}${s.monthWeekday}`);
    if (s.until) parts.push(`UNTIL=${s.until.replaceAll('-', '')}T235959`);
  }
  return {
    dtstart: `${s.from}T${s.start}`,
    duration_minutes: durationOf(s.start, s.end),
    rrule: parts.length ? parts.join(';') : null,
    exdates: s.exceptions.map((x) => `${x}T${s.start}`),
  };
}

const DTSTART = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::00)?$/;
const UNTIL = /^(\d{4})(\d{2})(\d{2})T235959$/;
const BYDAY_MONTHLY = /^(-1|[1-4])(MO|TU|WE|TH|FR|SA|SU)$/;

/** a builder state for the API's schedule when the builder can show it exactly, else raw */
export function fromInput(input: ScheduleInput): ScheduleDraft {
  const raw: RawSchedule = { kind: 'raw', input };
  const m = DTSTART.exec(input.dtstart);
  if (!m) return raw;
  const from = m[1] as string;
  if (!isDate(from)) return raw;
  const start = `${m[2]}:${m[3]}`;
  const dur = input.duration_minutes;
  if (!Number.isInteger(dur) || dur < 1 || dur >= 1440) return raw;
  const end = hhmm(minutesOf(start) + dur);
  const exceptions: string[] = [];
  for (const x of input.exdates ?? []) {
    const e = DTSTART.exec(x);
    if (!e || `${e[2]}:${e[3]}` !== start || !isDate(e[1] as string)) return raw;
    exceptions.push(e[1] as string);
  }
  const base = newBuilder(from, start, end);
  if (input.rrule === null) {
    if (exceptions.length) return raw;
    return normalize({ ...base, repeat: 'once' });
  }
  const parts = new Map<string, string>();
  for (const part of input.rrule.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 1) return raw;
    const key = part.slice(0, eq);
    if (parts.has(key)) return raw;
    parts.set(key, part.slice(eq + 1));
  }
  for (const key of parts.keys()) if (!['FREQ', 'INTERVAL', 'BYDAY', 'UNTIL'].includes(key)) return raw;
  const freq = parts.get('FREQ');
  const repeat: Repeat | undefined =
    freq === 'DAILY' ? 'daily' : freq === 'WEEKLY' ? 'weekly' : freq === 'MONTHLY' ? 'monthly' : undefined;
  if (!repeat) return raw;
  let interval = 1;
  const iv = parts.get('INTERVAL');
  if (iv !== undefined) {
    if (!/^[1-9]\d?$/.test(iv)) return raw;
    interval = Number(iv);
  }
  let until: string | null = null;
  const u = parts.get('UNTIL');
  if (u !== undefined) {
    const um = UNTIL.exec(u);
    if (!um) return raw;
    until = `${um[1]}-${um[2]}-${um[3]}`;
    if (!isDate(until) || until < from) return raw;
  }
  const state: BuilderState = { ...base, repeat, interval, until, exceptions };
  const byday = parts.get('BYDAY');
  if (repeat === 'daily') {
    if (byday !== undefined) return raw;
  } else if (repeat === 'weekly') {
    if (byday === undefined) return raw;
    const days = byday.split(',');
    if (days.some((d) => !(WEEKDAYS as readonly string[]).includes(d)) || new Set(days).size !== days.length)
      return raw;
    state.weekdays = days as Weekday[];
  } else {
    const bm = byday === undefined ? null : BYDAY_MONTHLY.exec(byday);
    if (!bm) return raw;
    state.nth = Number(bm[1]) as Nth;
    state.monthWeekday = bm[2] as Weekday;
  }
  if (new Set(exceptions).size !== exceptions.length) return raw;
  return normalize(state);
}

/** 'YYYY-MM-DD' today in a time zone */
export function todayIn(timeZone: string, now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
