/**
 * Journey (issue 14, item 7): a senior finds something social this week and adds it to her
 * calendar — on a 390 × 844 touch phone and a 1 440 × 900 desktop, in English and Hebrew. First
 * visit: "who is this for?" → seniors; the filters: this week, meeting people; the list is the
 * API's list for them; the first activity's details; "add all dates to my calendar" downloads a
 * calendar file that parses back with its name. axe: no serious or critical violation. Screenshots
 * of each step in tests/artifacts/journey-senior-*.png.
 */
import fs from 'node:fs';
import ICAL from 'ical.js';
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
  items: { id: string; name: string; audiences: string[] }[];
}

describe.skipIf(!browserAvailable())(
  'journey: a senior finds something social this week and adds it to her calendar',
  () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness();
    });
    afterAll(async () => {
      await h?.close();
    });

    for (const [size, lang] of WAYS) {
      it(`${size}, ${lang}`, async () => {
        const w = WORDS[lang];
        const name = (step: string) => `journey-senior-${size}-${lang}-${step}`;
        const { page, ctx, refused } = await visit(h, size, lang);
        // the first visit asks who it is for
        const dialog = page.getByRole('dialog');
        await dialog.getByRole('checkbox', { name: w.seniors, exact: true }).check();
        await shot(page, name('1-who'));
        await dialog.getByRole('button', { name: w.showMe, exact: true }).click();
        await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
        await page.locator('#panel .list .feature-item').first().waitFor();

        // this week, meeting people
        await openFilters(page, size, lang);
        await tapChip(page, 'radio', w.week);
        await tapChip(page, 'checkbox', w.social);
        await expect.poll(() => new URL(page.url()).searchParams.get('cat')).toBe('social');
        expect(new URL(page.url()).searchParams.get('when')).toBe('week');
        const week = await json<List>(
          h,
          `/api/opportunities?when=week&category=social&limit=500&lang=${lang}`,
        );
        expect(week.total).toBeGreaterThan(0);
        await shot(page, name('2-filters'));
        await showResults(page, size, lang, week.total);
        await expect.poll(() => listed(page, lang)).toEqual(week.items.map((i) => plain(i.name)).sort());
        await expect
          .poll(() => page.locator('.count[role="status"]').textContent())
          .toMatch(w.results(week.total));
        // what suits seniors comes first: the first listed is for seniors when any is
        const forSeniors = week.items.some((i) => i.audiences.includes('seniors'));
        const list = page.getByRole('region', { name: w.activities, exact: true });
        if (forSeniors)
          await expect.poll(() => list.locator('.feature-item').first().locator('.badge').count()).toBe(1);
        await shot(page, name('3-list'));

        // the first activity, and its dates into her calendar
        const first = list.locator('.feature-item').first();
        const title = plain((await first.locator('.feature-name').textContent()) ?? '');
        await first.click();
        await expect
          .poll(async () => plain((await page.locator('#details-title').textContent()) ?? ''))
          .toBe(title);
        const details = page.locator('.details');
        await details.locator('.dates li').first().waitFor();
        await shot(page, name('4-details'));
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          details.getByRole('link', { name: w.addSeries }).click(),
        ]);
        const ics = fs.readFileSync((await download.path()) as string, 'utf8');
        const event = new ICAL.Component(ICAL.parse(ics) as unknown[]).getFirstSubcomponent('vevent');
        expect(plain(String(event?.getFirstPropertyValue('summary') ?? ''))).toBe(title);
        expect(event?.getFirstPropertyValue('dtstart')).toBeTruthy();
        expect(await seriousViolations(page)).toEqual([]);
        expect(refused).toEqual([]);
        await ctx.close();
      });
    }
  },
);
