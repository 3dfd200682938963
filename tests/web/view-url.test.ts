/**
 * The view in the URL (web/state/filters.ts): a neighbourhood, audiences, a window and the
 * language survive a round trip; a leaflet's "and N more" link names the same view; the name a
 * shared list gets (web/panels/list-name.ts) in each of the six languages, names isolated.
 */
import { describe, expect, it } from 'vitest';
import { appViewQuery } from '../../server/feeds/view.ts';
import { FEEDS_STRINGS } from '../../web/panels/get-this-every-week.i18n.ts';
import { type ListT, listName } from '../../web/panels/list-name.ts';
import { weekOfAreaLink } from '../../web/state/feed-links.ts';
import { apiQuery, EMPTY_FILTERS, readView, writeView } from '../../web/state/filters.ts';

const AREA = '6f1c2a4e-0b8d-5c3e-9a7f-1d2e3f4a5b6c';
const ISO = (s: string) => `\u2068${s}\u2069`;

/** i18next's interpolation, for one language's strings */
const tOf =
  (lang: keyof typeof FEEDS_STRINGS): ListT =>
  (key, vars = {}) =>
    FEEDS_STRINGS[lang][key].replace(/\{\{(\w+)\}\}/g, (_m, k: string) => vars[k] ?? '');

describe('the view in the URL', () => {
  it('reads and writes the neighbourhood with the other filters, and the language', () => {
    const v = readView(`?lang=he&area=${AREA.toUpperCase()}&aud=seniors&when=week&free=1`);
    expect(v.filters).toEqual({
      ...EMPTY_FILTERS,
      area: AREA,
      audiences: ['seniors'],
      when: 'week',
      free: true,
    });
    expect(writeView(v, 'he')).toBe(`?lang=he&area=${AREA}&aud=seniors&when=week&free=1`);
    expect(readView(writeView(v, 'fr'))).toEqual(v);
    // the API is asked for the same neighbourhood
    expect(new URLSearchParams(apiQuery(v.filters, {})).get('area')).toBe(AREA);
  });

  it('reads the link an Atom feed of an area view gives into the app as the same view', () => {
    const q = appViewQuery({ area: AREA, audience: ['seniors'], when: 'week', lang: 'pl' } as Parameters<
      typeof appViewQuery
    >[0]);
    expect(readView(q).filters).toEqual({
      ...EMPTY_FILTERS,
      area: AREA,
      audiences: ['seniors'],
      when: 'week',
    });
    expect(new URLSearchParams(q).get('lang')).toBe('pl');
  });

  it('ignores an area that is not an id, rather than sending it to the API', () => {
    for (const bad of ['x', `${AREA}x`, "1' OR '1'='1", ''])
      expect(readView(`?area=${encodeURIComponent(bad)}`).filters.area).toBeNull();
  });

  it('builds the leaflet’s "and N more" link as the app’s view of that neighbourhood’s week', () => {
    const url = new URL(
      weekOfAreaLink('https://map.example.org', { area: AREA, audience: 'seniors', lang: 'uk' }),
    );
    expect(url.origin + url.pathname).toBe('https://map.example.org/');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      lang: 'uk',
      area: AREA,
      aud: 'seniors',
      when: 'week',
    });
    const v = readView(url.search);
    expect(v.filters).toEqual({ ...EMPTY_FILTERS, area: AREA, audiences: ['seniors'], when: 'week' });
    expect(
      new URL(
        weekOfAreaLink('https://map.example.org', { area: AREA, audience: null, lang: 'en' }),
      ).searchParams.has('aud'),
    ).toBe(false);
  });
});

describe('the name of a shared list', () => {
  const week = { ...EMPTY_FILTERS, audiences: ['seniors'], when: 'week' as const };
  it.each([
    ['en', `Activities for ${ISO('seniors')} in ${ISO('Kestrel Rise')} this week`],
    ['fr', `Activités pour ${ISO('aînés')} à ${ISO('Kestrel Rise')} cette semaine`],
    ['he', `פעילויות עבור ${ISO('גיל הזהב')} בשכונת ${ISO('Kestrel Rise')} השבוע`],
    ['pl', `Zajęcia (${ISO('seniorzy')}) w dzielnicy ${ISO('Kestrel Rise')} w tym tygodniu`],
    ['uk', `Заходи (${ISO('люди похилого віку')}) у районі ${ISO('Kestrel Rise')} цього тижня`],
    ['ru', `Занятия (${ISO('пожилые люди')}) в районе ${ISO('Kestrel Rise')} на этой неделе`],
  ] as const)('%s: "Activities for seniors in Kestrel Rise this week"', (lang, expected) => {
    expect(listName(week, { t: tOf(lang), lang, area: 'Kestrel Rise', near: null })).toBe(expected);
  });

  it('names categories, a point, and dates when the view has them', () => {
    const t = tOf('en');
    expect(listName(EMPTY_FILTERS, { t, lang: 'en', area: null, near: null })).toBe('Activities');
    expect(
      listName(
        { ...EMPTY_FILTERS, categories: ['gardening'], from: '2026-12-07', to: '2026-12-13' },
        { t, lang: 'en', area: null, near: { area: 'Saltmarsh' } },
      ),
    ).toBe(`Gardening near ${ISO('Saltmarsh')} from ${ISO('December 7')} to ${ISO('December 13')}`);
    expect(
      listName({ ...EMPTY_FILTERS, when: 'today' }, { t, lang: 'en', area: null, near: { area: null } }),
    ).toBe('Activities near a chosen place today');
  });
});
