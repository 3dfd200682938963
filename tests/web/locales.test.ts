/**
 * Every interface language has every string of English (plural forms may differ), and keeps its
 * placeholders: the residents' and kiosk's strings, and the planner's and admin pages' namespaces.
 */
import { describe, expect, it } from 'vitest';
import authEn from '../../web/admin/auth/locales/en.ts';
import authFr from '../../web/admin/auth/locales/fr.ts';
import authHe from '../../web/admin/auth/locales/he.ts';
import authPl from '../../web/admin/auth/locales/pl.ts';
import authRu from '../../web/admin/auth/locales/ru.ts';
import authUk from '../../web/admin/auth/locales/uk.ts';
import pagesEn from '../../web/admin/common/locales/en.ts';
import pagesFr from '../../web/admin/common/locales/fr.ts';
import pagesHe from '../../web/admin/common/locales/he.ts';
import pagesPl from '../../web/admin/common/locales/pl.ts';
import pagesRu from '../../web/admin/common/locales/ru.ts';
import pagesUk from '../../web/admin/common/locales/uk.ts';
import contentEn from '../../web/admin/content/locales/en.ts';
import contentFr from '../../web/admin/content/locales/fr.ts';
import contentHe from '../../web/admin/content/locales/he.ts';
import contentPl from '../../web/admin/content/locales/pl.ts';
import contentRu from '../../web/admin/content/locales/ru.ts';
import contentUk from '../../web/admin/content/locales/uk.ts';
import adminEn from '../../web/admin/locales/en.ts';
import adminFr from '../../web/admin/locales/fr.ts';
import adminHe from '../../web/admin/locales/he.ts';
import adminPl from '../../web/admin/locales/pl.ts';
import adminRu from '../../web/admin/locales/ru.ts';
import adminUk from '../../web/admin/locales/uk.ts';
import connectorsEn from '../../web/connectors/locales/en.ts';
import connectorsFr from '../../web/connectors/locales/fr.ts';
import connectorsHe from '../../web/connectors/locales/he.ts';
import connectorsPl from '../../web/connectors/locales/pl.ts';
import connectorsRu from '../../web/connectors/locales/ru.ts';
import connectorsUk from '../../web/connectors/locales/uk.ts';
import callsEn from '../../web/calls/locales/en.ts';
import callsFr from '../../web/calls/locales/fr.ts';
import callsHe from '../../web/calls/locales/he.ts';
import callsPl from '../../web/calls/locales/pl.ts';
import callsRu from '../../web/calls/locales/ru.ts';
import callsUk from '../../web/calls/locales/uk.ts';
import emergencyEn from '../../web/emergency/locales/en.ts';
import emergencyFr from '../../web/emergency/locales/fr.ts';
import emergencyHe from '../../web/emergency/locales/he.ts';
import emergencyPl from '../../web/emergency/locales/pl.ts';
import emergencyRu from '../../web/emergency/locales/ru.ts';
import emergencyUk from '../../web/emergency/locales/uk.ts';
import en from '../../web/i18n/locales/en.ts';
import { WORDS_STRINGS } from '../../web/words/strings.ts';
import fr from '../../web/i18n/locales/fr.ts';
import he from '../../web/i18n/locales/he.ts';
import pl from '../../web/i18n/locales/pl.ts';
import ru from '../../web/i18n/locales/ru.ts';
import uk from '../../web/i18n/locales/uk.ts';
import { FEEDS_STRINGS } from '../../web/panels/get-this-every-week.i18n.ts';
import leafletEn from '../../web/leaflet/locales/en.ts';
import leafletFr from '../../web/leaflet/locales/fr.ts';
import leafletHe from '../../web/leaflet/locales/he.ts';
import leafletPl from '../../web/leaflet/locales/pl.ts';
import leafletRu from '../../web/leaflet/locales/ru.ts';
import leafletUk from '../../web/leaflet/locales/uk.ts';
import reachEn from '../../web/admin/participation/locales/en.ts';
import reachFr from '../../web/admin/participation/locales/fr.ts';
import reachHe from '../../web/admin/participation/locales/he.ts';
import reachPl from '../../web/admin/participation/locales/pl.ts';
import reachRu from '../../web/admin/participation/locales/ru.ts';
import reachUk from '../../web/admin/participation/locales/uk.ts';
import plannerEn from '../../web/planner/locales/en.ts';
import plannerFr from '../../web/planner/locales/fr.ts';
import plannerHe from '../../web/planner/locales/he.ts';
import plannerPl from '../../web/planner/locales/pl.ts';
import plannerRu from '../../web/planner/locales/ru.ts';
import plannerUk from '../../web/planner/locales/uk.ts';
import participateEn from '../../web/participate/locales/en.ts';
import participateFr from '../../web/participate/locales/fr.ts';
import participateHe from '../../web/participate/locales/he.ts';
import participatePl from '../../web/participate/locales/pl.ts';
import participateRu from '../../web/participate/locales/ru.ts';
import participateUk from '../../web/participate/locales/uk.ts';
import subscribeEn from '../../web/subscribe/locales/en.ts';
import layoutEn from '../../web/layout/locales/en.ts';
import layoutFr from '../../web/layout/locales/fr.ts';
import layoutHe from '../../web/layout/locales/he.ts';
import layoutPl from '../../web/layout/locales/pl.ts';
import layoutRu from '../../web/layout/locales/ru.ts';
import layoutUk from '../../web/layout/locales/uk.ts';
import surveysEn from '../../web/admin/surveys/locales/en.ts';
import surveysFr from '../../web/admin/surveys/locales/fr.ts';
import surveysHe from '../../web/admin/surveys/locales/he.ts';
import surveysPl from '../../web/admin/surveys/locales/pl.ts';
import surveysRu from '../../web/admin/surveys/locales/ru.ts';
import surveysUk from '../../web/admin/surveys/locales/uk.ts';
import subscribeFr from '../../web/subscribe/locales/fr.ts';
import subscribeHe from '../../web/subscribe/locales/he.ts';
import subscribePl from '../../web/subscribe/locales/pl.ts';
import subscribeRu from '../../web/subscribe/locales/ru.ts';
import subscribeUk from '../../web/subscribe/locales/uk.ts';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null
      ? keys(v, `${prefix}${k}.`)
      : [`${prefix}${k.replace(/_(zero|one|two|few|many|other)$/, '')}`],
  );
}

function flat(o: object, p = ''): [string, string][] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null
      ? flat(v, `${p}${k}.`)
      : [[`${p}${k}`, String(v)] as [string, string]],
  );
}

const NAMESPACES = {
  interface: { en, others: { fr, he, pl, uk, ru } },
  planner: {
    en: plannerEn,
    others: { fr: plannerFr, he: plannerHe, pl: plannerPl, uk: plannerUk, ru: plannerRu },
  },
  admin: {
    en: adminEn,
    others: { fr: adminFr, he: adminHe, pl: adminPl, uk: adminUk, ru: adminRu },
  },
  'admin-pages': {
    en: pagesEn,
    others: { fr: pagesFr, he: pagesHe, pl: pagesPl, uk: pagesUk, ru: pagesRu },
  },
  'admin-auth': {
    en: authEn,
    others: { fr: authFr, he: authHe, pl: authPl, uk: authUk, ru: authRu },
  },
  'admin-reach': {
    en: reachEn,
    others: { fr: reachFr, he: reachHe, pl: reachPl, uk: reachUk, ru: reachRu },
  },
  'admin-content': {
    en: contentEn,
    others: { fr: contentFr, he: contentHe, pl: contentPl, uk: contentUk, ru: contentRu },
  },
  feeds: { en: FEEDS_STRINGS.en, others: (({ en: _en, ...others }) => others)(FEEDS_STRINGS) },
  words: { en: WORDS_STRINGS.en, others: (({ en: _en, ...others }) => others)(WORDS_STRINGS) },
  leaflet: {
    en: leafletEn,
    others: { fr: leafletFr, he: leafletHe, pl: leafletPl, uk: leafletUk, ru: leafletRu },
  },
  emergency: {
    en: emergencyEn,
    others: { fr: emergencyFr, he: emergencyHe, pl: emergencyPl, uk: emergencyUk, ru: emergencyRu },
  },
  'admin-surveys': {
    en: surveysEn,
    others: { fr: surveysFr, he: surveysHe, pl: surveysPl, uk: surveysUk, ru: surveysRu },
  },
  connectors: {
    en: connectorsEn,
    others: { fr: connectorsFr, he: connectorsHe, pl: connectorsPl, uk: connectorsUk, ru: connectorsRu },
  },
  calls: {
    en: callsEn,
    others: { fr: callsFr, he: callsHe, pl: callsPl, uk: callsUk, ru: callsRu },
  },
  participate: {
    en: participateEn,
    others: { fr: participateFr, he: participateHe, pl: participatePl, uk: participateUk, ru: participateRu },
  },
  subscribe: {
    en: subscribeEn,
    others: { fr: subscribeFr, he: subscribeHe, pl: subscribePl, uk: subscribeUk, ru: subscribeRu },
  },
  layout: {
    en: layoutEn,
    others: { fr: layoutFr, he: layoutHe, pl: layoutPl, uk: layoutUk, ru: layoutRu },
  },
};

describe.each(Object.entries(NAMESPACES))('%s translations', (_ns, { en, others }) => {
  const reference = new Set(keys(en));
  it.each(Object.entries(others))('%s has every English string and no stray ones', (_lang, t) => {
    const have = new Set(keys(t));
    expect([...reference].filter((k) => !have.has(k))).toEqual([]);
    expect([...have].filter((k) => !reference.has(k))).toEqual([]);
  });
  it.each(Object.entries(others))('%s keeps the placeholders', (_lang, t) => {
    const enMap = new Map(flat(en).map(([k, v]) => [k.replace(/_(one|other)$/, ''), v]));
    for (const [k, v] of flat(t)) {
      const ref = enMap.get(k.replace(/_(zero|one|two|few|many|other)$/, ''));
      if (!ref) continue;
      const vars = (s: string) =>
        [...s.matchAll(/\{\{(\w+)\}\}/g)]
          .map((m) => m[1])
          .filter((x) => x !== 'count')
          .sort();
      expect(vars(v), k).toEqual(vars(ref));
    }
  });
  it.each(Object.entries(others))('%s is a translation, not a copy of English', (_lang, t) => {
    const enMap = new Map(flat(en));
    const all = flat(t);
    // names, units and formulas may stay as they are; the prose may not
    const same = all.filter(
      ([k, v]) => enMap.get(k) === v && /[a-z]{4,}/.test(v.replace(/\{\{\w+\}\}/g, '')) && !/=|·/.test(v),
    );
    expect(same.length / all.length, same.map(([k]) => k).join(', ')).toBeLessThan(0.1);
  });
});

// A language's name comes in as a bare word ("английский", "англійська", "angielski"): after
// "на языке", "мовою" or "w języku" it would need another case, so it may only stand where its
// bare form reads naturally (after a colon, in brackets, after a dash).
describe.each(['ru', 'uk', 'pl'] as const)('%s: language names read naturally', (lang) => {
  it('no language name is declined by the sentence around it', () => {
    const bad: string[] = [];
    for (const [ns, { others }] of Object.entries(NAMESPACES)) {
      const t = (others as Record<string, object>)[lang];
      if (!t) continue;
      for (const [k, v] of flat(t))
        if (/(на языке|на мове|мовою|на мові|w języku|po) \{\{(lang|language|languages)\}\}/.test(v)) bad.push(`${ns}:${k}: ${v}`);
    }
    expect(bad).toEqual([]);
  });
});

// Residents see a respectful name for the areas a municipality designated for renewal; the
// administrative wording ("designated degraded zone" and its translations) stays in the planner.
it('the resident interface never calls a neighbourhood degraded, in any language', () => {
  const administrative = /degraded|dégradé|zdegradowan|занедбан|депрессивн|מוכרז/i;
  const bad = [en, fr, he, pl, uk, ru].flatMap((t) => flat(t).filter(([, v]) => administrative.test(v)));
  expect(bad).toEqual([]);
});
