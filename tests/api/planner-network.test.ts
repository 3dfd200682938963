/**
 * Network against straight-line access on a town small enough to work out by hand, on both
 * databases. Coordinates are metres in UTM zone 33N (EPSG:32633), offset from (500 000 E,
 * 6 000 000 N); the analysis grid is 100 m.
 *
 *        y
 *      400  ┌───────────── park ─────────────┐   x from −300 to 300, y from 100 to 400
 *      200  │               P                │   the path north ends at P (0, 200), inside
 *      100  └───────────────┼────────────────┘   it enters the park at (0, 100)
 *        0  ≈≈≈≈≈≈≈≈≈≈≈≈≈≈≈≈│≈≈≈≈≈≈≈≈≈≈≈ river ≈≈≈  the only bridge is the path x = 0
 *     −100  ┌───────────────┼────────────────┐
 *     −200  A───────────────O────────────────B   the street, x from −1000 to 1000
 *     −300  └──────── neighbourhood ─────────┘   x from −1000 to 1000, y from −300 to −100
 *
 * 2 000 residents, evenly spread: 40 cells of 100 m, 50 residents each, centres at
 * x = ±50 … ±950, y = −150 and −250.
 *
 * Straight line to the park: (|x| − 300)² + (100 − y)² ≤ 800² holds for every centre (the worst,
 * x = ±950, y = −250: 650² + 350² = 545 000 ≤ 640 000), so 100 % within 800 m.
 * Along the network: 50 m to the street, |x| along it to O, 300 m north to the park's edge:
 * 350 + |x| ≤ 800 ⇔ |x| ≤ 450 — 10 columns of 20, so 50 %, 1 000 residents.
 *
 * Seniors walk at 3.6 km/h: 600 m in 10 minutes. Network: 350 + |x| ≤ 600 ⇔ |x| ≤ 250 — 6
 * columns, 30 %. Straight line: at y = −150, (|x| − 300)² ≤ 600² − 250² ⇔ |x| ≤ 845.4 (8 columns
 * a side), at y = −250, (|x| − 300)² ≤ 600² − 350² ⇔ |x| ≤ 787.3 (8 columns a side): 32 of 40, 80 %.
 * 400 of the 2 000 residents are 65 or older.
 */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { recomputeAccess } from '../../server/analytics/recompute.ts';
import { describeEachDatabase } from '../support/databases.ts';

const E = 500_000;
const N = 6_000_000;
const pt = (x: number, y: number) => `${E + x} ${N + y}`;
const polygon = (x0: number, y0: number, x1: number, y1: number) =>
  `MULTIPOLYGON(((${pt(x0, y0)}, ${pt(x1, y0)}, ${pt(x1, y1)}, ${pt(x0, y1)}, ${pt(x0, y0)})))`;

interface Row {
  name: string;
  share: number;
  within: number;
  audience_population: number;
}
interface Answer {
  method: string;
  network_share: number;
  threshold_m: number;
  neighbourhoods: Row[];
}

describeEachDatabase('walking along the network against straight lines', (ctx) => {
  let tenantId = 0;
  const q = (audience: string) =>
    ctx.getJson<Answer>(`/api/planner/neighbourhoods?tenant=riverside&set=parks&audience=${audience}`);

  beforeAll(async () => {
    const db = ctx.database.db;
    const t = await sql<{ id: number }>`
      INSERT INTO tenant (slug, name, locales, default_locale, timezone, home, bbox)
      VALUES ('riverside', '{"en":"Riverside"}', '{en}', 'en', 'Europe/Berlin', '{"center":[15,54.1],"zoom":14}',
        (SELECT ARRAY[ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b)] FROM
          (SELECT ST_Transform(ST_MakeEnvelope(${E - 1100}, ${N - 400}, ${E + 1100}, ${N + 500}, 32633), 4326)::box2d AS b) s))
      RETURNING id`.execute(db);
    tenantId = (t.rows[0] as { id: number }).id;
    const g = (wkt: string) => sql`ST_Transform(ST_GeomFromText(${wkt}, 32633), 4326)`;
    await sql`
      INSERT INTO area (tenant_id, kind, name, population, population_by_age, source, source_id, geom)
      VALUES (${tenantId}, 'neighbourhood', 'South Bank', 2000, '{"0-4":100,"5-14":200,"15-19":100,"20-29":300,"30-49":500,"50-64":400,"65-79":300,"80+":100}',
        'fixture', 'south-bank', ${g(polygon(-1000, -300, 1000, -100))})`.execute(db);
    await sql`
      INSERT INTO place (tenant_id, kind, name, source, source_id, geom, anchor)
      SELECT ${tenantId}, 'park', 'North Park', 'fixture', 'north-park', geom, ST_PointOnSurface(geom)
      FROM (SELECT ${g(polygon(-300, 100, 300, 400))} AS geom) s`.execute(db);
    await sql`
      INSERT INTO basemap_feature (tenant_id, kind, class, name, geom)
      VALUES (${tenantId}, 'water', 'river', 'The River', ${g(polygon(-1100, -20, 1100, 20))})`.execute(db);
    const nodes: Record<string, [number, number]> = {
      A: [-1000, -200],
      O: [0, -200],
      B: [1000, -200],
      P: [0, 200],
    };
    const ids: Record<string, string> = {};
    for (const [name, [x, y]] of Object.entries(nodes)) {
      const r = await sql<{ id: string }>`
        INSERT INTO walk_node (tenant_id, source, source_id, geom) VALUES (${tenantId}, 'fixture', ${name}, ${g(`POINT(${pt(x, y)})`)})
        RETURNING id::text`.execute(db);
      ids[name] = (r.rows[0] as { id: string }).id;
    }
    for (const [a, b] of [
      ['A', 'O'],
      ['O', 'B'],
      ['O', 'P'],
    ] as const) {
      const [ax, ay] = nodes[a] as [number, number];
      const [bx, by] = nodes[b] as [number, number];
      await sql`
        INSERT INTO walk_edge (tenant_id, source, source_id, from_node, to_node, length_m, highway, geom)
        VALUES (${tenantId}, 'fixture', ${`${a}${b}`}, ${ids[a]}::bigint, ${ids[b]}::bigint, ${Math.hypot(bx - ax, by - ay)}, 'footway',
          ${g(`LINESTRING(${pt(ax, ay)}, ${pt(bx, by)})`)})`.execute(db);
    }
    await recomputeAccess(db, tenantId, { cellM: 100 });
  }, 120_000);

  it('counts half the residents within 10 minutes along the network, over the one bridge', async () => {
    const { status, body } = await q('everyone');
    expect(status).toBe(200);
    expect(body.method).toBe('network');
    expect(body.network_share).toBe(1);
    expect(body.threshold_m).toBe(800);
    const row = body.neighbourhoods[0] as Row;
    expect(row.name).toBe('South Bank');
    expect(row.share).toBeCloseTo(0.5, 4);
    expect(row.within).toBe(1000);
  });

  it('gives seniors their slower walk and their own population', async () => {
    const { body } = await q('seniors');
    expect(body.threshold_m).toBe(600);
    const row = body.neighbourhoods[0] as Row;
    expect(row.audience_population).toBe(400);
    expect(row.share).toBeCloseTo(0.3, 4);
    expect(row.within).toBe(120);
  });

  it('counts everyone within 800 m by straight line once the network is gone, and says which method it used', async () => {
    await sql`DELETE FROM walk_edge WHERE tenant_id = ${tenantId}`.execute(ctx.database.db);
    await recomputeAccess(ctx.database.db, tenantId, { cellM: 100 });
    const everyone = await q('everyone');
    expect(everyone.body.method).toBe('straight-line');
    expect((everyone.body.neighbourhoods[0] as Row).share).toBeCloseTo(1, 4);
    expect((everyone.body.neighbourhoods[0] as Row).within).toBe(2000);
    const seniors = await q('seniors');
    expect((seniors.body.neighbourhoods[0] as Row).share).toBeCloseTo(0.8, 4);
    expect((seniors.body.neighbourhoods[0] as Row).within).toBe(320);
  });
});
