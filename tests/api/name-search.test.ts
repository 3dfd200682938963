/**
 * The name search (GET /api/search) answers from its indexes — each kind's best matches nearest
 * first — and its answer is the one of scoring every match (tests/support/name-search-oracle.ts)
 * up to which of several equal scores at the cut are taken, on both databases: for words with many more matches than asked for, typos, accents, other
 * scripts, and every limit from 1 up.
 */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { searchText } from '../../server/search/queries.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { nameSearchOracle } from '../support/name-search-oracle.ts';

describeEachDatabase('name search from its indexes', (ctx) => {
  let tenant: { id: number; lang: string };

  beforeAll(async () => {
    const { rows } = await sql<{ id: number; lang: string }>`
      SELECT id, default_locale AS lang FROM tenant WHERE slug = 'lindmere'`.execute(ctx.database.db);
    tenant = rows[0] as { id: number; lang: string };
  });

  const texts = ['garden', 'gardn', 'park', 'community', 'centre', 'walk', 'café', 'cafe', 'road', 'jardin', 'зустріч', 'e'];

  it('answers what scoring every match answers, at every limit (ties at the cut in index order)', async () => {
    const round = (x: number) => Math.round(Number(x) * 1000) / 1000;
    let compared = 0;
    let cut = 0;
    for (const text of texts) {
      for (const lang of ['en', 'fr', 'he']) {
        for (const limit of [1, 3, 10, 50]) {
          const q = { tenantId: tenant.id, text, lang, defaultLang: tenant.lang, limit };
          const label = `${text} ${lang} limit ${limit}`;
          const got = await searchText(ctx.database.db, q);
          const all = await nameSearchOracle(ctx.database.db, { ...q, limit: 100_000 });
          const want = all.slice(0, limit);
          // the same scores, best first
          expect(
            got.map((h) => h.score),
            label,
          ).toEqual(want.map((h) => round(h.score)));
          // each hit is a match, with its own name and score
          const byKey = new Map(all.map((h) => [`${h.type}:${h.id}`, h]));
          for (const h of got) {
            const o = byKey.get(`${h.type}:${h.id}`);
            expect(o, `${label}: ${h.type} ${h.id} is a match`).toBeDefined();
            expect([h.name, h.score], label).toEqual([o?.name, round(o?.score ?? -1)]);
          }
          expect(new Set(got.map((h) => `${h.type}:${h.id}`)).size, `${label}: no hit twice`).toBe(got.length);
          // above the score at the cut, exactly the same hits in the same order
          const last = want.at(-1)?.score;
          const above = (hs: { type: string; id: string; score: number }[]) =>
            hs.filter((h) => round(h.score) > round(last ?? -1)).map((h) => `${h.type}:${h.id}`);
          expect(above(got), label).toEqual(above(want));
          // and shown by score, then name, then id
          const shown = got.map((h) => [h.score, h.name, h.id] as const);
          const sorted = [...shown].sort(
            (a, b) => b[0] - a[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) || (a[2] < b[2] ? -1 : 1),
          );
          expect(shown.map((x) => x[0]), label).toEqual(sorted.map((x) => x[0]));
          compared++;
          if (all.length > limit) cut++;
        }
      }
    }
    expect(compared).toBe(texts.length * 3 * 4);
    // the comparison means something only where there were more matches than asked for
    expect(cut).toBeGreaterThan(20);
  });

  it('walks the GiST indexes nearest first on PostGIS and PGlite alike', async () => {
    const { rows } = await sql<{ indexname: string }>`
      SELECT indexname FROM pg_indexes WHERE indexname LIKE '%\\_knn' ORDER BY indexname`.execute(ctx.database.db);
    expect(rows.map((r) => r.indexname)).toEqual([
      'area_name_knn',
      'opportunity_title_knn',
      'place_address_knn',
      'place_name_knn',
    ]);
  });
});
