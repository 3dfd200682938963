/**
 * The words of formats (opening hours in words, the "not in your language" mark, the first-visit
 * language question) in the six interface languages. Plain objects, so that the formatting
 * functions work without i18next (tests, the kiosk, the leaflet).
 */
import type { UiLanguage } from '../i18n/index.ts';

const en = {
  hours: {
    everyDay: 'Every day',
    closed: 'closed',
    allDay: 'open 24 hours',
    sunrise: 'sunrise',
    sunset: 'sunset',
    from: 'from {{time}}',
    holidays: 'Public holidays',
    restOfYear: 'Rest of the year',
  },
  mark: {
    /** a short mark beside a title shown in another language */
    short: 'In {{lang}}',
    /** its full text for screen readers and the tooltip */
    long: 'Not yet translated: shown in {{lang}}',
  },
  firstVisit: {
    language: 'Language',
    languageHint: 'Choose the language of the map',
  },
};

export type WordsStrings = typeof en;

const fr: WordsStrings = {
  hours: {
    everyDay: 'Tous les jours',
    closed: 'fermé',
    allDay: 'ouvert 24 h/24',
    sunrise: 'lever du soleil',
    sunset: 'coucher du soleil',
    from: 'à partir de {{time}}',
    holidays: 'Jours fériés',
    restOfYear: 'Le reste de l’année',
  },
  mark: {
    short: 'En {{lang}}',
    long: 'Pas encore traduit : affiché en {{lang}}',
  },
  firstVisit: {
    language: 'Langue',
    languageHint: 'Choisissez la langue de la carte',
  },
};

const he: WordsStrings = {
  hours: {
    everyDay: 'כל יום',
    closed: 'סגור',
    allDay: 'פתוח 24 שעות',
    sunrise: 'זריחה',
    sunset: 'שקיעה',
    from: 'החל מ־{{time}}',
    holidays: 'חגים',
    restOfYear: 'בשאר השנה',
  },
  mark: {
    short: 'ב{{lang}}',
    long: 'עדיין לא תורגם: מוצג ב{{lang}}',
  },
  firstVisit: {
    language: 'שפה',
    languageHint: 'בחרו את שפת המפה',
  },
};

const pl: WordsStrings = {
  hours: {
    everyDay: 'Codziennie',
    closed: 'zamknięte',
    allDay: 'czynne całą dobę',
    sunrise: 'wschód słońca',
    sunset: 'zachód słońca',
    from: 'od {{time}}',
    holidays: 'Święta',
    restOfYear: 'W pozostałych miesiącach',
  },
  mark: {
    short: 'Język: {{lang}}',
    long: 'Jeszcze nie przetłumaczono. Język tekstu: {{lang}}',
  },
  firstVisit: {
    language: 'Język',
    languageHint: 'Wybierz język mapy',
  },
};

const uk: WordsStrings = {
  hours: {
    everyDay: 'Щодня',
    closed: 'зачинено',
    allDay: 'цілодобово',
    sunrise: 'схід сонця',
    sunset: 'захід сонця',
    from: 'з {{time}}',
    holidays: 'Святкові дні',
    restOfYear: 'Решта року',
  },
  mark: {
    short: 'Мова: {{lang}}',
    long: 'Ще не перекладено. Мова тексту: {{lang}}',
  },
  firstVisit: {
    language: 'Мова',
    languageHint: 'Оберіть мову мапи',
  },
};

const ru: WordsStrings = {
  hours: {
    everyDay: 'Ежедневно',
    closed: 'закрыто',
    allDay: 'круглосуточно',
    sunrise: 'восход',
    sunset: 'закат',
    from: 'с {{time}}',
    holidays: 'Праздничные дни',
    restOfYear: 'В остальное время года',
  },
  mark: {
    short: 'Язык: {{lang}}',
    long: 'Ещё не переведено. Язык текста: {{lang}}',
  },
  firstVisit: {
    language: 'Язык',
    languageHint: 'Выберите язык карты',
  },
};

export const WORDS_STRINGS: Record<UiLanguage, WordsStrings> = { en, fr, he, pl, uk, ru };

/** the strings of a language (English for one the interface does not have) */
export function wordsIn(lang: string): WordsStrings {
  const code = lang.slice(0, 2).toLowerCase();
  return (WORDS_STRINGS as Record<string, WordsStrings>)[code] ?? en;
}

/** fills {{name}} placeholders */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (m, k: string) => values[k] ?? m);
}
