/**
 * The words of a feed in the reader's language: the view's name ("Lindmere — this week —
 * Seniors"), the time windows and the feeds' fixed phrases. Category and audience names come from
 * data/taxonomy, as in the web app.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.ts';
import type { Filters } from '../opportunities/filters.ts';

type Labels = Record<string, string>;
interface Coded {
  code: string;
  label: Labels;
}
const taxonomy = (file: string, key: string) =>
  (
    JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'data', 'taxonomy', file), 'utf8')) as Record<
      string,
      Coded[]
    >
  )[key] ?? [];
const CATEGORIES = taxonomy('categories.json', 'categories');
const AUDIENCES = taxonomy('audiences.json', 'audiences');

const pick = (labels: Labels | undefined, lang: string) => labels?.[lang] ?? labels?.en ?? '';
const label = (list: Coded[], code: string, lang: string) =>
  pick(list.find((c) => c.code === code)?.label, lang) || code;

const PHRASES = {
  today: { en: 'today', fr: "aujourd'hui", he: 'היום', pl: 'dzisiaj', uk: 'сьогодні', ru: 'сегодня' },
  tomorrow: { en: 'tomorrow', fr: 'demain', he: 'מחר', pl: 'jutro', uk: 'завтра', ru: 'завтра' },
  weekend: {
    en: 'this weekend',
    fr: 'ce week-end',
    he: 'סוף השבוע',
    pl: 'ten weekend',
    uk: 'ці вихідні',
    ru: 'эти выходные',
  },
  week: {
    en: 'this week',
    fr: 'cette semaine',
    he: 'השבוע',
    pl: 'ten tydzień',
    uk: 'цей тиждень',
    ru: 'эта неделя',
  },
  evenings: { en: 'evenings', fr: 'en soirée', he: 'ערבים', pl: 'wieczory', uk: 'вечори', ru: 'вечера' },
  coming: {
    en: 'the coming weeks',
    fr: 'les semaines à venir',
    he: 'השבועות הקרובים',
    pl: 'najbliższe tygodnie',
    uk: 'найближчі тижні',
    ru: 'ближайшие недели',
  },
  near: {
    en: 'near a point',
    fr: "près d'un point",
    he: 'ליד נקודה',
    pl: 'w pobliżu punktu',
    uk: 'поблизу точки',
    ru: 'рядом с точкой',
  },
  morning: { en: 'mornings', fr: 'le matin', he: 'בבוקר', pl: 'rano', uk: 'зранку', ru: 'утром' },
  afternoon: { en: 'afternoons', fr: "l'après-midi", he: 'אחר הצהריים', pl: 'po południu', uk: 'удень', ru: 'днём' },
  evening: { en: 'evenings', fr: 'le soir', he: 'בערב', pl: 'wieczorem', uk: 'увечері', ru: 'вечером' },
  age: { en: 'age {n}', fr: '{n} ans', he: 'גיל {n}', pl: 'wiek: {n}', uk: 'вік: {n}', ru: 'возраст: {n}' },
  free: { en: 'free', fr: 'gratuit', he: 'חינם', pl: 'bezpłatne', uk: 'безкоштовно', ru: 'бесплатно' },
  wheelchair: {
    en: 'wheelchair accessible',
    fr: 'accessible en fauteuil',
    he: 'נגיש לכיסא גלגלים',
    pl: 'dostępne dla wózków',
    uk: 'доступно для візків',
    ru: 'доступно для колясок',
  },
  subtitle: {
    en: 'Activities of this view, at most 500, from Commons Map',
    fr: 'Les activités de cette vue, 500 au plus, depuis Commons Map',
    he: 'הפעילויות בתצוגה זו, עד 500, מ-Commons Map',
    pl: 'Zajęcia z tego widoku, najwyżej 500, z Commons Map',
    uk: 'Заходи цього перегляду, не більше 500, з Commons Map',
    ru: 'Занятия этого вида, не более 500, из Commons Map',
  },
  next: {
    en: 'Next dates',
    fr: 'Prochaines dates',
    he: 'המועדים הבאים',
    pl: 'Najbliższe terminy',
    uk: 'Найближчі дати',
    ru: 'Ближайшие даты',
  },
  place: { en: 'Place', fr: 'Lieu', he: 'מקום', pl: 'Miejsce', uk: 'Місце', ru: 'Место' },
  noDates: {
    en: 'No date in this view',
    fr: 'Aucune date dans cette vue',
    he: 'אין מועד בתצוגה זו',
    pl: 'Brak terminu w tym widoku',
    uk: 'Немає дати в цьому перегляді',
    ru: 'Нет даты в этом виде',
  },
} satisfies Record<string, Labels>;

export type Phrase = keyof typeof PHRASES;
export const phrase = (key: Phrase, lang: string): string => pick(PHRASES[key], lang);

/** the view's name: the town, then what the filters narrow it to, joined with " — " */
export function viewName(
  f: Filters,
  o: { lang: string; tenantName: string; areaName?: string | null; defaultWindow: boolean },
): string {
  const { lang } = o;
  const parts = [o.tenantName];
  if (o.areaName) parts.push(o.areaName);
  if (f.from || f.to) parts.push([f.from, f.to].filter(Boolean).join(' – '));
  else if (f.when) parts.push(phrase(f.when, lang));
  else if (o.defaultWindow) parts.push(phrase('coming', lang));
  if (f.audience?.length) parts.push(f.audience.map((a) => label(AUDIENCES, a, lang)).join(', '));
  if (f.category?.length) parts.push(f.category.map((c) => label(CATEGORIES, c, lang)).join(', '));
  if (f.language?.length) parts.push(f.language.join(', '));
  if (f.time_of_day?.length) parts.push(f.time_of_day.map((t) => phrase(t, lang)).join(', '));
  if (f.age !== undefined) parts.push(phrase('age', lang).replace('{n}', String(f.age)));
  if (f.free) parts.push(phrase('free', lang));
  if (f.wheelchair) parts.push(phrase('wheelchair', lang));
  if (f.lon !== undefined) parts.push(phrase('near', lang));
  if (f.q) parts.push(`“${f.q}”`);
  return parts.join(' — ');
}
