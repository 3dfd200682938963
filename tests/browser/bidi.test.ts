/**
 * Right to left done right, read from the RENDERED page in Chromium (not from `dir="rtl"`): in
 * Hebrew, a time range shows its start at the left of its left-to-right run ("09:00–17:00", never
 * "17:00–09:00"), a distance stays "270 m" (not "m 270"), an address "370 Alder Road, Lindmere"
 * stays one left-to-right run (not "Alder Road, Lindmere 370"), a phone number and an age range
 * keep their order — in the details (at 390 × 844 on a touch phone), the lists, near me, search
 * results, a place's details, the kiosk and the printed leaflet. The map's controls and scale bar
 * sit on the mirrored sides in Hebrew.
 *
 * How the order is read: every character's box (Range.getClientRects) is taken, characters are
 * grouped into lines by their vertical centre and sorted by their horizontal centre, which gives
 * each line as the eye sees it from left to right. A value is read correctly when that visual
 * string contains the value exactly as it looks when shown on its own in its own direction (a
 * Latin or numeric value left to right, a Hebrew one right to left).
 */
import { booleanPointInPolygon } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/main.ts';
import { formatDistance, haversine } from '../../web/format.ts';
import {
  artifact,
  browserAvailable,
  launchBrowser,
  mapIdle,
  newTestContext,
  refuseOtherHosts,
  setGenerousWaits,
} from '../support/browser.ts';
import { openTestDatabase, RATE_LIMITS_OFF, type TestDatabase } from '../support/databases.ts';

setGenerousWaits();

const TOKEN = 'bidi-test-token';
const KIOSK = 'bidi-kiosk';
const CENTRE = 'kestrel-rise-community-centre';
/** the chosen point ("near me") of the tests: the demo town's centre */
const NEAR: [number, number] = [3.5, 54.5];
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
const DESKTOP = { viewport: { width: 1440, height: 900 } };
/** the share menu's own links (WhatsApp, e-mail…) instead of the system share sheet */
const NO_SHARE_API = 'delete Navigator.prototype.share; delete navigator.share;';

interface Detail {
  id: string;
  lon: number;
  lat: number;
  age_min: number | null;
  age_max: number | null;
  registration: { phone?: string };
  place: { id: string; name: string; address: string | null } | null;
}

/**
 * In the page: the lines of an element as the eye sees them, each read from left to right.
 * Bidi controls (zero width) and screen-reader-only text are left out; any white space is one space.
 */
const VISUAL_LINES = `function (el) {
  const chars = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement && n.parentElement.closest('.sr-only')) continue;
    const text = n.textContent || '';
    for (let i = 0; i < text.length; ) {
      const len = text.codePointAt(i) > 0xffff ? 2 : 1;
      const c = text.slice(i, i + len);
      if (!/[\\u2066-\\u2069\\u200e\\u200f\\u061c\\u202a-\\u202e]/u.test(c)) {
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + len);
        const box = Array.from(r.getClientRects()).find((q) => q.width > 0);
        if (box) chars.push({ c: /\\s/u.test(c) ? ' ' : c, x: box.left + box.width / 2, y: box.top + box.height / 2, h: box.height });
      }
      i += len;
    }
  }
  chars.sort((a, b) => a.y - b.y);
  const lines = [];
  for (const ch of chars) {
    const line = lines[lines.length - 1];
    if (line && Math.abs(line.y - ch.y) < Math.max(line.h, ch.h) / 2) line.chars.push(ch);
    else lines.push({ y: ch.y, h: ch.h, chars: [ch] });
  }
  return lines.map((l) => l.chars.sort((a, b) => a.x - b.x).map((q) => q.c).join('').replace(/ +/g, ' ').trim());
}`;

/** In the page: how a value looks on its own, in its own direction (first strong letter; none: left to right) */
const ALONE = `function (value) {
  const strong = value.match(/[A-Za-z\\u00c0-\\u024f\\u0400-\\u04ff\\u0590-\\u05ff\\u0600-\\u06ff]/u);
  const div = document.createElement('div');
  div.dir = strong && /[\\u0590-\\u06ff]/u.test(strong[0]) ? 'rtl' : 'ltr';
  div.style.cssText = 'position:fixed;top:0;left:0;white-space:nowrap;font:inherit;';
  div.textContent = value;
  document.body.appendChild(div);
  const lines = window.__visualLines(div);
  div.remove();
  return lines.join(' ');
}`;

/** a value's characters, bidi controls dropped, any white space one space */
const plain = (s: string) =>
  s
    .replace(/[\u2066-\u2069\u200e\u200f\u061c\u202a-\u202e]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();

/** defines the two page functions above on every page, before the app's scripts (and its CSP) */
const PAGE_HELPERS = `window.__visualLines = ${VISUAL_LINES}; window.__alone = ${ALONE};`;
type Helpers = { __visualLines: (el: Element) => string[]; __alone: (v: string) => string };

async function visualLines(target: Locator): Promise<string[]> {
  return target.evaluate((el) => (window as unknown as Helpers).__visualLines(el));
}

/** the value, as it looks on its own, is on one of the element's lines as rendered */
async function expectReads(target: Locator, value: string, what: string): Promise<void> {
  const page = target.page();
  const alone = await page.evaluate((v) => (window as unknown as Helpers).__alone(v), plain(value));
  const lines = await visualLines(target);
  expect(
    lines.some((l) => l.includes(alone)),
    `${what}: "${alone}" in the rendered lines ${JSON.stringify(lines)}`,
  ).toBe(true);
}

/** time ranges ("09:00–17:00", "9:00-21:00") in an element's text */
async function timeRanges(target: Locator): Promise<string[]> {
  const text = plain((await target.textContent()) ?? '');
  return text.match(/\d{1,2}[:.]\d{2}\s?[–-]\s?\d{1,2}[:.]\d{2}/gu) ?? [];
}

describe.skipIf(!browserAvailable())('right to left, read from the rendered page', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  /** an activity with an age range, a phone number and a place whose address starts with its number */
  let activity: Detail;
  const contexts: BrowserContext[] = [];
  const refused: string[][] = [];

  async function json<T>(path: string): Promise<T> {
    const res = await fetch(`${server.url}${path}`);
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  }

  async function open(
    path: string,
    options: typeof PHONE | typeof DESKTOP,
    init: string[] = [],
  ): Promise<Page> {
    const ctx = await newTestContext(browser, options);
    contexts.push(ctx);
    refused.push(await refuseOtherHosts(ctx, server.url));
    await ctx.addInitScript("localStorage.setItem('cm.audiences', '[]');");
    await ctx.addInitScript(PAGE_HELPERS);
    for (const script of init) await ctx.addInitScript(script);
    const page = await ctx.newPage();
    await page.goto(`${server.url}${path}`);
    return page;
  }

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    server = await startServer({
      config: { ...RATE_LIMITS_OFF, PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ADMIN_TOKEN: TOKEN },
      database,
      onProgress: () => {},
    });
    const put = await fetch(`${server.url}/api/admin/kiosks/${KIOSK}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ centre: CENTRE, default_language: 'he', idle_seconds: 600, printer: false }),
    });
    expect(put.status).toBe(200);
    // the demo town's homework club: ages 8–14, a phone number, at "531 Alder Road, Lindmere"
    const list = await json<{ items: { id: string; name: string }[] }>(
      '/api/opportunities?limit=300&lang=en',
    );
    const club = list.items.find((i) => i.name === 'Homework club');
    expect(club, 'the demo town’s homework club').toBeDefined();
    activity = await json<Detail>(`/api/opportunities/${club?.id}?lang=he`);
    expect(activity.age_min).not.toBeNull();
    expect(activity.registration.phone).toBeTruthy();
    expect(activity.place?.address).toMatch(/^\d+ /u);
    browser = await launchBrowser();
  });
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
    expect(refused.flat()).toEqual([]);
  });

  it('an activity’s details on a phone in Hebrew: dates, distance, address, ages, phone and the shared text keep their order', async () => {
    const page = await open(`/?lang=he&near=${NEAR.join(',')}&item=programs:${activity.id}`, PHONE, [
      NO_SHARE_API,
    ]);
    const details = page.locator('section.details');
    await details.locator('.dates li').first().waitFor();
    await details.locator('.walk').waitFor();
    await details.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact('bidi-details-he-390.png') });

    const ranges = await timeRanges(details.locator('.dates'));
    expect(ranges.length).toBeGreaterThan(0);
    for (const r of ranges) await expectReads(details.locator('.dates'), r, 'a time range');
    const distance = formatDistance(haversine(NEAR, [activity.lon, activity.lat]), 'he');
    await expectReads(details.locator('.walk'), distance, 'the distance');
    await expectReads(details, activity.place?.address ?? '', 'the address');
    await expectReads(details, `${activity.age_min}–${activity.age_max}`, 'the age range');
    await expectReads(details, activity.registration.phone ?? '', 'the phone number');

    // what is shared (here the e-mail's body) keeps its order in a Hebrew line too
    const href = (await details.locator('a[data-channel="email"]').getAttribute('href')) ?? '';
    const body = new URL(href).searchParams.get('body')?.split('\n')[0] ?? '';
    expect(body).toContain(activity.place?.name ?? '');
    await page.evaluate((text) => {
      const div = document.createElement('div');
      div.dir = 'rtl';
      div.className = 'shared-text';
      div.textContent = text;
      document.body.appendChild(div);
    }, body);
    const shared = page.locator('.shared-text');
    await expectReads(shared, activity.place?.name ?? '', 'the place’s name in the shared text');
    const sharedRanges = await timeRanges(shared);
    expect(sharedRanges.length).toBe(1);
    await expectReads(shared, sharedRanges[0] ?? '', 'the time range in the shared text');
  });

  it('lists, near me, search results and a place in Hebrew on a desktop; the map controls mirrored', async () => {
    const page = await open(`/?lang=he&near=${NEAR.join(',')}`, DESKTOP);
    await mapIdle(page);
    const distances = page.locator('.panel .feature-distance');
    await distances.first().waitFor();
    await page.screenshot({ path: artifact('bidi-lists-he-1440.png') });
    const n = Math.min(await distances.count(), 8);
    for (let i = 0; i < n; i++) {
      const d = distances.nth(i);
      await d.scrollIntoViewIfNeeded();
      await expectReads(
        d.locator('xpath=ancestor::button[1]'),
        (await d.textContent()) ?? '',
        'a distance in a list',
      );
    }

    // the map's controls on the mirrored sides: zoom at the left, the scale bar at the right
    const map = await page.locator('.maplibregl-map').boundingBox();
    const zoom = await page.locator('.maplibregl-ctrl-zoom-in').boundingBox();
    const scale = page.locator('.maplibregl-ctrl-scale');
    const scaleBox = await scale.boundingBox();
    if (!map || !zoom || !scaleBox) throw new Error('map, zoom or scale bar not drawn');
    const middle = map.x + map.width / 2;
    expect(zoom.x + zoom.width / 2).toBeLessThan(middle);
    expect(scaleBox.x + scaleBox.width / 2).toBeGreaterThan(middle);
    await expectReads(scale, (await scale.textContent()) ?? '', 'the scale bar');
    // the attribution at the bottom left, its "i" button beside its text, not over it
    const attribution = await page.locator('.maplibregl-ctrl-attrib').boundingBox();
    const info = await page.locator('.maplibregl-ctrl-attrib-button').boundingBox();
    const credit = await page.locator('.maplibregl-ctrl-attrib-inner').boundingBox();
    if (!attribution || !info || !credit) throw new Error('attribution not drawn');
    expect(attribution.x + attribution.width / 2).toBeLessThan(middle);
    expect(info.x + info.width <= credit.x || credit.x + credit.width <= info.x, 'the "i" button over the credit').toBe(true);

    // search by an address: the hits' addresses keep their order
    const address = activity.place?.address ?? '';
    await page.getByRole('searchbox').fill(address);
    // what was typed: an input's text has no boxes to measure, so it is laid out as the input
    // lays it out (its computed direction and unicode-bidi) and read from there
    const typed = await page.getByRole('searchbox').evaluate((input: HTMLInputElement) => {
      const style = getComputedStyle(input);
      const span = document.createElement('span');
      span.className = 'typed-copy';
      span.style.cssText = `display:inline-block;white-space:pre;direction:${style.direction};unicode-bidi:${style.unicodeBidi};font:${style.font}`;
      span.textContent = input.value;
      input.parentElement?.appendChild(span);
      return style.direction;
    });
    // the box takes the direction of what is typed into it (dir="auto"): in the Hebrew page, a
    // Latin address is laid out left to right, its caret and its number where they were typed
    expect(await page.getByRole('searchbox').getAttribute('dir')).toBe('auto');
    expect(typed).toBe('ltr');
    await expectReads(page.locator('.typed-copy'), address, 'the address typed into the search box');
    await page.locator('.typed-copy').evaluate((e) => e.remove());
    const hit = page.locator('.search-hits li button', { hasText: address }).first();
    await hit.waitFor();
    await page.screenshot({ path: artifact('bidi-search-he-1440.png') });
    expect(plain((await hit.locator('.feature-meta').textContent()) ?? '')).toContain(address);
    await expectReads(hit, address, 'an address in a search hit');

    // a place: its address, opening hours, phone
    await hit.click();
    const details = page.locator('section.details');
    await details.locator('dl.facts').waitFor();
    await page.screenshot({ path: artifact('bidi-place-he-1440.png') });
    const place = await json<{
      address: string | null;
      opening_hours: string | null;
      contact: { phone?: string };
    }>(`/api/places/${activity.place?.id}?lang=he`);
    if (place.address) await expectReads(details, place.address, 'the place’s address');
    const shown = plain((await details.textContent()) ?? '');
    if (place.contact.phone && shown.includes(place.contact.phone))
      await expectReads(details, place.contact.phone, 'the place’s phone');
    const code = details.locator('code');
    if (await code.count()) await expectReads(details, (await code.textContent()) ?? '', 'the opening hours');
    for (const r of await timeRanges(details))
      await expectReads(details, r, 'a time range of the opening hours');

    // the same map in English: controls on their usual sides
    const en = await open('/?lang=en', DESKTOP);
    await mapIdle(en);
    const enMap = await en.locator('.maplibregl-map').boundingBox();
    const enZoom = await en.locator('.maplibregl-ctrl-zoom-in').boundingBox();
    const enScale = await en.locator('.maplibregl-ctrl-scale').boundingBox();
    if (!enMap || !enZoom || !enScale) throw new Error('map, zoom or scale bar not drawn');
    expect(enZoom.x).toBeGreaterThan(enMap.x + enMap.width / 2);
    expect(enScale.x).toBeLessThan(enMap.x + enMap.width / 2);
  });

  it('the kiosk and the printed leaflet in Hebrew keep times, phone numbers and addresses in order', async () => {
    const page = await open(`/kiosk/${KIOSK}`, {
      viewport: { width: 1920, height: 1080 },
      hasTouch: true,
    } as typeof DESKTOP);
    await page.locator('.k-attract').click();
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    const items = page.locator('.k-item');
    await items.first().waitFor();
    // an activity with a phone number
    let found = false;
    for (let i = 0; i < Math.min(await items.count(), 12) && !found; i++) {
      await items.nth(i).click();
      const detail = page.locator('.k-detail');
      await detail.locator('dd li').first().waitFor();
      await page.waitForFunction(() => !document.querySelector('.k-detail h2')?.textContent?.includes('…'));
      const phone = detail.locator('.k-phone');
      if (await phone.count()) {
        found = true;
        await page.screenshot({ path: artifact('bidi-kiosk-he.png') });
        const number =
          plain((await phone.textContent()) ?? '')
            .split(': ')
            .at(-1) ?? '';
        await expectReads(detail, number, 'a phone number on the kiosk');
        for (const r of await timeRanges(detail.locator('dd ul')))
          await expectReads(detail.locator('dd ul'), r, 'a time range on the kiosk');
      }
      await page.locator('.k-close').click();
    }
    expect(found, 'the kiosk lists an activity with a phone number').toBe(true);

    // the leaflets of the neighbourhoods, the homework club's first, until one prints a phone number
    const hoods = await json<FeatureCollection<Polygon | MultiPolygon, { id: string }>>(
      '/api/layers/neighbourhoods?lang=he',
    );
    const inside = (f: Feature<Polygon | MultiPolygon>) =>
      booleanPointInPolygon([activity.lon, activity.lat], f);
    let printed: Page | null = null;
    for (const f of [...hoods.features].sort((x, y) => Number(inside(y)) - Number(inside(x)))) {
      const leaflet = await open(`/leaflet?area=${f.properties.id}&lang=he`, DESKTOP);
      await leaflet.locator('.leaflet[data-leaflet-ready="true"]').waitFor();
      if (await leaflet.locator('.leaflet-phone').count()) {
        printed = leaflet;
        break;
      }
    }
    if (!printed) throw new Error('no leaflet lists a phone number');
    await printed.screenshot({ path: artifact('bidi-leaflet-he.png') });
    const entry = printed.locator('.leaflet-entry', { has: printed.locator('.leaflet-phone') }).first();
    await expectReads(
      entry,
      (await entry.locator('.leaflet-phone').textContent()) ?? '',
      'a phone number on the leaflet',
    );
    for (const r of await timeRanges(entry.locator('.leaflet-when')))
      await expectReads(entry, r, 'a time range on the leaflet');
  });
});
