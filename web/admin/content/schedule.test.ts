/**
 * The schedule builder's model: builder state ⇄ RRULE/EXDATE, by examples and by properties
 * (fast-check, seeded): every state the builder can hold survives the trip to the API's schedule
 * and back; every schedule the builder reads back is written again with the same meaning; every
 * schedule it cannot read is kept exactly as it was.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BuilderState,
  fromInput,
  newBuilder,
  normalize,
  NTHS,
  nthOf,
  problemsOf,
  REPEATS,
  todayIn,
  toInput,
  WEEKDAYS,
  weekdayOf,
} from './schedule.ts';
import type { ScheduleInput } from './types.ts';

const SEED = 20261206;

describe('schedule builder → RRULE', () => {
  it('writes "every Tuesday and Thursday from 10:00 to 12:00, from 6 January until 30 June, not on 14 April"', () => {
    const s: BuilderState = {
      ...newBuilder('2027-01-05'),
      weekdays: ['TH', 'TU'],
      until: '2027-06-30',
      exceptions: ['2027-04-13'],
    };
    expect(toInput(s)).toEqual({
      dtstart: '2027-01-05T10:00',
      duration_minutes: 120,
      rrule: 'FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270630T235959',
      exdates: ['2027-04-13T10:00'],
    });
  });
  it('writes once, every 2 weeks, monthly on the first Tuesday and on the last Friday, every day', () => {
    const b = newBuilder('2027-01-05', '18:30', '20:00');
    expect(toInput({ ...b, repeat: 'once', exceptions: ['2027-02-01'] })).toEqual({
      dtstart: '2027-01-05T18:30',
      duration_minutes: 90,
      rrule: null,
      exdates: [],
    });
    expect(toInput({ ...b, interval: 2 }).rrule).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU');
    expect(toInput({ ...b, repeat: 'monthly', nth: 1, monthWeekday: 'TU' }).rrule).toBe(
      'FREQ=MONTHLY;BYDAY=1TU',
    );
    expect(toInput({ ...b, repeat: 'monthly', nth: -1, monthWeekday: 'FR' }).rrule).toBe(
      'FREQ=MONTHLY;BYDAY=-1FR',
    );
    expect(toInput({ ...b, repeat: 'daily' }).rrule).toBe('FREQ=DAILY');
  });
  it('runs past midnight when the end is before the start', () => {
    expect(toInput(newBuilder('2027-01-05', '22:00', '01:30')).duration_minutes).toBe(210);
  });
  it('names what is wrong', () => {
    const b = newBuilder('2027-01-05');
    expect(problemsOf(b)).toEqual([]);
    expect(problemsOf({ ...b, weekdays: [] })).toEqual(['weekdays']);
    expect(problemsOf({ ...b, until: '2026-12-31' })).toEqual(['untilBeforeFrom']);
    expect(problemsOf({ ...b, start: '12:00', end: '12:00' })).toEqual(['sameTime']);
    expect(problemsOf({ ...b, from: '2027-02-30' })).toContain('from');
    expect(problemsOf({ ...b, interval: 0 })).toEqual(['interval']);
    expect(problemsOf({ ...b, start: '25:00' })).toContain('start');
  });
  it('knows weekdays and which of the month they are', () => {
    expect(weekdayOf('2027-01-05')).toBe('TU');
    expect(weekdayOf('2026-12-06')).toBe('SU');
    expect(nthOf('2027-01-05')).toBe(1);
    expect(nthOf('2027-01-26')).toBe(-1);
    expect(nthOf('2027-01-22')).toBe(4);
    expect(todayIn('Asia/Jerusalem', new Date('2026-12-06T23:30:00Z'))).toBe('2026-12-07');
  });
});

describe('RRULE → schedule builder', () => {
  it('reads what the builder writes', () => {
    const s = fromInput({
      dtstart: '2027-01-05T10:00',
      duration_minutes: 120,
      rrule: 'FREQ=WEEKLY;UNTIL=20270630T235959;BYDAY=TH,TU',
      exdates: ['2027-04-13T10:00'],
    });
    expect(s).toMatchObject({
      kind: 'builder',
      repeat: 'weekly',
      from: '2027-01-05',
      start: '10:00',
      end: '12:00',
      weekdays: ['TU', 'TH'],
      until: '2027-06-30',
      exceptions: ['2027-04-13'],
    });
    expect(
      fromInput({
        dtstart: '2027-03-02T09:00:00',
        duration_minutes: 60,
        rrule: 'FREQ=MONTHLY;INTERVAL=2;BYDAY=1TU',
        exdates: [],
      }),
    ).toMatchObject({
      repeat: 'monthly',
      interval: 2,
      nth: 1,
      monthWeekday: 'TU',
      start: '09:00',
      end: '10:00',
    });
  });
  it.each([
    ['a count', { rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=10' }],
    ['a day of the month', { rrule: 'FREQ=MONTHLY;BYMONTHDAY=15' }],
    ['a set position', { rrule: 'FREQ=MONTHLY;BYDAY=TU;BYSETPOS=1' }],
    ['an UNTIL at another time', { rrule: 'FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630T100000Z' }],
    ['a yearly rule', { rrule: 'FREQ=YEARLY' }],
    ['a weekday with a position in a weekly rule', { rrule: 'FREQ=WEEKLY;BYDAY=1TU' }],
    ['two weekdays in a monthly rule', { rrule: 'FREQ=MONTHLY;BYDAY=1TU,3TU' }],
    ['a week start', { rrule: 'FREQ=WEEKLY;BYDAY=TU;WKST=SU' }],
    ['several days long', { duration_minutes: 3 * 1440 }],
    ['an exception at another time', { exdates: ['2027-01-12T11:00'] }],
    ['an exception on one date', { rrule: null, exdates: ['2027-01-05T10:00'] }],
    ['seconds in the start', { dtstart: '2027-01-05T10:00:30' }],
    ['lower case', { rrule: 'freq=weekly;byday=tu' }],
  ])('keeps %s as it is', (_what, change) => {
    const input: ScheduleInput = {
      dtstart: '2027-01-05T10:00',
      duration_minutes: 120,
      rrule: 'FREQ=WEEKLY;BYDAY=TU',
      exdates: [],
      ...change,
    };
    const d = fromInput(input);
    expect(d.kind).toBe('raw');
    expect(toInput(d)).toBe(input);
  });
});

const date = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const time = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const weekday = fc.constantFrom(...WEEKDAYS);

const builderState: fc.Arbitrary<BuilderState> = fc
  .record({
    repeat: fc.constantFrom(...REPEATS),
    from: date,
    start: time,
    end: time,
    interval: fc.integer({ min: 1, max: 99 }),
    weekdays: fc.uniqueArray(weekday, { minLength: 1, maxLength: 7 }),
    nth: fc.constantFrom(...NTHS),
    monthWeekday: weekday,
    untilDays: fc.option(fc.integer({ min: 0, max: 800 })),
    exceptions: fc.array(date, { maxLength: 5 }),
  })
  .filter((r) => r.start !== r.end)
  .map(({ untilDays, ...r }) => ({
    kind: 'builder' as const,
    ...r,
    until:
      untilDays === null
        ? null
        : new Date(Date.parse(`${r.from}T00:00:00Z`) + untilDays * 86_400_000).toISOString().slice(0, 10),
  }));

/** the meaning of a schedule: its parts as sets, defaults made explicit */
function meaning(i: ScheduleInput) {
  const parts = Object.fromEntries(
    (i.rrule ?? '')
      .split(';')
      .filter(Boolean)
      .map((p) => p.split('=') as [string, string]),
  );
  return {
    dtstart: i.dtstart.slice(0, 16),
    duration: i.duration_minutes,
    freq: parts.FREQ ?? null,
    interval: parts.INTERVAL ?? '1',
    byday: (parts.BYDAY ?? '').split(',').sort(),
    until: parts.UNTIL ?? null,
    keys: Object.keys(parts)
      .filter((k) => k !== 'INTERVAL')
      .sort(),
    exdates: [...new Set(i.exdates.map((x) => x.slice(0, 16)))].sort(),
  };
}

const rawRule = fc
  .record({
    freq: fc.constantFrom('DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY', 'HOURLY', 'weekly'),
    interval: fc.option(fc.constantFrom('1', '2', '3', '0', '12', '100', 'x')),
    byday: fc.option(
      fc.oneof(
        fc.uniqueArray(weekday, { minLength: 1, maxLength: 7 }).map((d) => d.join(',')),
        fc
          .tuple(fc.constantFrom('1', '2', '3', '4', '-1', '5', '-2', '+1'), weekday)
          .map(([n, d]) => `${n}${d}`),
        fc.constantFrom('TU,TU', '1TU,2WE', 'XX', ''),
      ),
    ),
    until: fc.option(
      fc.oneof(
        date.map((d) => `${d.replaceAll('-', '')}T235959`),
        date.map((d) => `${d.replaceAll('-', '')}T100000Z`),
        date.map((d) => d.replaceAll('-', '')),
      ),
    ),
    extra: fc.option(fc.constantFrom('COUNT=5', 'WKST=SU', 'BYMONTH=3', 'BYMONTHDAY=2', 'BYSETPOS=-1')),
    shuffle: fc.boolean(),
  })
  .map((r) => {
    const parts = [
      `FREQ=${r.freq}`,
      r.interval !== null ? `INTERVAL=${r.interval}` : null,
      r.byday !== null ? `BYDAY=${r.byday}` : null,
      r.until !== null ? `UNTIL=${r.until}` : null,
      r.extra,
    ].filter((p): p is string => p !== null);
    return (r.shuffle ? parts.reverse() : parts).join(';');
  });

const wildInput: fc.Arbitrary<ScheduleInput> = fc
  .record({
    date,
    start: time,
    seconds: fc.constantFrom('', ':00', ':30'),
    duration: fc.oneof(fc.integer({ min: 1, max: 1439 }), fc.constantFrom(0, 1440, 2880)),
    rrule: fc.option(rawRule, { freq: 4 }),
    exdates: fc.array(fc.tuple(date, fc.boolean()), { maxLength: 3 }),
  })
  .map((r) => ({
    dtstart: `${r.date}T${r.start}${r.seconds}`,
    duration_minutes: r.duration,
    rrule: r.rrule,
    exdates: r.exdates.map(([d, same]) => `${d}T${same ? r.start : '23:59'}`),
  }));

/** what the builder writes, with its parts in another order and seconds in the times */
const rewrittenInput: fc.Arbitrary<ScheduleInput> = fc
  .tuple(builderState, fc.boolean(), fc.boolean())
  .filter(([s]) => problemsOf(s).length === 0)
  .map(([s, reverse, seconds]) => {
    const i = toInput(s);
    return {
      dtstart: seconds ? `${i.dtstart}:00` : i.dtstart,
      duration_minutes: i.duration_minutes,
      rrule: i.rrule && reverse ? i.rrule.split(';').reverse().join(';') : i.rrule,
      exdates: reverse ? [...i.exdates].reverse() : i.exdates,
    };
  });

const scheduleInput = fc.oneof(wildInput, rewrittenInput);

describe('round trips (fast-check)', () => {
  it('every builder state comes back from its RRULE as it was', () => {
    fc.assert(
      fc.property(builderState, (s) => {
        fc.pre(problemsOf(s).length === 0);
        expect(fromInput(toInput(s))).toEqual(normalize(s));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
  it('every schedule is either read and written again with the same meaning, or kept exactly', () => {
    let read = 0;
    fc.assert(
      fc.property(scheduleInput, (input) => {
        const d = fromInput(input);
        if (d.kind === 'raw') {
          expect(toInput(d)).toBe(input);
          return;
        }
        read++;
        expect(problemsOf(d)).toEqual([]);
        expect(meaning(toInput(d))).toEqual(meaning(input));
        // and the builder's own form is stable
        expect(toInput(fromInput(toInput(d)) as BuilderState)).toEqual(toInput(d));
      }),
      { seed: SEED, numRuns: 3000 },
    );
    // the generator reaches the readable cases, not only the raw ones
    expect(read).toBeGreaterThan(500);
  });
});
