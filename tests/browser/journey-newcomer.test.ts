/**
 * Journey (issue 14, item 7): a newcomer searches in Ukrainian, with a typo — on a 390 × 844 touch
 * phone and a 1 440 × 900 desktop, with the interface in English and in Hebrew. "бібліотка" (for
 * "бібліотека", library; a letter left out) finds the town's libraries: the hits shown are the
 * API's, a library among them, each saying what it is; tapping the first library opens its details
 * over the map. axe: no serious or critical violation. Screenshots in
 * tests/artifacts/journey-newcomer-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, seriousViolations, setGenerousWaits } from '../support/browser.ts';
import { type Harness, json, plain, shot, startHarness, visit, WAYS } from './journey-support.ts';

setGenerousWaits();

const QUERY = 'бібліотка';

interface Hit {
  id: string;
  type: string;
  kind: string;
  name: string;
}

describe.skipIf(!browserAvailable())('journey: a newcomer searches in Ukrainian with a typo', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  for (const [size, lang] of WAYS) {
    it(`${size}, ${lang}`, async () => {
      const name = (step: string) => `journey-newcomer-${size}-${lang}-${step}`;
      const hits = await json<Hit[]>(h, `/api/search?q=${encodeURIComponent(QUERY)}&limit=8&lang=${lang}`);
      const library = hits.find((x) => x.type === 'place' && x.kind === 'library');
      expect(library, JSON.stringify(hits)).toBeDefined();
      if (!library) return;

      const { page, ctx, refused } = await visit(h, size, lang, '/', true);
      await page.locator('#panel .list .feature-item').first().waitFor();
      const box = page.getByRole('searchbox');
      // typed as a person types, key by key, not pasted
      await box.pressSequentially(QUERY);
      const shown = page.locator('.search-hits li button');
      await expect.poll(() => shown.count()).toBe(hits.length);
      const names = (await shown.locator('.feature-name').allTextContents()).map(plain);
      expect(names).toEqual(hits.map((x) => plain(x.name)));
      // each hit says what it is: the library's kind in the interface's language
      const index = hits.indexOf(library);
      const meta = plain((await shown.nth(index).locator('.feature-meta').textContent()) ?? '');
      expect(meta).toMatch(lang === 'en' ? /^Library/ : /^ספרייה/);
      await shot(page, name('1-hits'));
      expect(await seriousViolations(page)).toEqual([]);

      await shown.nth(index).click();
      await expect
        .poll(async () => plain((await page.locator('#details-title').textContent()) ?? ''))
        .toBe(plain(library.name));
      await expect.poll(() => new URL(page.url()).searchParams.get('item')).toBe(`centres:${library.id}`);
      await shot(page, name('2-details'));
      expect(await seriousViolations(page)).toEqual([]);
      expect(refused).toEqual([]);
      await ctx.close();
    });
  }
});
