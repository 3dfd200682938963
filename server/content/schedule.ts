/**
 * Schedules written in the back office: a local wall-clock start in the tenant's zone, a duration,
 * an RRULE body and its exception dates. Checked strictly here (the rrule package's own parser
 * lets "BYDAY=XX" or "COUNT=abc" through), and bounded so that no rule can make the expansion
 * unbounded work; expanded with the same code as the public detail (occurrences.ts), so the
 * schedule preview shows exactly the dates residents will see.
 */
import { z } from '@hono/zod-openapi';
import * as rruleModule from 'rrule';
import type { ScheduleRecord } from '../import/records.ts';
import {
  MAX_EXPANSION_YEARS,
  nextOccurrencesOfAll,
  type Occurrence,
  type Schedule,
} from '../opportunities/occurrences.ts';

const { RRule } =
  'RRule' in rruleModule && rruleModule.RRule
    ? rruleModule
    : (rruleModule as unknown as { default: typeof rruleModule }).default;

/** the most schedules one opportunity may have, exdates one schedule may have, and a COUNT */
export const MAX_SCHEDULES = 20;
export const MAX_EXDATES = 500;
export const MAX_COUNT = 1000;
export const MAX_INTERVAL = 99;
/** 14 days */
export const MAX_DURATION_MINUTES = 1440 * 14;
const EARLIEST_YEAR = 2000;
const LATEST_UNTIL_YEAR = 2100;

const WALL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** the UTC-encoded wall time of 'YYYY-MM-DDTHH:MM', or null when it is no real date and time */
export function parseLocal(v: string): number | null {
  const m = WALL_RE.exec(v);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (h > 23 || mi > 59) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return t;
}

const DAY = '(?:MO|TU|WE|TH|FR|SA|SU)';
const PARTS: Record<string, RegExp> = {
  FREQ: /^(DAILY|WEEKLY|MONTHLY|YEARLY)$/,
  INTERVAL: /^\d{1,3}$/,
  COUNT: /^\d{1,4}$/,
  UNTIL: /^\d{8}(T\d{6}Z?)?$/,
  BYDAY: new RegExp(`^[+-]?\\d{0,2}${DAY}(,[+-]?\\d{0,2}${DAY})*$`),
  BYMONTHDAY: /^-?\d{1,2}(,-?\d{1,2})*$/,
  BYMONTH: /^\d{1,2}(,\d{1,2})*$/,
  BYSETPOS: /^-?\d{1,3}(,-?\d{1,3})*$/,
  BYYEARDAY: /^-?\d{1,3}(,-?\d{1,3})*$/,
  BYWEEKNO: /^-?\d{1,2}(,-?\d{1,2})*$/,
  WKST: new RegExp(`^${DAY}$`),
};

const inRange = (list: string, lo: number, hi: number, zero = false) =>
  list.split(',').every((x) => {
    const n = Number(x.replace(/[A-Z]+$/, '') || '1');
    return Number.isInteger(n) && Math.abs(n) >= lo && Math.abs(n) <= hi && (zero || n !== 0);
  });

/**
 * Why an RRULE body cannot be used, or null. `dtstartWall` is the schedule's start (UTC-encoded
 * wall time): UNTIL may not be before it.
 */
export function rruleProblem(body: string, dtstartWall: number | null): string | null {
  if (body.length > 500) return 'must be at most 500 characters';
  if (/^RRULE:/i.test(body)) return "give the rule's body without 'RRULE:' (e.g. FREQ=WEEKLY;BYDAY=TU)";
  if (/DTSTART/i.test(body)) return 'must not contain DTSTART (the start is dtstart)';
  const seen = new Map<string, string>();
  for (const part of body.split(';')) {
    const eq = part.indexOf('=');
    const key = eq > 0 ? part.slice(0, eq).toUpperCase() : part;
    const value = eq > 0 ? part.slice(eq + 1).toUpperCase() : '';
    const re = PARTS[key];
    if (!re)
      return `${JSON.stringify(key.slice(0, 30))} is not a supported rule part (use ${Object.keys(PARTS).join(', ')}; the time of day comes from dtstart)`;
    if (seen.has(key)) return `${key} is given twice`;
    if (!re.test(value)) return `${key}=${value.slice(0, 40)} is not a valid value`;
    seen.set(key, value);
  }
  if (!seen.has('FREQ')) return 'needs FREQ=DAILY, WEEKLY, MONTHLY or YEARLY';
  if (seen.has('COUNT') && seen.has('UNTIL')) return 'give COUNT or UNTIL, not both';
  const interval = Number(seen.get('INTERVAL') ?? '1');
  if (interval < 1 || interval > MAX_INTERVAL) return `INTERVAL must be 1 to ${MAX_INTERVAL}`;
  const count = seen.get('COUNT');
  if (count !== undefined && (Number(count) < 1 || Number(count) > MAX_COUNT))
    return `COUNT must be 1 to ${MAX_COUNT}`;
  const checks: [string, number, number][] = [
    ['BYMONTHDAY', 1, 31],
    ['BYMONTH', 1, 12],
    ['BYSETPOS', 1, 366],
    ['BYYEARDAY', 1, 366],
    ['BYWEEKNO', 1, 53],
    ['BYDAY', 1, 53],
  ];
  for (const [key, lo, hi] of checks) {
    const v = seen.get(key);
    if (v !== undefined && !inRange(v, lo, hi)) return `${key} has a number outside ${lo}..${hi}`;
  }
  const until = seen.get('UNTIL');
  if (until) {
    const y = Number(until.slice(0, 4));
    const t = Date.UTC(
      y,
      Number(until.slice(4, 6)) - 1,
      Number(until.slice(6, 8)),
      Number(until.slice(9, 11) || '23'),
      Number(until.slice(11, 13) || '59'),
      Number(until.slice(13, 15) || '59'),
    );
    const back = new Date(t);
    if (
      Number.isNaN(t) ||
      back.getUTCMonth() !== Number(until.slice(4, 6)) - 1 ||
      back.getUTCDate() !== Number(until.slice(6, 8))
    )
      return `UNTIL=${until} is not a real date`;
    if (y > LATEST_UNTIL_YEAR) return `UNTIL must be before ${LATEST_UNTIL_YEAR + 1}`;
    if (dtstartWall !== null && t < dtstartWall)
      return 'UNTIL is before dtstart: the rule would have no date';
  }
  try {
    const o = RRule.parseString(body);
    if (o.freq === undefined || o.freq === null) return 'needs FREQ';
    new RRule(o);
  } catch (err) {
    return (err as Error).message.slice(0, 200);
  }
  return null;
}

function textOf(s: string) {
  return s.slice(0, 40);
}

/** a schedule as the API takes it (validated; see superRefine for the checks across fields) */
export const ScheduleInputSchema = z
  .object({
    dtstart: z
      .string({ error: 'dtstart is required: local time YYYY-MM-DDTHH:MM' })
      .max(16)
      .regex(WALL_RE, 'must be local time YYYY-MM-DDTHH:MM such as 2027-01-06T10:00'),
    duration_minutes: z
      .number({ error: 'duration_minutes is required: a whole number of minutes' })
      .int('must be a whole number of minutes')
      .min(1, 'must be at least 1')
      .max(MAX_DURATION_MINUTES, `must be at most ${MAX_DURATION_MINUTES} (14 days)`),
    rrule: z.string().max(500, 'must be at most 500 characters').nullable().default(null),
    exdates: z
      .array(z.string().max(16).regex(WALL_RE, 'must be local time YYYY-MM-DDTHH:MM'))
      .max(MAX_EXDATES, `at most ${MAX_EXDATES} exdates`)
      .default([]),
  })
  .superRefine((s, ctx) => {
    const start = parseLocal(s.dtstart);
    if (start === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['dtstart'],
        message: `${textOf(s.dtstart)} is not a real date and time`,
      });
      return;
    }
    const year = new Date(start).getUTCFullYear();
    const latest = new Date().getUTCFullYear() + MAX_EXPANSION_YEARS;
    if (year < EARLIEST_YEAR || year > latest)
      ctx.addIssue({
        code: 'custom',
        path: ['dtstart'],
        message: `must be in the years ${EARLIEST_YEAR} to ${latest}`,
      });
    if (s.rrule !== null) {
      const problem = rruleProblem(s.rrule, start);
      if (problem) ctx.addIssue({ code: 'custom', path: ['rrule'], message: problem });
    }
    if (s.exdates.length && s.rrule === null)
      ctx.addIssue({
        code: 'custom',
        path: ['exdates'],
        message: 'only a repeating schedule (rrule) has exdates',
      });
    const time = s.dtstart.slice(11);
    s.exdates.forEach((d, i) => {
      if (parseLocal(d) === null)
        ctx.addIssue({
          code: 'custom',
          path: ['exdates', i],
          message: `${textOf(d)} is not a real date and time`,
        });
      else if (d.slice(11) !== time)
        ctx.addIssue({
          code: 'custom',
          path: ['exdates', i],
          message: `${d} must be at the time of day of dtstart (${time})`,
        });
    });
  })
  .openapi('ScheduleInput');

export type ScheduleInput = z.infer<typeof ScheduleInputSchema>;

export const SchedulesSchema = z
  .array(ScheduleInputSchema)
  .max(MAX_SCHEDULES, `at most ${MAX_SCHEDULES} schedules`);

/** schedules of the API → what the opportunity row stores (its `schedules` column) */
export function toRecords(schedules: ScheduleInput[], timezone: string): ScheduleRecord[] {
  return schedules.map((s) => ({
    dtstart: s.dtstart,
    durationMinutes: s.duration_minutes,
    rrule: s.rrule,
    timezone,
    ...(s.exdates.length ? { exdates: [...s.exdates].sort() } : {}),
  }));
}

/** the row's schedules as the API shows them (its list, else the main schedule's columns) */
export function fromRow(r: {
  schedules: ScheduleRecord[] | null;
  dtstart: string | null;
  duration_minutes: number | null;
  rrule: string | null;
}): ScheduleInput[] {
  if (r.schedules?.length)
    return r.schedules.map((s) => ({
      dtstart: s.dtstart.replace(' ', 'T').slice(0, 16),
      duration_minutes: s.durationMinutes,
      rrule: s.rrule,
      exdates: (s.exdates ?? []).map((d) => d.replace(' ', 'T').slice(0, 16)),
    }));
  if (r.dtstart && r.duration_minutes)
    return [
      {
        dtstart: r.dtstart.replace(' ', 'T').slice(0, 16),
        duration_minutes: r.duration_minutes,
        rrule: r.rrule,
        exdates: [],
      },
    ];
  return [];
}

/** the next dates of schedules, with the code of the public detail */
export function nextDates(
  schedules: ScheduleInput[],
  timezone: string,
  now: number,
  count: number,
): Occurrence[] {
  const list: Schedule[] = schedules.map((s) => ({
    dtstart: s.dtstart,
    duration_minutes: s.duration_minutes,
    rrule: s.rrule,
    timezone,
    ...(s.exdates.length ? { exdates: s.exdates } : {}),
  }));
  return nextOccurrencesOfAll(list, now, count);
}
