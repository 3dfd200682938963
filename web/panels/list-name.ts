/**
 * The name of a view of the list in the reader's language, for sharing it: "Activities for
 * seniors in Kestrel Rise this week". What it is (the categories, else "Activities"), for whom,
 * where (the neighbourhood filtered on, or the one near the chosen point) and when. Names and
 * dates are isolated (U+2068…U+2069), so a Latin name keeps its order in a Hebrew sentence.
 */
import type { Filters } from '../state/filters.ts';
import { audienceLabel, categoryLabel } from '../taxonomy.ts';
import type { FEEDS_STRINGS } from './get-this-every-week.i18n.ts';

type Key = keyof (typeof FEEDS_STRINGS)['en'];
export type ListT = (key: Key, vars?: Record<string, string>) => string;

const isolate = (s: string) => `\u2068${s}\u2069`;

const WHEN_KEY: Record<NonNullable<Filters['when']>, Key> = {
  today: 'listToday',
  tomorrow: 'listTomorrow',
  weekend: 'listWeekend',
  week: 'listWeek',
  evenings: 'listEvenings',
};

/** a date of the URL (YYYY-MM-DD) as the reader says it: "2 December" */
function day(date: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    new Date(`${date}T12:00:00Z`),
  );
}

export function listName(
  f: Filters,
  o: {
    t: ListT;
    lang: string;
    /** the name of the neighbourhood filtered on */
    area: string | null;
    /** the view is around a chosen point: with the name of the neighbourhood holding it, if known */
    near: { area: string | null } | null;
  },
): string {
  const { t, lang } = o;
  const what = f.categories.length
    ? f.categories.map((c) => categoryLabel(c, lang)).join(', ')
    : t('listActivities');
  // audiences are common nouns inside the sentence ("for seniors"); Hebrew has no case to lower
  const audience = f.audiences.map((a) => audienceLabel(a, lang).toLocaleLowerCase(lang)).join(', ');
  const parts = [audience ? t('listFor', { what, audience: isolate(audience) }) : what];
  if (o.area) parts.push(t('listIn', { area: isolate(o.area) }));
  else if (o.near)
    parts.push(o.near.area ? t('listNear', { area: isolate(o.near.area) }) : t('listNearPoint'));
  if (f.from && f.to)
    parts.push(t('listFromTo', { from: isolate(day(f.from, lang)), to: isolate(day(f.to, lang)) }));
  else if (f.from) parts.push(t('listFrom', { from: isolate(day(f.from, lang)) }));
  else if (f.to) parts.push(t('listUntil', { to: isolate(day(f.to, lang)) }));
  else if (f.when) parts.push(t(WHEN_KEY[f.when]));
  return parts.join(' ');
}
