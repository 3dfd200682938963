/**
 * The back office's places API on both databases: create (a point, a footprint) → a draft not
 * public → publish → on the map, in near-me and in the search → edit with a history → stale 409
 * → duplicate → archive (gone from layers, nearby, search and the detail; an existing demo place
 * too); who may do what; bad inputs answered 400 naming the field.
 */
import { beforeAll, expect, it } from 'vitest';
import { call, codeOf, contentPeople, messageOf, type People } from '../support/content.ts';
import { describeEachDatabase } from '../support/databases.ts';

interface Rec {
  id: string;
  status: string;
  updated_at: string;
  name: string;
  kind: string;
  location: { lon: number; lat: number } | null;
  geometry: { type: string } | null;
  organisation: { id: string } | null;
  source: string;
}
interface History {
  items: { action: string; changes: { field: string; previous: unknown; next: unknown }[] }[];
}

describeEachDatabase('back office: places', (ctx) => {
  let p: People;
  let home: { lon: number; lat: number };
  const P = '/api/admin/places';
  const garden = () => ({
    kind: 'community_garden',
    name: 'Zephyrine Rooftop Garden',
    names: { fr: 'Jardin sur le toit Zéphyrine' },
    address: '12 Quay Street',
    location: { lon: home.lon + 0.0005, lat: home.lat + 0.0005 },
    opening_hours: 'Mo-Fr 09:00-17:00; Sa 10:00-14:00',
    accessibility: { wheelchair: 'limited', toilets: true },
    contact: { website: 'https://garden.example.org' },
    organisation_id: p.orgA,
  });

  const visible = async (id: string, name: string, at: { lon: number; lat: number }) => {
    const layer = await ctx.getJson<{ features: { id: string }[] }>(
      `/api/layers/gardens?bbox=${at.lon - 0.01},${at.lat - 0.01},${at.lon + 0.01},${at.lat + 0.01}`,
    );
    const near = await ctx.getJson<{ id: string }[]>(
      `/api/nearby?lon=${at.lon}&lat=${at.lat}&radius_m=300&limit=50`,
    );
    const search = await ctx.getJson<{ id: string }[]>(`/api/search?q=${encodeURIComponent(name)}&limit=50`);
    const detail = await ctx.getJson(`/api/places/${id}`);
    return {
      layer: layer.body.features.some((f) => f.id === id),
      nearby: near.body.some((i) => i.id === id),
      search: search.body.some((i) => i.id === id),
      detail: detail.status === 200,
    };
  };
  const all = (v: boolean) => ({ layer: v, nearby: v, search: v, detail: v });

  beforeAll(async () => {
    p = await contentPeople(ctx.database.db, ctx.app, 'pl');
    const { rows } = await import('kysely').then(({ sql }) =>
      sql<{
        lon: number;
        lat: number;
      }>`SELECT ST_X(anchor) AS lon, ST_Y(anchor) AS lat FROM place WHERE kind = 'community_garden' ORDER BY id LIMIT 1`.execute(
        ctx.database.db,
      ),
    );
    home = { lon: Number(rows[0]?.lon), lat: Number(rows[0]?.lat) };
  });

  it('creates a draft place, publishes it onto the map, edits it, refuses a stale edit, duplicates and archives it', async () => {
    expect((await call(ctx.app, undefined, 'POST', P, garden())).status).toBe(401);
    expect((await call(ctx.app, p.moderator, 'POST', P, garden())).status).toBe(403);
    const other = await call(ctx.app, p.editorB, 'POST', P, garden());
    expect(other.status).toBe(403);
    expect(messageOf(other)).toContain(p.orgA);

    const created = await call<Rec>(ctx.app, p.editorA, 'POST', P, garden());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const r = created.body;
    expect(r).toMatchObject({ status: 'draft', source: 'admin', kind: 'community_garden', geometry: null });
    expect(r.location).toEqual(garden().location);
    const at = garden().location;
    expect(await visible(r.id, 'Zephyrine', at)).toEqual(all(false));
    const preview = await call<{ name: string; opening: { open_now: boolean | null } }>(
      ctx.app,
      p.editorA,
      'GET',
      `${P}/${r.id}/preview?lang=fr`,
    );
    expect(preview.status).toBe(200);
    expect(preview.body.name).toBe('Jardin sur le toit Zéphyrine');
    expect(preview.body.opening).not.toBeNull();

    expect((await call(ctx.app, p.editorB, 'GET', `${P}/${r.id}`)).status).toBe(404);
    expect(
      (
        await call(ctx.app, p.editorB, 'PATCH', `${P}/${r.id}`, {
          name: 'Taken',
          expected_updated_at: r.updated_at,
        })
      ).status,
    ).toBe(404);
    expect(
      (await call<{ items: { id: string }[] }>(ctx.app, p.editorA, 'GET', P)).body.items.map((i) => i.id),
    ).toEqual([r.id]);
    expect((await call<{ total: number }>(ctx.app, p.editorB, 'GET', P)).body.total).toBe(0);
    const adminList = await call<{ items: { id: string }[] }>(
      ctx.app,
      p.admin,
      'GET',
      `${P}?q=zephyrine&status=draft&kind=community_garden`,
    );
    expect(adminList.body.items.map((i) => i.id)).toEqual([r.id]);

    const published = await call<Rec>(ctx.app, p.editorA, 'POST', `${P}/${r.id}/status`, {
      status: 'published',
      expected_updated_at: r.updated_at,
    });
    expect(published.status).toBe(200);
    expect(await visible(r.id, 'Zephyrine', at)).toEqual(all(true));

    // a programme at the place (no point of its own) sits on the place's point
    const opp = await call<{ id: string; updated_at: string }>(
      ctx.app,
      p.editorA,
      'POST',
      '/api/admin/opportunities',
      {
        kind: 'event',
        title: { en: 'Seed swap on the roof' },
        organisation_id: p.orgA,
        place_id: r.id,
      },
    );
    expect(opp.status, JSON.stringify(opp.body)).toBe(201);
    await call(ctx.app, p.editorA, 'POST', `/api/admin/opportunities/${opp.body.id}/status`, {
      status: 'published',
      expected_updated_at: opp.body.updated_at,
    });
    const oppAt = async () => {
      const d = await ctx.getJson<{ lon: number; lat: number }>(`/api/opportunities/${opp.body.id}`);
      return { lon: d.body.lon, lat: d.body.lat };
    };
    expect(await oppAt()).toEqual(at);

    // edit: the name, and a footprint instead of the point (the programme moves with it)
    const d = 0.0003;
    // a square east of the old point: its point on surface is not the old point
    const cx = at.lon + 0.001;
    const square = {
      type: 'Polygon',
      coordinates: [
        [
          [cx - d, at.lat - d],
          [cx + d, at.lat - d],
          [cx + d, at.lat + d],
          [cx - d, at.lat + d],
          [cx - d, at.lat - d],
        ],
      ],
    };
    const edited = await call<Rec>(ctx.app, p.editorA, 'PATCH', `${P}/${r.id}`, {
      name: 'Zephyrine Roof Garden',
      geometry: square,
      expected_updated_at: published.body.updated_at,
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.location).toBeNull();
    expect(edited.body.geometry?.type).toBe('Polygon');
    const moved = await oppAt();
    expect(Math.abs(moved.lon - cx)).toBeLessThanOrEqual(d);
    expect(Math.abs(moved.lat - at.lat)).toBeLessThanOrEqual(d);
    const history = await call<History>(ctx.app, p.editorA, 'GET', `${P}/${r.id}/history`);
    expect(history.body.items.map((i) => i.action)).toEqual(['place.update', 'place.status', 'place.create']);
    expect(history.body.items[0]?.changes.map((c) => c.field)).toEqual(['geometry', 'location', 'name']);
    expect(history.body.items[0]?.changes.find((c) => c.field === 'name')).toEqual({
      field: 'name',
      previous: 'Zephyrine Rooftop Garden',
      next: 'Zephyrine Roof Garden',
    });
    expect(history.body.items[0]?.changes.find((c) => c.field === 'location')?.previous).toEqual(at);

    const stale = await call(ctx.app, p.editorA, 'PATCH', `${P}/${r.id}`, {
      name: 'Lost',
      expected_updated_at: r.updated_at,
    });
    expect(stale.status).toBe(409);
    expect(codeOf(stale)).toBe('stale');

    const copy = await call<Rec>(ctx.app, p.editorA, 'POST', `${P}/${r.id}/duplicate`);
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ status: 'draft', name: 'Zephyrine Roof Garden' });
    expect(copy.body.geometry).toEqual(edited.body.geometry);

    const archived = await call<Rec>(ctx.app, p.admin, 'POST', `${P}/${r.id}/status`, {
      status: 'archived',
      expected_updated_at: edited.body.updated_at,
    });
    expect(archived.status).toBe(200);
    expect(await visible(r.id, 'Zephyrine', at)).toEqual(all(false));
  });

  it('takes an existing (imported) place off the map when archived, and back when published', async () => {
    const row = await ctx.database.db
      .selectFrom('place')
      .select(['id', 'name'])
      .where('kind', '=', 'community_garden')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    expect(await visible(row.id, row.name, home)).toEqual(all(true));
    const rec = await call<Rec>(ctx.app, p.admin, 'GET', `${P}/${row.id}`);
    expect(rec.body.status).toBe('published');
    expect(rec.body.source).not.toBe('admin');
    const archived = await call<Rec>(ctx.app, p.admin, 'POST', `${P}/${row.id}/status`, {
      status: 'archived',
      expected_updated_at: rec.body.updated_at,
    });
    expect(archived.status).toBe(200);
    expect(await visible(row.id, row.name, home)).toEqual(all(false));
    // an archived place cannot be given to a new opportunity
    const opp = await call(ctx.app, p.admin, 'POST', '/api/admin/opportunities', {
      kind: 'event',
      title: { en: 'x' },
      place_id: row.id,
    });
    expect(opp.status).toBe(400);
    expect(messageOf(opp)).toMatch(/place_id/);
    const back = await call<Rec>(ctx.app, p.admin, 'POST', `${P}/${row.id}/status`, {
      status: 'published',
      expected_updated_at: archived.body.updated_at,
    });
    expect(back.status).toBe(200);
    expect(await visible(row.id, row.name, home)).toEqual(all(true));
  });

  it('keeps a draft without a point off the map: publishing it is refused until it has one', async () => {
    const created = await call<Rec>(ctx.app, p.editorA, 'POST', P, {
      kind: 'park',
      name: 'Pointless Park',
      organisation_id: p.orgA,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', location: null, geometry: null });
    const refused = await call(ctx.app, p.editorA, 'POST', `${P}/${created.body.id}/status`, {
      status: 'published',
      expected_updated_at: created.body.updated_at,
    });
    expect(refused.status).toBe(409);
    expect(codeOf(refused)).toBe('not_publishable');
    expect(
      (refused.body as { error: { details: { missing: { field: string }[] } } }).error.details.missing.map(
        (m) => m.field,
      ),
    ).toEqual(['location']);
    // no programme can sit at a place without a point
    const opp = await call(ctx.app, p.editorA, 'POST', '/api/admin/opportunities', {
      kind: 'event',
      title: { en: 'Nowhere yet' },
      organisation_id: p.orgA,
      place_id: created.body.id,
    });
    expect(opp.status).toBe(400);
    expect(messageOf(opp)).toMatch(/^place_id: .*no point/);
    const placed = await call<Rec>(ctx.app, p.editorA, 'PATCH', `${P}/${created.body.id}`, {
      location: home,
      expected_updated_at: created.body.updated_at,
    });
    expect(placed.status).toBe(200);
    // once it has a point it keeps one
    const lose = await call(ctx.app, p.editorA, 'PATCH', `${P}/${created.body.id}`, {
      location: null,
      expected_updated_at: placed.body.updated_at,
    });
    expect(lose.status).toBe(400);
    expect(messageOf(lose)).toMatch(/^location/);
    const ok = await call<Rec>(ctx.app, p.editorA, 'POST', `${P}/${created.body.id}/status`, {
      status: 'published',
      expected_updated_at: placed.body.updated_at,
    });
    expect(ok.status).toBe(200);
    const near = await ctx.getJson<{ id: string }[]>(
      `/api/nearby?lon=${home.lon}&lat=${home.lat}&radius_m=100&limit=50`,
    );
    expect(near.body.map((i) => i.id)).toContain(created.body.id);
  });

  it('answers bad input with 400 naming the field', async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['lon 200', { location: { lon: 200, lat: 50 } }, /location\.lon/],
      ['name missing', { name: undefined }, /^name/],
      ['unknown kind', { kind: 'castle' }, /^kind/],
      ['bad opening hours', { opening_hours: 'Mo-Fr 9 till late' }, /opening_hours/],
      [
        'both a point and a footprint',
        {
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [1, 1],
                [0, 0],
              ],
            ],
          },
        },
        /geometry/,
      ],
      [
        'an open ring',
        {
          location: null,
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [1, 1],
                [0, 1],
              ],
            ],
          },
        },
        /geometry/,
      ],
      [
        'a self-crossing ring',
        {
          location: null,
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 1],
                [1, 0],
                [0, 1],
                [0, 0],
              ],
            ],
          },
        },
        /geometry: not a valid polygon/,
      ],
      ['bad website', { contact: { website: 'ftp://x' } }, /contact\.website/],
      ['unknown title language', { names: { xx: 'Nope' } }, /names/],
    ];
    for (const [name, change, field] of cases) {
      const res = await call(ctx.app, p.editorA, 'POST', P, { ...garden(), ...change });
      expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(messageOf(res), name).toMatch(field);
    }
  });
});
