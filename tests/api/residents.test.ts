/**
 * The resident's API on both databases: search with time windows in the town's zone, counts per
 * filter value, "for you" first, add-to-calendar files, opening hours, and search by name with
 * typos and accents.
 */
import ICAL from 'ical.js';
import { expect, it } from 'vitest';
import { readView } from '../../web/state/filters.ts';
import { describeEachDatabase } from '../support/databases.ts';

interface Item {
  id: string;
  name: string;
  categories: string[];
  audiences: string[];
  languages: string[];
  free: boolean;
  next: { start: string; end: string } | null;
  for_you: boolean;
  distance_m: number | null;
}
interface Result {
  total: number;
  items: Item[];
  facets: {
    category: Record<string, number>;
    audience: Record<string, number>;
    language: Record<string, number>;
    free: number;
    wheelchair: number;
  };
}

const TZ = 'Europe/Amsterdam';
const weekday = (iso: string) =>
  new Intl.DateTimeFormat('en', { weekday: 'short', timeZone: TZ }).format(new Date(iso));
const hour = (iso: string) =>
  Number(
    new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: TZ }).format(
      new Date(iso),
    ),
  );

describeEachDatabase('resident search', (ctx) => {
  const get = async (qs: string) => (await ctx.getJson<Result>(`/api/opportunities?limit=500${qs}`)).body;

  it('lists what is coming, soonest first, hiding what is over', async () => {
    const all = await get('');
    expect(all.total).toBeGreaterThan(150);
    expect(all.total).toBeLessThan(180); // the demo's one-off events already past are hidden
    const starts = all.items.map((i) => Date.parse(i.next?.start ?? ''));
    expect(starts.every((s) => !Number.isNaN(s))).toBe(true);
    for (let i = 1; i < starts.length; i++) expect(starts[i]).toBeGreaterThanOrEqual(starts[i - 1] as number);
  });

  it('narrows to one neighbourhood with area=, and names an unknown or malformed one', async () => {
    const hoods = (await ctx.getJson<GeoJSON.FeatureCollection>('/api/layers/neighbourhoods')).body.features;
    const all = await get('');
    let seen = 0;
    for (const h of hoods) {
      const r = await get(`&area=${h.id}`);
      seen += r.total;
      expect(r.total).toBeLessThan(all.total);
      const ids = new Set(all.items.map((i) => i.id));
      for (const i of r.items) expect(ids.has(i.id)).toBe(true);
    }
    // neighbourhoods tile the town: every listed activity falls in at least one
    expect(seen).toBeGreaterThanOrEqual(all.total);
    const unknown = await ctx.getJson<{ error: { message: string } }>(
      '/api/opportunities?area=00000000-0000-4000-8000-000000000000',
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/No neighbourhood or zone/);
    const malformed = await ctx.getJson<{ error: { message: string } }>('/api/opportunities?area=lindmere-north');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/area must be/);
  });

  it("finds what happens this weekend, free, in Ukrainian — in the town's time zone", async () => {
    let r = await get('&when=weekend&free=true&language=uk');
    if (r.total === 0) {
      // late on a Sunday nothing of the weekend that is on may be left: only then may it be empty,
      // and the next weekend (asked by its dates) must have what the demo town schedules every week
      const today = new Date();
      expect(['Sat', 'Sun']).toContain(weekday(today.toISOString()));
      const day = (d: number) => new Date(today.getTime() + d * 86_400_000).toISOString().slice(0, 10);
      const toSaturday = weekday(today.toISOString()) === 'Sat' ? 7 : 6;
      r = await get(`&from=${day(toSaturday)}&to=${day(toSaturday + 1)}&free=true&language=uk`);
    }
    expect(r.total).toBeGreaterThan(0);
    for (const i of r.items) {
      expect(['Sat', 'Sun']).toContain(weekday(i.next?.start ?? ''));
      expect(i.free).toBe(true);
      expect(i.languages).toContain('uk');
    }
    const evenings = await get('&when=evenings');
    expect(evenings.total).toBeGreaterThan(0);
    for (const i of evenings.items) expect(hour(i.next?.start ?? '')).toBeGreaterThanOrEqual(17);
  });

  it('counts each filter value with the other filters applied', async () => {
    const base = await get('&when=week&audience=seniors');
    for (const [code, n] of Object.entries(base.facets.category).slice(0, 4)) {
      expect((await get(`&when=week&audience=seniors&category=${code}`)).total).toBe(n);
    }
    // the audience facet ignores the audience filter itself
    const seniorsCount = base.facets.audience.seniors;
    expect(seniorsCount).toBe(base.total);
    expect(Object.keys(base.facets.audience).length).toBeGreaterThan(1);
    expect((await get('&when=week&audience=seniors&free=true')).total).toBe(base.facets.free);
  });

  it('puts what is meant for the chosen audiences first', async () => {
    const r = await get('&prefer=new-parents');
    const firstOther = r.items.findIndex((i) => !i.for_you);
    expect(firstOther).toBeGreaterThan(0);
    expect(r.items.slice(firstOther).every((i) => !i.for_you)).toBe(true);
    expect(r.items.slice(0, firstOther).every((i) => i.audiences.includes('new-parents'))).toBe(true);
  });

  it('sorts by distance around a point within a radius', async () => {
    const r = await get('&lon=3.5&lat=54.5&radius_m=1200&sort=distance');
    expect(r.total).toBeGreaterThan(0);
    const d = r.items.map((i) => i.distance_m as number);
    expect(d.every((x) => x <= 1200)).toBe(true);
    for (let i = 1; i < d.length; i++) expect(d[i]).toBeGreaterThanOrEqual(d[i - 1] as number);
  });

  it('refuses bad filters with a message naming them', async () => {
    for (const [qs, msg] of [
      ['when=someday', /when must be one of/],
      ['from=2026-12-10&to=2026-12-01', /from must not be after to/],
      ['from=2026-13-45', /from is not a valid date/],
      ['lon=3.5', /lon and lat go together/],
      ['free=perhaps', /free must be true or false/],
      ['category=casino', /category/],
    ] as const) {
      const res = await ctx.app.request(`/api/opportunities?${qs}`);
      expect(res.status, qs).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(msg);
    }
  });

  it('gives an iCalendar file of the series and of one occurrence, which parse back', async () => {
    const r = await get('&when=week');
    const item = r.items.find((i) => i.next) as Item;
    const series = await ctx.app.request(`/api/opportunities/${item.id}/calendar.ics`);
    expect(series.status).toBe(200);
    expect(series.headers.get('content-type')).toMatch(/text\/calendar/);
    const cal = new ICAL.Component(ICAL.parse(await series.text()) as unknown[]);
    const ev = cal.getFirstSubcomponent('vevent');
    expect(ev?.getFirstPropertyValue('summary')).toBe(item.name);
    expect(ev?.getFirstProperty('dtstart')?.getParameter('tzid')).toBe(TZ);
    expect(String(ev?.getFirstPropertyValue('rrule'))).toMatch(/FREQ=/);
    // the link in the file opens this activity in the web app (read as the app reads its URL),
    // in the language the file was asked in
    for (const lang of [null, 'uk'] as const) {
      const file = await ctx.app.request(`/api/opportunities/${item.id}/calendar.ics${lang ? `?lang=${lang}` : ''}`);
      const vevent = new ICAL.Component(ICAL.parse(await file.text()) as unknown[]).getFirstSubcomponent('vevent');
      const link = new URL(String(vevent?.getFirstPropertyValue('url')));
      expect(link.pathname).toBe('/');
      expect(readView(link.search).item).toEqual({ layer: 'programs', id: item.id });
      expect(link.searchParams.get('lang')).toBe(lang);
    }

    const one = await ctx.app.request(
      `/api/opportunities/${item.id}/calendar.ics?occurrence=${encodeURIComponent(item.next?.start ?? '')}`,
    );
    expect(one.status).toBe(200);
    const ev1 = new ICAL.Component(ICAL.parse(await one.text()) as unknown[]).getFirstSubcomponent('vevent');
    if (!ev1) throw new Error('no VEVENT in the occurrence file');
    expect((ev1.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().getTime()).toBe(
      Date.parse(item.next?.start ?? ''),
    );
    expect(ev1.getFirstPropertyValue('rrule')).toBeNull();
    // a time at which nothing starts: 404; a date out of reach (years ago): 400
    const noStart = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const wrong = await ctx.app.request(
      `/api/opportunities/${item.id}/calendar.ics?occurrence=${noStart}T03:17:31Z`,
    );
    expect(wrong.status).toBe(404);
    const old = await ctx.app.request(
      `/api/opportunities/${item.id}/calendar.ics?occurrence=2020-01-01T00:00:00Z`,
    );
    expect(old.status).toBe(400);
  });

  it('tells whether a place is open now and when that changes', async () => {
    const centres = (await ctx.getJson<GeoJSON.FeatureCollection>('/api/layers/centres')).body.features;
    const { body } = await ctx.getJson<{
      opening_hours: string;
      opening: { open_now: boolean | null; next_change: string | null };
    }>(`/api/places/${centres[0]?.id}`);
    expect(body.opening_hours).toBeTruthy();
    expect(typeof body.opening.open_now).toBe('boolean');
    expect(Date.parse(body.opening.next_change ?? '')).toBeGreaterThan(Date.now());
  });

  it('finds places, neighbourhoods and streets by name despite typos and accents', async () => {
    const typo = (await ctx.getJson<{ name: string; type: string }[]>('/api/search?q=Linden%20Heigths')).body;
    expect(typo[0]).toMatchObject({ name: 'Linden Heights', type: 'neighbourhood' });
    const accent = (await ctx.getJson<{ name: string }[]>('/api/search?q=K%C3%A9strel')).body;
    expect(accent.some((h) => h.name.startsWith('Kestrel'))).toBe(true);
    const res = await ctx.app.request('/api/search?q=a');
    expect(res.status).toBe(400);
  });
});
