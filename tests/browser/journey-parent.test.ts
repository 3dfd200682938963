/**
 * Journey (issue 14, item 7): a parent filters free weekend-morning activities for a toddler — on
 * a 390 × 844 touch phone and a 1 440 × 900 desktop, in English and Hebrew. The filters: this
 * weekend (this week when nothing of the weekend is left at the hour the test runs), mornings,
 * age 2, free only; the URL keeps them; the list is exactly the API's list for them and every
 * activity in it says it is free; the same URL opened afresh shows the same list. axe: no serious
 * or critical violation. Screenshots in tests/artifacts/journey-parent-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, seriousViolations, setGenerousWaits } from '../support/browser.ts';
import {
  type Harness,
  json,
  listed,
  openFilters,
  plain,
  shot,
  showResults,
  startHarness,
  tapChip,
  visit,
  WAYS,
  WORDS,
} from './journey-support.ts';

setGenerousWaits();

interface List {
  total: number;
  items: { id: string; name: string; free: boolean }[];
}

describe.skipIf(!browserAvailable())(
  'journey: a parent filters free weekend-morning activities for a toddler',
  () => {
    let h: Harness;
    /** the weekend, or this week when the weekend has nothing left for a toddler in the morning */
    let when: { code: 'weekend' | 'week'; label: 'weekend' | 'week' };
    beforeAll(async () => {
      h = await startHarness();
      const left = await json<List>(
        h,
        '/api/opportunities?when=weekend&time_of_day=morning&age=2&free=true&limit=1',
      );
      when = left.total > 0 ? { code: 'weekend', label: 'weekend' } : { code: 'week', label: 'week' };
    });
    afterAll(async () => {
      await h?.close();
    });

    for (const [size, lang] of WAYS) {
      it(`${size}, ${lang}`, async () => {
        const w = WORDS[lang];
        const name = (step: string) => `journey-parent-${size}-${lang}-${step}`;
        const { page, ctx, refused } = await visit(h, size, lang, '/', true);
        await page.locator('#panel .list .feature-item').first().waitFor();

        await openFilters(page, size, lang);
        await tapChip(page, 'radio', w[when.label]);
        await tapChip(page, 'checkbox', w.morning);
        await page.getByRole('spinbutton', { name: w.age }).fill('2');
        await tapChip(page, 'checkbox', w.free);
        await expect
          .poll(() => Object.fromEntries(new URL(page.url()).searchParams))
          .toMatchObject({ when: when.code, tod: 'morning', age: '2', free: '1' });
        const api = await json<List>(
          h,
          `/api/opportunities?when=${when.code}&time_of_day=morning&age=2&free=true&limit=500&lang=${lang}`,
        );
        expect(api.total).toBeGreaterThan(0);
        expect(api.items.every((i) => i.free)).toBe(true);
        await shot(page, name('1-filters'));
        await showResults(page, size, lang, api.total);
        await expect.poll(() => listed(page, lang)).toEqual(api.items.map((i) => plain(i.name)).sort());
        await expect
          .poll(() => page.locator('.count[role="status"]').textContent())
          .toMatch(w.results(api.total));
        await shot(page, name('2-list'));
        expect(await seriousViolations(page)).toEqual([]);

        // the same view, opened afresh from its URL (shared, or bookmarked)
        const again = await ctx.newPage();
        await again.goto(page.url());
        await expect.poll(() => listed(again, lang)).toEqual(api.items.map((i) => plain(i.name)).sort());
        expect(refused).toEqual([]);
        await ctx.close();
      });
    }
  },
);
