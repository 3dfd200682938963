/**
 * Dates, times and schedules in words for the content pages, in the page's language, with the
 * numbers isolated for right-to-left pages: a time range is always left to right (LRI…PDI or
 * <bdi dir="ltr">), so "10:00–12:00" never reads "12:00–10:00" in Hebrew.
 */
import { clockFields } from '../../../server/settings/clock.ts';
import type { ContentT } from './i18n.ts';
import { type BuilderState, WEEKDAYS, type Weekday } from './schedule.ts';

const LRI = '\u2066';
const FSI = '\u2068';
const PDI = '\u2069';
/** a piece of text isolated from its neighbours, left to right (times, numbers) */
export const ltr = (s: string) => `${LRI}${s}${PDI}`;
/** a piece of text isolated, its direction from its own first strong letter (dates, names) */
export const iso = (s: string) => `${FSI}${s}${PDI}`;

const utc = (ymd: string) => {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d, 12));
};

/** '2027-01-05' → "5 January 2027" (in the page's language) */
export function formatDate(ymd: string, lang: string, withWeekday = false): string {
  try {
    return new Intl.DateTimeFormat(lang, {
      timeZone: 'UTC',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      ...(withWeekday ? { weekday: 'long' } : {}),
    }).format(utc(ymd));
  } catch {
    return ymd;
  }
}

/**
 * '18:30' → "18:30" or "6:30 PM": the clock of the language in a town in `timeZone`
 * (server/settings/clock.ts; a wall time, so it is formatted as UTC)
 */
export function formatWallTime(hhmm: string, lang: string, timeZone: string): string {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  try {
    return new Intl.DateTimeFormat(lang, { ...clockFields(lang, timeZone, null), timeZone: 'UTC' }).format(
      new Date(Date.UTC(2020, 0, 1, h, m)),
    );
  } catch {
    return hhmm;
  }
}

/** Monday… in the language (2024-01-01 was a Monday) */
export function weekdayName(d: Weekday, lang: string, width: 'long' | 'short' = 'long'): string {
  const i = WEEKDAYS.indexOf(d);
  return new Intl.DateTimeFormat(lang, { timeZone: 'UTC', weekday: width }).format(
    new Date(Date.UTC(2024, 0, 1 + i, 12)),
  );
}

function list(items: string[], lang: string): string {
  try {
    return new Intl.ListFormat(lang, { type: 'conjunction' }).format(items);
  } catch {
    return items.join(', ');
  }
}

export function timeRange(start: string, end: string, lang: string, timeZone: string): string {
  return `${formatWallTime(start, lang, timeZone)}–${formatWallTime(end, lang, timeZone)}`;
}

/** the schedule in one sentence: "Every Tuesday and Thursday, 10:00–12:00, from 5 January 2027 until 30 June 2027, not on 13 April 2027" */
export function describeSchedule(s: BuilderState, t: ContentT, lang: string, timeZone: string): string {
  const time = ltr(timeRange(s.start, s.end, lang, timeZone));
  const parts: string[] = [];
  if (s.repeat === 'once')
    return t('schedule.words.once', { date: iso(formatDate(s.from, lang, true)), time });
  if (s.repeat === 'daily') parts.push(t('schedule.words.daily', { count: s.interval, time }));
  if (s.repeat === 'weekly')
    parts.push(
      t('schedule.words.weekly', {
        count: s.interval,
        days: list(
          s.weekdays.map((d) => weekdayName(d, lang)),
          lang,
        ),
        time,
      }),
    );
  if (s.repeat === 'monthly')
    parts.push(
      t('schedule.words.monthly', {
        count: s.interval,
        nth: t(`schedule.nthValue.${s.nth}`),
        day: weekdayName(s.monthWeekday, lang),
        time,
      }),
    );
  parts.push(t('schedule.words.from', { date: iso(formatDate(s.from, lang)) }));
  if (s.until) parts.push(t('schedule.words.until', { date: iso(formatDate(s.until, lang)) }));
  if (s.exceptions.length)
    parts.push(
      t('schedule.words.except', {
        dates: list(
          s.exceptions.map((d) => iso(formatDate(d, lang))),
          lang,
        ),
      }),
    );
  return parts.join(', ');
}

/** an occurrence as the pieces a page shows: the day (a date in words) and the time range */
export function occurrenceParts(
  start: string,
  end: string,
  timeZone: string,
  lang: string,
): { day: string; time: string } {
  const s = new Date(start);
  const e = new Date(end);
  const day = new Intl.DateTimeFormat(lang, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone,
  }).format(s);
  const tf = new Intl.DateTimeFormat(lang, clockFields(lang, timeZone, null));
  return { day, time: `${tf.format(s)}–${tf.format(e)}` };
}

export function Occurrence({
  start,
  end,
  timeZone,
  lang,
}: {
  start: string;
  end: string;
  timeZone: string;
  lang: string;
}) {
  const { day, time } = occurrenceParts(start, end, timeZone, lang);
  return (
    <time dateTime={start}>
      <bdi>{day}</bdi>,{' '}
      <bdi dir="ltr" className="time-range">
        {time}
      </bdi>
    </time>
  );
}

/** when something was done: date and time in the page's language, in the town's zone */
export function formatWhen(iso8601: string, timeZone: string, lang: string): string {
  try {
    return new Intl.DateTimeFormat(lang, {
      dateStyle: 'medium',
      timeStyle: 'short',
      hourCycle: clockFields(lang, timeZone, null).hourCycle,
      timeZone,
    }).format(
      new Date(iso8601),
    );
  } catch {
    return iso8601;
  }
}
