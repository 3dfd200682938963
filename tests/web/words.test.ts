/**
 * Issue 14, item 6 — language and formats: times follow the language and the tenant (24-hour
 * where that is the custom, a tenant setting forces either), one money format everywhere (the
 * kiosk said "2 EUR"), opening hours as words per day in six languages (not OSM code), content not
 * in the reader's language marked in lists, and the first-visit language preselected from the
 * browser's languages when the tenant offers it.
 */
import i18next from 'i18next';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { initReactI18next } from 'react-i18next';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PlaceDetail, SearchItem } from '../../web/api.ts';
import {
  clockFor,
  formatCost,
  formatMoney,
  formatOccurrence,
  formatShort,
  formatTime,
  setTenantClock,
} from '../../web/format.ts';
import en from '../../web/i18n/locales/en.ts';
import fr from '../../web/i18n/locales/fr.ts';
import he from '../../web/i18n/locales/he.ts';
import pl from '../../web/i18n/locales/pl.ts';
import ru from '../../web/i18n/locales/ru.ts';
import uk from '../../web/i18n/locales/uk.ts';
import { openingHoursLines } from '../../web/opening-hours.ts';
import { PlaceBody } from '../../web/panels/Details.tsx';
import { ResultList } from '../../web/panels/ResultList.tsx';
import { firstVisitLanguage } from '../../web/words/first-visit.ts';

const LANGS = ['en', 'fr', 'he', 'pl', 'uk', 'ru'] as const;
// 15:05 in Amsterdam (UTC+1 in January)
const AFTERNOON = '2027-01-12T14:05:00Z';
const AFTERNOON_END = '2027-01-12T16:00:00Z';
const strip = (s: string) => s.replace(/[\u2066-\u2069\u200e\u200f]/g, '').replace(/\u202f|\u00a0/g, ' ');

beforeAll(async () => {
  await i18next.use(initReactI18next).init({
    lng: 'en',
    fallbackLng: 'en',
    resources: {
      en: { translation: en },
      fr: { translation: fr },
      he: { translation: he },
      pl: { translation: pl },
      uk: { translation: uk },
      ru: { translation: ru },
    },
    interpolation: { escapeValue: false },
  });
});

afterEach(() => setTenantClock(null));

describe('times follow the language and the tenant', () => {
  it('an English reader in a European town sees a 24-hour clock, not "03:05 PM"', () => {
    for (const text of [
      formatTime(AFTERNOON, 'Europe/Amsterdam', 'en'),
      formatShort(AFTERNOON, 'Europe/Amsterdam', 'en'),
      formatOccurrence(AFTERNOON, AFTERNOON_END, 'Europe/Amsterdam', 'en'),
    ]) {
      expect(strip(text)).toContain('15:05');
      expect(text).not.toMatch(/PM|AM/);
    }
  });

  it('an English reader in a North American town keeps the 12-hour clock', () => {
    expect(strip(formatOccurrence(AFTERNOON, AFTERNOON_END, 'America/Vancouver', 'en'))).toMatch(
      /6:05 AM–8:00 AM/,
    );
  });

  it.each(['fr', 'he', 'pl', 'uk', 'ru'])('%s reads 24-hour wherever the town is', (lang) => {
    expect(strip(formatTime(AFTERNOON, 'America/Vancouver', lang))).toContain('6:05');
    expect(strip(formatShort(AFTERNOON, 'Europe/Amsterdam', lang))).toContain('15:05');
    expect(formatShort(AFTERNOON, 'Europe/Amsterdam', lang)).not.toMatch(/PM|AM|пп|после/);
  });

  it("the tenant's setting forces either clock", () => {
    setTenantClock('12h');
    expect(clockFor('fr', 'Europe/Paris')).toBe('12h');
    expect(strip(formatTime(AFTERNOON, 'Europe/Amsterdam', 'en'))).toMatch(/3:05\sPM/);
    setTenantClock('24h');
    expect(strip(formatTime(AFTERNOON, 'America/Vancouver', 'en'))).toContain('6:05');
    expect(formatTime(AFTERNOON, 'America/Vancouver', 'en')).not.toMatch(/AM|PM/);
  });
});

describe('one money format everywhere', () => {
  it('every language shows the currency sign, never the code', () => {
    const seen = LANGS.map((l) => strip(formatMoney(2, 'EUR', l)));
    expect(seen).toEqual(['€2', '2 €', '2 €', '2 €', '2 €', '2 €']);
  });
  it('cents only when there are some', () => {
    expect(strip(formatMoney(1500.5, 'EUR', 'fr'))).toBe('1 500,50 €');
    expect(formatMoney(1500.5, 'EUR', 'en')).toBe('€1,500.50');
  });
  it('a cost reads the same way wherever it is shown', () => {
    expect(formatCost({ free: false, amount: 2, currency: 'EUR' }, 'en', 'Free')).toBe('€2');
    expect(formatCost({ free: false, amount: 2, currency: 'EUR', note: 'members €1' }, 'en', 'Free')).toBe(
      '€2 · members €1',
    );
    expect(formatCost({ free: true }, 'en', 'Free')).toBe('Free');
    expect(formatCost({ free: false }, 'en', 'Free')).toBeNull();
  });
});

describe('opening hours as words per day', () => {
  const value = 'Mo-Fr 09:00-17:00; Sa 10:00-14:00';
  it.each([
    // English keeps its two-digit hours on a 24-hour clock ("09:00", as British signs do)
    ['en', ['Monday–Friday 09:00–17:00', 'Saturday 10:00–14:00', 'Sunday closed']],
    ['fr', ['Lundi–vendredi 9:00–17:00', 'Samedi 10:00–14:00', 'Dimanche fermé']],
    ['he', ['יום שני–יום שישי 9:00–17:00', 'יום שבת 10:00–14:00', 'יום ראשון סגור']],
    ['pl', ['Poniedziałek–piątek 9:00–17:00', 'Sobota 10:00–14:00', 'Niedziela zamknięte']],
    ['uk', ['Понеділок–пʼятниця 9:00–17:00', 'Субота 10:00–14:00', 'Неділя зачинено']],
    ['ru', ['Понедельник–пятница 9:00–17:00', 'Суббота 10:00–14:00', 'Воскресенье закрыто']],
  ])('%s', (lang, lines) => {
    expect(openingHoursLines(value, lang, 'Europe/Amsterdam')).toEqual(lines);
  });

  it('reads what towns hold: 24/7, seasons, sunrise, holidays, open ends', () => {
    expect(openingHoursLines('24/7', 'en')).toEqual(['Every day open 24 hours']);
    expect(openingHoursLines('Apr-Oct Mo-Su 08:00-20:00; Nov-Mar Sa,Su 10:00-16:00', 'en')).toEqual([
      'April–October:',
      'Every day 08:00–20:00',
      'November–March:',
      'Saturday and Sunday 10:00–16:00',
      'Monday–Friday closed',
    ]);
    expect(openingHoursLines('sunrise-sunset', 'uk')).toEqual(['Щодня схід сонця–захід сонця']);
    expect(openingHoursLines('Mo,We 08:00-12:00,13:00-17:00; PH off', 'en')).toEqual([
      'Monday and Wednesday 08:00–12:00, 13:00–17:00',
      'Tuesday and Thursday–Sunday closed',
      'Public holidays closed',
    ]);
    expect(openingHoursLines('Fr 18:00+', 'en', 'America/Vancouver')).toEqual([
      'Friday from 6:00 PM',
      'Monday–Thursday, Saturday, and Sunday closed',
    ]);
  });

  it('gives up on what it cannot read rather than say something wrong', () => {
    for (const v of [
      'Mo[1] 10:00-12:00',
      'Dec 25 off',
      'Mo-Fr 09:00-17:00 || "by appointment"',
      'week 1-53/2 Fr 09:00-12:00',
      'banana',
    ])
      expect(openingHoursLines(v, 'en'), v).toBeNull();
  });

  it("a place's details show the words, not the OSM code", async () => {
    await i18next.changeLanguage('fr');
    const d = {
      id: '00000000-0000-5000-8000-000000000002',
      name: 'Bibliothèque',
      address: null,
      opening_hours: value,
      opening: null,
      attributes: {},
      accessibility: {},
      contact: {},
      opportunities: [],
    } as unknown as PlaceDetail;
    const html = renderToString(
      createElement(PlaceBody, { d, timeZone: 'Europe/Amsterdam', onOpen: () => {} }),
    );
    expect(html).toContain('Lundi–vendredi');
    expect(html).toContain('Dimanche');
    expect(html).not.toContain('<code>Mo-Fr');
  });
});

describe('content not in the reader’s language is marked in lists', () => {
  const item = (name: string, name_lang: string): SearchItem => ({
    id: name,
    name,
    name_lang,
    kind: 'event',
    categories: ['social'],
    audiences: [],
    languages: ['en'],
    free: true,
    wheelchair: false,
    place_id: null,
    place_name: null,
    lon: 0,
    lat: 0,
    distance_m: null,
    next: null,
    for_you: false,
    resident_initiative: false,
  });

  it('an English title in a Ukrainian list carries the mark; a Ukrainian one does not', async () => {
    await i18next.changeLanguage('uk');
    const html = renderToString(
      createElement(ResultList, {
        items: [item('Knitting circle', 'en'), item('Клуб шахів', 'uk')],
        selectedId: null,
        timeZone: 'Europe/Amsterdam',
        onSelect: () => {},
        label: 'list',
      }),
    );
    const [first, second] = html.split('</li>');
    expect(first).toContain('lang-mark');
    expect(first).toContain('Ще не перекладено. Мова тексту: англійська');
    expect(second).not.toContain('lang-mark');
  });
});

describe('the first visit asks the language first, from the browser’s', () => {
  const tenant = { locales: ['en', 'fr', 'he', 'pl', 'uk', 'ru'], defaultLocale: 'en' };
  it('takes the first of the browser’s languages the tenant offers', () => {
    expect(firstVisitLanguage(['de-DE', 'uk-UA', 'en'], tenant)).toBe('uk');
    expect(firstVisitLanguage(['he-IL'], tenant)).toBe('he');
  });
  it('falls back to the tenant’s default when it offers none of them', () => {
    expect(firstVisitLanguage(['de-DE', 'ar'], tenant)).toBe('en');
    expect(firstVisitLanguage(['uk-UA'], { locales: ['en', 'fr'], defaultLocale: 'fr' })).toBe('fr');
  });
});
