/**
 * Issue 14, item 6: the search finds categories and kinds of place by their words in every
 * language ("бібліотека", "їжа" found nothing), forgives a typo, another word ending and a Latin
 * letter typed for a Cyrillic one (the newcomer's journey), and two hits with the same name say
 * which is which (place, neighbourhood, next dates: a weekly and a monthly club at one library
 * share their next date, not the one after). On both databases.
 */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';

interface Hit {
  id: string;
  type: string;
  kind: string;
  name: string;
  detail: string | null;
  lon: number | null;
  lat: number | null;
  place: string | null;
  area: string | null;
  next: string | null;
  after: string | null;
}

describeEachDatabase('search by the words for categories and kinds of place', (ctx) => {
  let libraries: string[] = [];
  const search = async (q: string, lang = 'en', limit = 10) => {
    const { status, body } = await ctx.getJson<Hit[]>(
      `/api/search?q=${encodeURIComponent(q)}&lang=${lang}&limit=${limit}`,
    );
    expect(status, q).toBe(200);
    return body;
  };

  beforeAll(async () => {
    const { rows } = await sql<{ id: string }>`
      SELECT p.id::text AS id FROM place p JOIN tenant t ON t.id = p.tenant_id
      WHERE t.slug = 'lindmere' AND p.kind = 'library' AND p.status = 'published' ORDER BY p.id`.execute(
      ctx.database.db,
    );
    libraries = rows.map((r) => r.id);
    expect(libraries.length).toBeGreaterThan(1);
  });

  it('finds the libraries by the word for a library in every language, typos and endings forgiven', async () => {
    const typed: [string, string][] = [
      ['library', 'en'],
      ['libary', 'en'],
      ['bibliothèque', 'fr'],
      ['bibliotheque', 'fr'],
      ['ספרייה', 'he'],
      ['ספריה', 'he'],
      ['biblioteka', 'pl'],
      ['бібліотека', 'uk'],
      ['бібліотка', 'uk'], // a letter left out
      ['бiблiотека', 'uk'], // Latin i on a mixed keyboard
      ['бібліотеку', 'uk'], // another ending
      ['библиотека', 'ru'],
      ['бібліотека', 'en'], // a word of another language than the interface's
    ];
    for (const [q, lang] of typed) {
      const hits = await search(q, lang);
      const found = hits.filter((h) => h.type === 'place' && h.kind === 'library').map((h) => h.id);
      expect(found.sort(), `${q} (${lang})`).toEqual(libraries);
      for (const h of hits.filter((x) => x.kind === 'library')) {
        expect(typeof h.lon, q).toBe('number');
        expect(h.area, `${q}: ${h.name} says its neighbourhood`).toEqual(expect.any(String));
      }
    }
  });

  it('finds a category by its words ("їжа" → food support), named in the reader’s language', async () => {
    const cases: [string, string, string][] = [
      ['їжа', 'uk', 'Продовольча допомога'],
      ['їжу', 'uk', 'Продовольча допомога'],
      ['іжа', 'uk', 'Продовольча допомога'],
      ['еда', 'ru', 'Продовольственная помощь'],
      ['food', 'en', 'Food support'],
      ['food bank', 'fr', 'Aide alimentaire'],
      ['אוכל', 'he', 'סיוע במזון'],
      ['jedzenie', 'pl', 'Pomoc żywnościowa'],
      ['волонтерство', 'uk', 'Волонтерство'],
      ['волонтерсво', 'uk', 'Волонтерство'],
    ];
    for (const [q, lang, name] of cases) {
      const hits = await search(q, lang);
      const category = hits.find((h) => h.type === 'category');
      expect(category, `${q} (${lang})`).toMatchObject({ name, lon: null, lat: null });
      expect(category?.id).toMatch(/^[a-z-]+$/);
    }
    // a category is one hit, the first when the word is its own
    expect((await search('їжа', 'uk'))[0]).toMatchObject({ type: 'category', id: 'food-support' });
    // words that name nothing find no category
    expect((await search('Linden Heights')).some((h) => h.type === 'category')).toBe(false);
  });

  it('two hits with the same name say which is which', async () => {
    let groups = 0;
    for (const q of ['Book club', 'Tai chi in the park', 'Guided nature walk', 'Community garden work day']) {
      const hits = (await search(q, 'en', 20)).filter((h) => h.type === 'opportunity');
      const byName = new Map<string, Hit[]>();
      for (const h of hits) byName.set(h.name, [...(byName.get(h.name) ?? []), h]);
      for (const [name, same] of byName) {
        if (same.length < 2) continue;
        groups++;
        const told = same.map((h) => JSON.stringify([h.place, h.area, h.next, h.after]));
        expect(new Set(told).size, `${name}: ${told.join(' | ')}`).toBe(same.length);
        for (const h of same) {
          expect(h.place ?? h.area, `${name} has a place or a neighbourhood`).toEqual(expect.any(String));
          if (h.next) expect(h.next).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
        }
      }
    }
    expect(groups).toBeGreaterThan(1);
  });
});
