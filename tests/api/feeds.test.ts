/**
 * The calendar and Atom feeds of a view, read by independent parsers (python's icalendar with
 * dateutil expanding the RRULEs, and feedparser): they list exactly what GET /api/opportunities
 * lists for the same filters and window, keep their UIDs across a re-import, raise SEQUENCE on a
 * change, and survive hostile text.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { atomOfView } from '../../server/feeds/atom.ts';
import type { FeedView } from '../../server/feeds/view.ts';
import { buildCalendar } from '../../server/opportunities/calendar.ts';
import { runImport } from '../../server/import/run.ts';
import { describeEachDatabase } from '../support/databases.ts';

const PARSERS = path.join(PROJECT_ROOT, 'tests', 'support', 'feed_parsers.py');
/** Debian's python, which the Debian packages python3-icalendar, -feedparser and -dateutil serve */
const PYTHON = '/usr/bin/python3';
const TZ = 'Europe/Amsterdam';

interface IcsEvent {
  uid: string;
  summary: string;
  url: string;
  sequence: number;
  tzid: string | null;
  last_modified: string | null;
  rrule: string | null;
  occurrences: string[];
}
interface Ics {
  name: string;
  timezone: string;
  refresh: string;
  zones: string[];
  events: IcsEvent[];
}
interface Atom {
  bozo: boolean;
  bozo_exception: string;
  title: string;
  lang: string;
  id: string;
  links: { rel: string; href: string; type: string }[];
  entries: { id: string; title: string; updated: string; link: string; summary: string; content: string }[];
}
interface Item {
  id: string;
  name: string;
  next: { start: string; end: string } | null;
}

const DAY = 86_400_000;
function readIcs(body: string, after: number, before: number): Ics {
  const out = execFileSync(
    PYTHON,
    [PARSERS, 'ics', new Date(after).toISOString(), new Date(before).toISOString()],
    { input: body },
  );
  return JSON.parse(out.toString()) as Ics;
}
const readAtom = (body: string) =>
  JSON.parse(execFileSync(PYTHON, [PARSERS, 'atom'], { input: body }).toString()) as Atom;
const idOf = (url: string) => /[?&]item=programs:([0-9a-f-]{36})/.exec(url)?.[1];
/** today in the town's zone, and DEFAULT_DAYS - 1 days later: the feeds' default window */
function defaultWindow(): string {
  const day = (t: number) => new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(new Date(t));
  return `&from=${day(Date.now())}&to=${day(Date.now() + 55 * DAY)}`;
}

/** lines of a calendar as RFC 5545 wants them: CRLF only, at most 75 octets each */
function expectWellFormed(body: string) {
  expect(body.endsWith('\r\n')).toBe(true);
  expect(body.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  for (const line of body.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
}

describe('the calendar writer, on hostile text', () => {
  it('folds at 75 octets without splitting a character, escapes TEXT and drops NUL and CR', () => {
    const title = `${'מרכז קהילתי לוותיקים, שיעור; ריקוד\\ '.repeat(8)}\u0000end\rline`;
    const body = buildCalendar(
      { name: `Lindmere — ${'השבוע'} — ותיקים`, timezone: TZ, refreshHours: 6 },
      [
        {
          event: {
            uid: 'x@commons-map',
            title,
            description: 'a\r\nb, c; d',
            location: 'Hall "A"',
            url: 'https://example.org/?item=programs:1',
            lon: 3.5,
            lat: 54.5,
            sequence: 3,
          },
          schedules: [
            {
              dtstart: '2026-10-20T10:00',
              duration_minutes: 60,
              rrule: 'FREQ=WEEKLY;BYDAY=TU',
              timezone: TZ,
            },
          ],
        },
      ],
      new Date('2026-12-01T00:00:00Z'),
    );
    expectWellFormed(body);
    const ics = readIcs(body, Date.parse('2026-12-01T00:00:00Z'), Date.parse('2026-12-31T00:00:00Z'));
    expect(ics.events).toHaveLength(1);
    expect(ics.events[0]?.summary).toBe(title.replace('\u0000', '').replace('\r', '\n'));
    expect(ics.zones).toEqual([TZ]);
    // 10:00 on Amsterdam's wall clock every Tuesday: 09:00 UTC in winter
    expect(ics.events[0]?.occurrences.slice(0, 2)).toEqual(['2026-12-01T09:00:00Z', '2026-12-08T09:00:00Z']);
    expect(ics.name).toBe('Lindmere — השבוע — ותיקים');
  });

  it('writes a zone that keeps the wall time across daylight saving time', () => {
    const body = buildCalendar({ name: 'x', timezone: TZ, refreshHours: 6 }, [
      {
        event: {
          uid: 'y@commons-map',
          title: 't',
          description: null,
          location: null,
          url: 'https://e.org/',
          lon: 0,
          lat: 0,
        },
        schedules: [
          { dtstart: '2026-03-24T10:00', duration_minutes: 30, rrule: 'FREQ=WEEKLY', timezone: TZ },
        ],
      },
    ]);
    const ics = readIcs(body, Date.parse('2026-03-24T00:00:00Z'), Date.parse('2026-04-01T00:00:00Z'));
    // the summer time of 29 March moves 10:00 from 09:00 UTC to 08:00 UTC
    expect(ics.events[0]?.occurrences).toEqual(['2026-03-24T09:00:00Z', '2026-03-31T08:00:00Z']);
  });
});

describe('the zone writer and the Atom writer, on other zones and hostile text', () => {
  it('keeps the wall time of a southern zone across its change of offset, and of a zone without one', () => {
    for (const [tz, dtstart, expected] of [
      // Sydney leaves daylight time on 5 April 2026: 10:00 is 23:00 UTC, then 00:00 UTC
      ['Australia/Sydney', '2026-03-30T10:00', ['2026-03-29T23:00:00Z', '2026-04-06T00:00:00Z']],
      ['Asia/Kolkata', '2026-03-30T10:00', ['2026-03-30T04:30:00Z', '2026-04-06T04:30:00Z']],
    ] as const) {
      const body = buildCalendar({ name: tz, timezone: tz, refreshHours: 6 }, [
        {
          event: {
            uid: 'z@commons-map',
            title: 't',
            description: null,
            location: null,
            url: 'https://e.org/',
            lon: 0,
            lat: 0,
          },
          schedules: [{ dtstart, duration_minutes: 30, rrule: 'FREQ=WEEKLY;COUNT=2', timezone: tz }],
        },
      ]);
      const ics = readIcs(body, Date.parse('2026-03-29T00:00:00Z'), Date.parse('2026-04-08T00:00:00Z'));
      expect(ics.events[0]?.occurrences, tz).toEqual(expected);
    }
  });

  it('escapes markup and drops what XML cannot hold in the Atom feed', () => {
    const hostile = 'Chess <script>alert(1)</script> & "draughts" \u0000\u0007 ליל שבת \ud800 end';
    const updated = new Date('2026-11-30T10:00:00Z');
    const view = {
      tenant: {
        id: 1,
        slug: 'lindmere',
        name: { en: 'Lindmere & <Co>' },
        locales: ['en'],
        defaultLocale: 'en',
        timezone: TZ,
        home: { center: [0, 0], zoom: 1 },
        bbox: null,
      },
      lang: 'he',
      name: `Lindmere — ${hostile}`,
      filters: {},
      window: null,
      total: 1,
      items: [
        {
          item: { id: '00000000-0000-4000-8000-000000000001', name: hostile },
          row: {
            id: '00000000-0000-4000-8000-000000000001',
            title: { en: hostile },
            description: {},
            categories: ['sport'],
            dtstart: '2026-10-06 10:00:00',
            duration_minutes: 60,
            rrule: 'FREQ=WEEKLY',
            timezone: TZ,
            schedules: [],
            place_name: 'Hall <b>',
            place_names: null,
            place_address: null,
            lon: 3.5,
            lat: 54.5,
            updated_at: updated,
          },
        },
      ],
    } as unknown as FeedView; // only the fields the writer reads
    const atom = readAtom(
      atomOfView(view, {
        self: 'https://map.example.org/api/feeds/atom.xml?a=1&b=2',
        app: 'https://map.example.org/',
        item: (id) => `https://map.example.org/?item=programs:${id}`,
        authority: 'map.example.org',
      }),
    );
    expect(atom.bozo, atom.bozo_exception).toBe(false);
    // the characters XML cannot hold, which the writer drops
    const dropped = new Set(['\u0000', '\u0007', '\ud800']);
    const clean = [...hostile].filter((ch) => !dropped.has(ch)).join('');
    expect(atom.entries[0]?.title).toBe(clean);
    expect(atom.title).toBe(`Lindmere — ${clean}`);
    expect(atom.lang).toBe('he');
    expect(atom.entries[0]?.content).toContain('Hall &lt;b&gt;');
    expect(atom.entries[0]?.content).not.toContain('<script>');
    expect(atom.links.find((l) => l.rel === 'self')?.href).toBe(
      'https://map.example.org/api/feeds/atom.xml?a=1&b=2',
    );
  });
});

describeEachDatabase('feeds of a view', (ctx) => {
  const list = async (qs: string) =>
    (await ctx.getJson<{ items: Item[] }>(`/api/opportunities?limit=500${qs}`)).body.items;
  const text = async (p: string) => {
    const res = await ctx.app.request(p);
    expect(res.status, `${p}: ${res.status}`).toBe(200);
    return res.text();
  };

  let hood = '';
  let point = '';
  beforeAll(async () => {
    const hoods = (await ctx.getJson<GeoJSON.FeatureCollection>('/api/layers/neighbourhoods')).body.features;
    hood = String(hoods[0]?.id);
    const first = (await list('&when=week'))[0] as Item & { lon: number; lat: number };
    point = `&lon=${first.lon}&lat=${first.lat}&radius_m=1500`;
  });

  const filterSets = () => ['', '&when=week', '&audience=seniors', `&area=${hood}`, `${point}&when=week`];

  it('lists in the calendar exactly what the list lists, each recurring program once with its dates', async () => {
    for (const f of filterSets()) {
      const window = /when=|from=|to=/.test(f) ? '' : defaultWindow();
      const items = await list(`${f}${window}`);
      expect(items.length, f).toBeGreaterThan(0);
      const body = await text(`/api/feeds/calendar.ics?tenant=lindmere${f}`);
      expectWellFormed(body);
      const ics = readIcs(body, Date.now() - DAY, Date.now() + 60 * DAY);
      const ids = new Set(ics.events.map((e) => idOf(e.url)));
      expect([...ids].sort(), f).toEqual(items.map((i) => i.id).sort());
      // UIDs are distinct, and several schedules of one item are several VEVENTs
      expect(new Set(ics.events.map((e) => e.uid)).size).toBe(ics.events.length);
      // every zone named has its VTIMEZONE
      for (const e of ics.events) if (e.tzid) expect(ics.zones).toContain(e.tzid);
      // the list's next date is among the dates python expands from the feed's rules
      for (const item of items) {
        const starts = ics.events.filter((e) => idOf(e.url) === item.id).flatMap((e) => e.occurrences);
        expect(starts, `${item.name} ${f}`).toContain(
          new Date(item.next?.start ?? '').toISOString().replace('.000', ''),
        );
      }
      expect(ics.name.startsWith('Lindmere')).toBe(true);
      expect(ics.timezone).toBe(TZ);
    }
  }, 120_000);

  it('names the view in the chosen language', async () => {
    const he = readIcs(
      await text('/api/feeds/calendar.ics?tenant=lindmere&when=week&audience=seniors&lang=he'),
      Date.now(),
      Date.now() + DAY,
    );
    expect(he.name).toMatch(/השבוע/);
    const en = readIcs(
      await text('/api/feeds/calendar.ics?tenant=lindmere&when=week&audience=seniors&lang=en'),
      Date.now(),
      Date.now() + DAY,
    );
    expect(en.name).toMatch(/^Lindmere.* — this week — Seniors$/);
  });

  it('lists in the Atom feed the same activities, newest or last changed first, with links into the app', async () => {
    for (const f of filterSets()) {
      const window = /when=|from=|to=/.test(f) ? '' : defaultWindow();
      const items = await list(`${f}${window}`);
      const atom = readAtom(await text(`/api/feeds/atom.xml?tenant=lindmere${f}&lang=fr`));
      expect(atom.bozo, atom.bozo_exception).toBe(false);
      expect(atom.lang).toBe('fr');
      expect(atom.entries.map((e) => idOf(e.link)).sort(), f).toEqual(items.map((i) => i.id).sort());
      const updated = atom.entries.map((e) => Date.parse(e.updated));
      for (let i = 1; i < updated.length; i++)
        expect(updated[i]).toBeLessThanOrEqual(updated[i - 1] as number);
      for (const e of atom.entries)
        expect(e.id).toMatch(/^tag:localhost,2024:lindmere\/programs\/[0-9a-f-]{36}$/);
      const self = atom.links.find((l) => l.rel === 'self');
      expect(self?.href).toMatch(/\/api\/feeds\/atom\.xml\?/);
    }
  }, 120_000);

  it('answers 304 to a client that has this version', async () => {
    const first = await ctx.app.request('/api/feeds/calendar.ics?tenant=lindmere&when=week');
    const etag = first.headers.get('etag') as string;
    expect(etag).toBeTruthy();
    expect(first.headers.get('last-modified')).toBeTruthy();
    const again = await ctx.app.request('/api/feeds/calendar.ics?tenant=lindmere&when=week', {
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
  });

  it('names a bad filter (400) and an unknown area (404), in JSON', async () => {
    for (const feed of ['calendar.ics', 'atom.xml']) {
      const bad = await ctx.getJson<{ error: { message: string } }>(`/api/feeds/${feed}?when=someday`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/when/);
      const radius = await ctx.getJson<{ error: { message: string } }>(`/api/feeds/${feed}?lon=3.5`);
      expect(radius.status).toBe(400);
      expect(radius.body.error.message).toMatch(/lon and lat/);
      const area = await ctx.getJson<{ error: { message: string } }>(
        `/api/feeds/${feed}?area=00000000-0000-4000-8000-000000000000`,
      );
      expect(area.status).toBe(404);
    }
    const doc = (await ctx.getJson<{ paths: Record<string, unknown> }>('/api/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/feeds/calendar.ics', '/feeds/atom.xml']),
    );
  });

  it('keeps UIDs across a re-import and raises SEQUENCE when an item changes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'feeds-'));
    const file = path.join(dir, 'club.ics');
    const longHebrew = 'חוג שחמט לוותיקים במרכז הקהילתי של השכונה, כל יום שלישי בבוקר; כולם מוזמנים';
    const ics = (summary: string) =>
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Commons Map tests//EN',
        'BEGIN:VEVENT',
        'UID:feedclub@club.example',
        'DTSTAMP:20261001T000000Z',
        'DTSTART;TZID=Europe/Amsterdam:20261006T100000',
        'DURATION:PT1H',
        'RRULE:FREQ=WEEKLY;BYDAY=TU,TH',
        'EXDATE;TZID=Europe/Amsterdam:20261013T100000',
        `SUMMARY:${summary}`,
        'GEO:54.5;3.5',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n');
    const feed = async () =>
      readIcs(
        await text('/api/feeds/calendar.ics?tenant=lindmere&q=feedclub'),
        Date.now(),
        Date.now() + 15 * DAY,
      );
    fs.writeFileSync(file, ics(`Feedclub ${longHebrew}`));
    const opts = { format: 'ical' as const, path: file, tenant: 'lindmere', source: 'feeds-test' };
    await runImport(ctx.database.db, opts);
    const first = await feed();
    expect(first.events).toHaveLength(1);
    const ev = first.events[0] as IcsEvent;
    expect(ev.summary).toBe(`Feedclub ${longHebrew}`);
    expect(ev.rrule).toMatch(/BYDAY=TU,TH/);
    expect(ev.occurrences.length).toBeGreaterThanOrEqual(4);

    fs.writeFileSync(file, ics('Feedclub, moved to the library'));
    // updated times are kept to the second: let the next second start before the change
    await new Promise<void>((resolve) => {
      const until = Math.floor(Date.now() / 1000) * 1000 + 1000;
      const wait = () => (Date.now() >= until ? resolve() : setImmediate(wait));
      wait();
    });
    await runImport(ctx.database.db, opts);
    const second = await feed();
    expect(second.events.map((e) => e.uid)).toEqual([ev.uid]);
    expect(second.events[0]?.summary).toBe('Feedclub, moved to the library');
    expect(second.events[0]?.sequence).toBeGreaterThan(ev.sequence);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});
