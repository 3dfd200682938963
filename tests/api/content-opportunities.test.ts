/**
 * The back office's opportunities API (docs/ADMIN.md, "Places and opportunities (API)"), on both
 * databases: create → a draft not public → publish → public with its next dates → edit (history
 * with previous values) → stale 409 → duplicate → archive; who may do what (editor A, editor B,
 * admin, moderator, anonymous); bad inputs answered 400 naming the field; and a property test:
 * the schedule preview's dates are the dates residents see once saved.
 */
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { type Answer, call, codeOf, contentPeople, messageOf, type People } from '../support/content.ts';

interface Rec {
  id: string;
  status: string;
  updated_at: string;
  title: Record<string, string>;
  next_dates: { start: string; end: string }[];
  missing_languages: string[];
  source: string;
  organisation: { id: string; name: string } | null;
  place: { id: string; name: string } | null;
  location: { lon: number; lat: number } | null;
  schedules: { dtstart: string; duration_minutes: number; rrule: string | null; exdates: string[] }[];
}
interface History {
  items: {
    action: string;
    summary: string;
    actor_label: string;
    changes: { field: string; previous: unknown; next: unknown }[];
  }[];
}

const YEAR = new Date().getUTCFullYear() + 1;

describeEachDatabase('back office: opportunities', (ctx) => {
  let p: People;
  let placeId: string;
  const A = '/api/admin/opportunities';
  const weekly = () => ({
    kind: 'group' as const,
    title: { en: 'Tuesday walking group', fr: 'Groupe de marche du mardi' },
    description: { en: 'A gentle walk round the lake.' },
    categories: ['sport', 'health-wellbeing'],
    audiences: ['seniors'],
    languages: ['en'],
    age_min: 60,
    age_max: null,
    cost: { free: true },
    registration: { required: false },
    organisation_id: p.orgA,
    place_id: placeId,
    location: null,
    schedules: [
      {
        dtstart: `${YEAR}-01-06T10:00`,
        duration_minutes: 120,
        rrule: `FREQ=WEEKLY;BYDAY=TU;UNTIL=${YEAR}0630T235959`,
        exdates: [`${YEAR}-04-14T10:00`],
      },
    ],
  });

  beforeAll(async () => {
    p = await contentPeople(ctx.database.db, ctx.app, 'opp');
    const place = await ctx.database.db
      .selectFrom('place')
      .select('id')
      .where('kind', '=', 'community_centre')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    placeId = place.id;
  });

  it('refuses the anonymous (401), a moderator (403) and a state change without the CSRF token', async () => {
    expect((await call(ctx.app, undefined, 'GET', A)).status).toBe(401);
    expect((await call(ctx.app, undefined, 'POST', A, weekly())).status).toBe(401);
    const mod = await call(ctx.app, p.moderator, 'GET', A);
    expect(mod.status).toBe(403);
    expect(codeOf(mod)).toBe('forbidden');
    expect((await call(ctx.app, p.moderator, 'POST', A, weekly())).status).toBe(403);
    const res = await ctx.app.request(A, {
      method: 'POST',
      headers: { cookie: p.editorA.cookie, 'content-type': 'application/json' },
      body: JSON.stringify(weekly()),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('csrf_failed');
  });

  it('keeps editors to their own organisation: 400 without one, 403 naming another', async () => {
    const none = await call(ctx.app, p.editorA, 'POST', A, { ...weekly(), organisation_id: null });
    expect(none.status).toBe(400);
    expect(messageOf(none)).toMatch(/organisation_id/);
    const other = await call(ctx.app, p.editorA, 'POST', A, { ...weekly(), organisation_id: p.orgB });
    expect(other.status).toBe(403);
    expect(messageOf(other)).toContain(p.orgB);
  });

  it('creates a draft, publishes it, edits it with a history, refuses a stale edit, duplicates and archives it', async () => {
    const created = await call<Rec>(ctx.app, p.editorA, 'POST', A, weekly());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const r = created.body;
    expect(r.status).toBe('draft');
    expect(r.source).toBe('admin');
    expect(r.organisation?.id).toBe(p.orgA);
    expect(r.place?.id).toBe(placeId);
    expect(r.location).toBeNull();
    expect(r.missing_languages).toEqual(['he', 'pl', 'uk', 'ru']);
    expect(r.schedules[0]?.exdates).toEqual([`${YEAR}-04-14T10:00`]);
    // every Tuesday at 10:00 local time from 6 January (a Tuesday in some years; the rule says TU)
    expect(r.next_dates).toHaveLength(5);
    for (const d of r.next_dates) {
      expect(d.start).toMatch(/T10:00:00[+-]\d\d:\d\d$/);
      expect(new Date(d.start).getUTCDay()).toBe(2);
    }

    // a draft is not public, but its preview is the public detail's JSON
    expect((await ctx.getJson(`/api/opportunities/${r.id}`)).status).toBe(404);
    const layer = await ctx.getJson<{ features: { id: string }[] }>('/api/layers/programs');
    expect(layer.body.features.map((f) => f.id)).not.toContain(r.id);
    const listed = async () =>
      (
        await ctx.getJson<{ items: { id: string }[] }>('/api/opportunities?q=walking%20group&limit=500')
      ).body.items.map((i) => i.id);
    expect(await listed()).not.toContain(r.id);
    const preview = await call<{ title: string; next_occurrences: unknown[]; place: { id: string } }>(
      ctx.app,
      p.editorA,
      'GET',
      `${A}/${r.id}/preview?lang=fr`,
    );
    expect(preview.status).toBe(200);
    expect(preview.body.title).toBe('Groupe de marche du mardi');
    expect(preview.body.next_occurrences).toEqual(r.next_dates);
    expect((await call(ctx.app, p.editorB, 'GET', `${A}/${r.id}/preview`)).status).toBe(404);

    // the lists: the editor's own, the admin's all; filters
    const listA = await call<{ items: { id: string; next_date: unknown }[]; total: number }>(
      ctx.app,
      p.editorA,
      'GET',
      `${A}?status=draft`,
    );
    expect(listA.body.items.map((i) => i.id)).toEqual([r.id]);
    expect(listA.body.total).toBe(1);
    expect(listA.body.items[0]?.next_date).toEqual(r.next_dates[0]);
    expect((await call<{ items: unknown[] }>(ctx.app, p.editorB, 'GET', A)).body.items).toEqual([]);
    const adminList = await call<{ items: { id: string }[]; total: number }>(
      ctx.app,
      p.admin,
      'GET',
      `${A}?q=walking%20GROUP&missing=he`,
    );
    expect(adminList.body.items.map((i) => i.id)).toContain(r.id);
    expect(
      (await call<{ total: number }>(ctx.app, p.admin, 'GET', `${A}?missing=fr&q=walking%20group`)).body
        .total,
    ).toBe(0);
    expect((await call<{ total: number }>(ctx.app, p.admin, 'GET', A)).body.total).toBeGreaterThan(10);

    // editor B and the other organisation's rows: not found
    expect((await call(ctx.app, p.editorB, 'GET', `${A}/${r.id}`)).status).toBe(404);
    expect(
      (
        await call(ctx.app, p.editorB, 'PATCH', `${A}/${r.id}`, {
          title: { en: 'Mine' },
          expected_updated_at: r.updated_at,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(ctx.app, p.editorB, 'POST', `${A}/${r.id}/status`, {
          status: 'archived',
          expected_updated_at: r.updated_at,
        })
      ).status,
    ).toBe(404);
    expect((await call(ctx.app, p.editorB, 'POST', `${A}/${r.id}/duplicate`)).status).toBe(404);
    expect((await call(ctx.app, p.editorB, 'GET', `${A}/${r.id}/history`)).status).toBe(404);
    expect((await call(ctx.app, p.admin, 'GET', `${A}/${r.id}`)).status).toBe(200);

    // publish: public with its next dates
    const published = await call<Rec>(ctx.app, p.editorA, 'POST', `${A}/${r.id}/status`, {
      status: 'published',
      expected_updated_at: r.updated_at,
    });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(published.body.status).toBe('published');
    const pub = await ctx.getJson<{ title: string; next_occurrences: unknown[] }>(
      `/api/opportunities/${r.id}?lang=en`,
    );
    expect(pub.status).toBe(200);
    expect(pub.body.title).toBe('Tuesday walking group');
    expect(pub.body.next_occurrences).toEqual(r.next_dates);
    const layer2 = await ctx.getJson<{ features: { id: string }[] }>('/api/layers/programs');
    expect(layer2.body.features.map((f) => f.id)).toContain(r.id);
    expect(await listed()).toContain(r.id);

    // edit: the title and the time; the history has the previous values
    const edited = await call<Rec>(ctx.app, p.editorA, 'PATCH', `${A}/${r.id}`, {
      title: { en: 'Tuesday lake walk', fr: 'Marche du mardi' },
      schedules: [{ ...weekly().schedules[0], dtstart: `${YEAR}-01-06T11:00`, exdates: [] }],
      expected_updated_at: published.body.updated_at,
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.next_dates[0]?.start).toMatch(/T11:00:00/);
    const pub2 = await ctx.getJson<{ title: string; next_occurrences: { start: string }[] }>(
      `/api/opportunities/${r.id}`,
    );
    expect(pub2.body.title).toBe('Tuesday lake walk');
    expect(pub2.body.next_occurrences).toEqual(edited.body.next_dates);
    // the stored occurrences were re-expanded in the same transaction (what's on reads them)
    const stored = await ctx.database.db
      .selectFrom('occurrence')
      .select('starts_at')
      .where('opportunity_id', '=', r.id)
      .orderBy('starts_at')
      .execute();
    expect(stored.length).toBeGreaterThan(0);
    expect(new Date(stored[0]?.starts_at as Date).toISOString()).toBe(
      new Date(edited.body.next_dates[0]?.start as string).toISOString(),
    );

    const history = await call<History>(ctx.app, p.editorA, 'GET', `${A}/${r.id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.items.map((i) => i.action)).toEqual([
      'opportunity.update',
      'opportunity.status',
      'opportunity.create',
    ]);
    const update = history.body.items[0];
    expect(update?.actor_label).toBe('opp-a@partner.example');
    expect(update?.changes.map((c) => c.field)).toEqual(['schedules', 'title']);
    expect(update?.changes.find((c) => c.field === 'title')).toEqual({
      field: 'title',
      previous: { en: 'Tuesday walking group', fr: 'Groupe de marche du mardi' },
      next: { en: 'Tuesday lake walk', fr: 'Marche du mardi' },
    });
    expect(history.body.items[1]?.changes).toEqual([
      { field: 'status', previous: 'draft', next: 'published' },
    ]);

    // a stale edit: 409, nothing written
    const stale = await call(ctx.app, p.editorA, 'PATCH', `${A}/${r.id}`, {
      title: { en: 'Lost update' },
      expected_updated_at: published.body.updated_at,
    });
    expect(stale.status).toBe(409);
    expect(codeOf(stale)).toBe('stale');
    expect((await ctx.getJson<{ title: string }>(`/api/opportunities/${r.id}`)).body.title).toBe(
      'Tuesday lake walk',
    );

    // duplicate: a new draft with the same content
    const copy = await call<Rec>(ctx.app, p.editorA, 'POST', `${A}/${r.id}/duplicate`);
    expect(copy.status).toBe(201);
    expect(copy.body.id).not.toBe(r.id);
    expect(copy.body.status).toBe('draft');
    expect(copy.body.title).toEqual(edited.body.title);
    expect(copy.body.next_dates).toEqual(edited.body.next_dates);
    expect((await ctx.getJson(`/api/opportunities/${copy.body.id}`)).status).toBe(404);

    // archive: gone from the public API, kept in the back office
    const archived = await call<Rec>(ctx.app, p.admin, 'POST', `${A}/${r.id}/status`, {
      status: 'archived',
      expected_updated_at: edited.body.updated_at,
    });
    expect(archived.status).toBe(200);
    expect((await ctx.getJson(`/api/opportunities/${r.id}`)).status).toBe(404);
    const layer3 = await ctx.getJson<{ features: { id: string }[] }>('/api/layers/programs');
    expect(layer3.body.features.map((f) => f.id)).not.toContain(r.id);
    expect(await listed()).not.toContain(r.id);
    expect((await call<Rec>(ctx.app, p.editorA, 'GET', `${A}/${r.id}`)).body.status).toBe('archived');
    const actions = await ctx.database.db
      .selectFrom('audit_entry')
      .select(['action', 'actor_label'])
      .where('entity_id', 'in', [r.id, copy.body.id])
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'opportunity.create',
      'opportunity.status',
      'opportunity.update',
      'opportunity.duplicate',
      'opportunity.status',
    ]);
  });

  it('refuses to publish without a place or a point: 409 not_publishable naming it', async () => {
    const created = await call<Rec>(ctx.app, p.admin, 'POST', A, {
      kind: 'event',
      title: { en: 'Somewhere, some day' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const refused = await call(ctx.app, p.admin, 'POST', `${A}/${created.body.id}/status`, {
      status: 'published',
      expected_updated_at: created.body.updated_at,
    });
    expect(refused.status).toBe(409);
    expect(codeOf(refused)).toBe('not_publishable');
    expect(messageOf(refused)).toMatch(/location/);
    expect(
      (refused.body as { error: { details: { missing: { field: string }[] } } }).error.details.missing.map(
        (m) => m.field,
      ),
    ).toEqual(['location']);
    const located = await call<Rec>(ctx.app, p.admin, 'PATCH', `${A}/${created.body.id}`, {
      location: { lon: 3.5, lat: 54.5 },
      expected_updated_at: created.body.updated_at,
    });
    expect(located.status).toBe(200);
    expect(located.body.location).toEqual({ lon: 3.5, lat: 54.5 });
    const ok = await call<Rec>(ctx.app, p.admin, 'POST', `${A}/${created.body.id}/status`, {
      status: 'published',
      expected_updated_at: located.body.updated_at,
    });
    expect(ok.status).toBe(200);
    const pub = await ctx.getJson<{ lon: number; lat: number; next_occurrences: unknown[] }>(
      `/api/opportunities/${created.body.id}`,
    );
    expect([pub.body.lon, pub.body.lat]).toEqual([3.5, 54.5]);
  });

  it('answers bad input with 400 naming the field, and writes nothing', async () => {
    const before = await ctx.database.db
      .selectFrom('opportunity')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const s0 = () => weekly().schedules[0] as Record<string, unknown>;
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['bad RRULE', { schedules: [{ ...s0(), rrule: 'FREQ=WEEKLY;BYDAY=XX' }] }, /schedules\.0\.rrule/],
      [
        'RRULE without FREQ',
        { schedules: [{ ...s0(), rrule: 'BYDAY=TU' }] },
        /schedules\.0\.rrule: needs FREQ/,
      ],
      ['hourly RRULE', { schedules: [{ ...s0(), rrule: 'FREQ=HOURLY' }] }, /schedules\.0\.rrule/],
      [
        'COUNT too large',
        { schedules: [{ ...s0(), rrule: 'FREQ=DAILY;COUNT=100000', exdates: [] }] },
        /schedules\.0\.rrule/,
      ],
      ['unknown category', { categories: ['sport', 'knitting'] }, /categories\.1/],
      ['unknown audience', { audiences: ['martians'] }, /audiences\.0/],
      ['title missing', { title: undefined }, /^title/],
      ['empty title', { title: { en: '  ' } }, /^title/],
      ['lon 200', { place_id: null, location: { lon: 200, lat: 50 } }, /location\.lon/],
      ['lat -91', { place_id: null, location: { lon: 3, lat: -91 } }, /location\.lat/],
      [
        'exdate at another time',
        { schedules: [{ ...s0(), exdates: [`${YEAR}-04-14T11:00`] }] },
        /schedules\.0\.exdates\.0/,
      ],
      [
        'a date that does not exist',
        { schedules: [{ ...s0(), dtstart: `${YEAR}-02-30T10:00` }] },
        /schedules\.0\.dtstart/,
      ],
      ['language not ISO 639-1', { languages: ['english'] }, /languages\.0/],
      ['ages the wrong way round', { age_min: 70, age_max: 10 }, /age_max/],
      ['unknown place', { place_id: '00000000-0000-4000-8000-000000000000' }, /place_id/],
      ['bad kind', { kind: 'party' }, /^kind/],
      [
        'bad registration url',
        { registration: { required: true, url: 'javascript:alert(1)' } },
        /registration\.url/,
      ],
    ];
    for (const [name, change, field] of cases) {
      const res = await call(ctx.app, p.editorA, 'POST', A, { ...weekly(), ...change });
      expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(messageOf(res), name).toMatch(field);
    }
    // hostile shapes: control characters, a body that is not an object, not JSON at all, a bad version stamp
    const nul = await call(ctx.app, p.editorA, 'POST', A, { ...weekly(), title: { en: 'Walk\u0000ing' } });
    expect(nul.status).toBe(400);
    expect(messageOf(nul)).toMatch(/^title\.en/);
    expect((await call(ctx.app, p.editorA, 'POST', A, [])).status).toBe(400);
    expect((await call(ctx.app, p.editorA, 'POST', A, { ...weekly(), location: 'here' })).status).toBe(400);
    const notJson = await ctx.app.request(A, {
      method: 'POST',
      headers: p.editorA.write,
      body: '{"kind": "event", ',
    });
    expect(notJson.status).toBe(400);
    const anyRow = await ctx.database.db
      .selectFrom('opportunity')
      .select('id')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const badStamp = await call(ctx.app, p.admin, 'PATCH', `${A}/${anyRow.id}`, {
      title: { en: 'x' },
      expected_updated_at: 'yesterday',
    });
    expect(badStamp.status).toBe(400);
    expect(messageOf(badStamp)).toMatch(/expected_updated_at/);
    const noStamp = await call(ctx.app, p.admin, 'PATCH', `${A}/${anyRow.id}`, { title: { en: 'x' } });
    expect(noStamp.status).toBe(400);
    expect(messageOf(noStamp)).toMatch(/expected_updated_at/);
    expect((await call(ctx.app, p.admin, 'GET', `${A}/not-a-uuid`)).status).toBe(400);
    expect((await call(ctx.app, p.admin, 'GET', `${A}/00000000-0000-4000-8000-000000000000`)).status).toBe(
      404,
    );
    const after = await ctx.database.db
      .selectFrom('opportunity')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const badPreview = await call(ctx.app, p.editorA, 'POST', '/api/admin/schedule-preview', {
      schedules: [
        {
          dtstart: `${YEAR}-01-06T10:00`,
          duration_minutes: 60,
          rrule: 'FREQ=WEEKLY;BYDAY=TU;UNTIL=2001',
          exdates: [],
        },
      ],
    });
    expect(badPreview.status).toBe(400);
    expect(messageOf(badPreview)).toMatch(/schedules\.0\.rrule/);
  });

  it('lists the endpoints in the OpenAPI document', async () => {
    const doc = await ctx.getJson<{ paths: Record<string, Record<string, unknown>> }>('/api/openapi.json');
    const paths = Object.entries(doc.body.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m} ${path}`),
    );
    for (const kind of ['opportunities', 'places'])
      for (const op of [
        `get /admin/${kind}`,
        `post /admin/${kind}`,
        `get /admin/${kind}/{id}`,
        `patch /admin/${kind}/{id}`,
        `post /admin/${kind}/{id}/status`,
        `post /admin/${kind}/{id}/duplicate`,
        `get /admin/${kind}/{id}/preview`,
        `get /admin/${kind}/{id}/history`,
      ])
        expect(paths).toContain(op);
    expect(paths).toContain('post /admin/schedule-preview');
    expect(paths).toContain('get /admin/content/organisations');
  });

  it('lists the organisations one may write for', async () => {
    const mine = await call<{ items: { id: string }[] }>(
      ctx.app,
      p.editorA,
      'GET',
      '/api/admin/content/organisations',
    );
    expect(mine.body.items.map((o) => o.id)).toEqual([p.orgA]);
    const all = await call<{ items: { id: string }[] }>(
      ctx.app,
      p.admin,
      'GET',
      '/api/admin/content/organisations',
    );
    expect(all.body.items.map((o) => o.id).sort()).toEqual([p.orgA, p.orgB].sort());
  });

  it('shows in the schedule preview exactly the dates the saved opportunity shows (property)', async () => {
    const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
    const schedule = fc.record({
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
      hour: fc.integer({ min: 0, max: 23 }),
      minute: fc.constantFrom(0, 15, 30, 45),
      duration: fc.integer({ min: 1, max: 600 }),
      freq: fc.constantFrom('DAILY', 'WEEKLY', 'MONTHLY', null),
      days: fc.subarray(DAYS, { minLength: 1, maxLength: 3 }),
      interval: fc.integer({ min: 1, max: 3 }),
      skip: fc.integer({ min: 0, max: 4 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(schedule, { minLength: 1, maxLength: 3 }), async (list) => {
        const schedules = list.map((s) => {
          const dtstart = `${YEAR}-${String(s.month).padStart(2, '0')}-${String(s.day).padStart(2, '0')}T${String(s.hour).padStart(2, '0')}:${String(s.minute).padStart(2, '0')}`;
          const rrule =
            s.freq === null
              ? null
              : `FREQ=${s.freq};INTERVAL=${s.interval}${s.freq === 'WEEKLY' ? `;BYDAY=${s.days.join(',')}` : ''}`;
          return { dtstart, duration_minutes: s.duration, rrule, exdates: [] as string[] };
        });
        const preview = await call<{ dates: { start: string; end: string }[] }>(
          ctx.app,
          p.editorA,
          'POST',
          '/api/admin/schedule-preview',
          {
            schedules,
            count: 5,
          },
        );
        expect(preview.status, JSON.stringify(preview.body)).toBe(200);
        // an exdate of the first schedule's second date, when it repeats: both must drop it
        const first = schedules[0];
        if (first?.rrule && list[0] && list[0].skip > 0) {
          const one = await call<{ dates: { start: string }[] }>(
            ctx.app,
            p.editorA,
            'POST',
            '/api/admin/schedule-preview',
            {
              schedules: [first],
              count: 2,
            },
          );
          const second = one.body.dates[1]?.start;
          if (second) first.exdates = [`${second.slice(0, 16)}`];
        }
        const withEx = await call<{ dates: { start: string; end: string }[] }>(
          ctx.app,
          p.editorA,
          'POST',
          '/api/admin/schedule-preview',
          {
            schedules,
            count: 5,
          },
        );
        const saved = await call<Rec>(ctx.app, p.editorA, 'POST', A, { ...weekly(), schedules });
        expect(saved.status, JSON.stringify(saved.body)).toBe(201);
        expect(saved.body.next_dates).toEqual(withEx.body.dates);
        const detail = await call<{ next_occurrences: unknown[] }>(
          ctx.app,
          p.editorA,
          'GET',
          `${A}/${saved.body.id}/preview`,
        );
        expect(detail.body.next_occurrences).toEqual(withEx.body.dates);
        if (!first?.exdates.length) expect(withEx.body.dates).toEqual(preview.body.dates);
      }),
      { numRuns: 12, seed: 20261206 },
    );
  });
});

export type { Answer };
