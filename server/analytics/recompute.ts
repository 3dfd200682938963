/**
 * Computes and stores everything the planner reads: the population samples, each standard set's
 * distances, each neighbourhood's facts (area, park area, share in degraded zones). Run after an
 * import (the CLI and the admin API do it), on the first start with the demo town, or by
 * `npm run analytics` — never by a planner request (GETs never write); an import clears what was
 * stored, so a stale answer is never read.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { type Method, type Network, setDistances, straightLine } from './distances.ts';
import { readSamples, type Sample, utmSrid, writeSamples } from './samples.ts';
import { type SiteSet, SiteSource, setKey, standardSets } from './sets.ts';
import { loadWalkGraph } from './walk-load.ts';

export interface AccessOptions {
  /** side of the analysis grid's cells, metres */
  cellM: number;
  /** the longest distance kept: no threshold may exceed it */
  capM: number;
}
export const ACCESS_DEFAULTS: AccessOptions = { cellM: 50, capM: 3000 };

export interface AccessContext {
  tenantId: number;
  srid: number;
  cellM: number;
  capM: number;
  computedAt: string;
  samples: Sample[];
  network: Network | null;
}

export interface NeighbourhoodFacts {
  area_km2: number;
  park_ha: number;
  degraded_share: number;
}

// per database (tests run several in one process), per tenant; invalidated by computed_at
const contextsOf = new WeakMap<object, Map<number, AccessContext>>();
const runningOf = new WeakMap<object, Map<number, Promise<AccessContext>>>();
function mapOf<V>(store: WeakMap<object, Map<number, V>>, db: object): Map<number, V> {
  let m = store.get(db);
  if (!m) {
    m = new Map();
    store.set(db, m);
  }
  return m;
}

/**
 * The tenant's samples and network as stored. A request never computes them (that is a batch
 * job, run by imports, the admin API and `npm run analytics`): when nothing is stored yet, or a
 * computation is under way, the answer is a 503 saying so.
 */
export async function accessContext(db: Kysely<DB>, tenantId: number): Promise<AccessContext> {
  const state = await db
    .selectFrom('access_state')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (!state) {
    const computing = mapOf(runningOf, db).has(tenantId);
    throw new ApiError(
      503,
      'not_computed',
      computing
        ? "The planner's figures for this town are being computed; try again in a minute"
        : "The planner's figures for this town have not been computed yet: an import or POST /api/admin/analytics/recompute computes them",
    );
  }
  const computedAt = new Date(state.computed_at).toISOString();
  const contexts = mapOf(contextsOf, db);
  const cached = contexts.get(tenantId);
  if (cached && cached.computedAt === computedAt) return cached;
  const samples = await readSamples(db, tenantId);
  const network = await loadWalkGraph(db, tenantId, state.srid, samples);
  const ctx = {
    tenantId,
    srid: state.srid,
    cellM: state.cell_m,
    capM: state.cap_m,
    computedAt,
    samples,
    network,
  };
  contexts.set(tenantId, ctx);
  return ctx;
}

/**
 * Loads every tenant's stored samples and walk graph into memory, as a server does before it
 * listens: no planner request then pays for the load (on the embedded database, a load in a
 * request would stall every other request while it runs). Returns how many were loaded.
 */
export async function warmAccessContexts(
  db: Kysely<DB>,
  onError: (tenantId: number, err: Error) => void,
): Promise<number> {
  const rows = await db.selectFrom('access_state').select('tenant_id').execute();
  let loaded = 0;
  for (const r of rows) {
    try {
      await accessContext(db, r.tenant_id);
      loaded++;
    } catch (err) {
      onError(r.tenant_id, err as Error);
    }
  }
  return loaded;
}

/** one computation per tenant at a time in this process; the advisory lock covers other processes */
export function recomputeAccess(
  db: Kysely<DB>,
  tenantId: number,
  opts: Partial<AccessOptions> = {},
): Promise<AccessContext> {
  const running = mapOf(runningOf, db);
  const inFlight = running.get(tenantId);
  if (inFlight) return inFlight;
  const p = compute(db, tenantId, { ...ACCESS_DEFAULTS, ...opts }).finally(() => running.delete(tenantId));
  running.set(tenantId, p);
  return p;
}

async function compute(db: Kysely<DB>, tenantId: number, opts: AccessOptions): Promise<AccessContext> {
  const started = Date.now();
  const tenant = await db
    .selectFrom('tenant')
    .select(['id', 'home', 'bbox'])
    .where('id', '=', tenantId)
    .executeTakeFirst();
  if (!tenant) throw notFound(`No tenant ${tenantId}`);
  const [lon, lat] =
    tenant.bbox && tenant.bbox.length === 4
      ? [
          ((tenant.bbox[0] as number) + (tenant.bbox[2] as number)) / 2,
          ((tenant.bbox[1] as number) + (tenant.bbox[3] as number)) / 2,
        ]
      : tenant.home.center;
  const srid = utmSrid(lon, lat);
  const ctx = await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(4242, ${tenantId}::int)`.execute(trx);
    // a whole city's grid and clipping is a batch job: the per-request statement timeout does not apply
    await sql`SET LOCAL statement_timeout = 0`.execute(trx);
    const sources = await writeSamples(trx, tenantId, srid, opts.cellM);
    const samples = await readSamples(trx, tenantId);
    const network = await loadWalkGraph(trx, tenantId, srid, samples);
    const facts = await neighbourhoodFacts(trx, tenantId);
    await sql`DELETE FROM access_set WHERE tenant_id = ${tenantId}`.execute(trx);
    const computedAt = new Date().toISOString();
    const c: AccessContext = {
      tenantId,
      srid,
      cellM: opts.cellM,
      capM: opts.capM,
      computedAt,
      samples,
      network,
    };
    const source = new SiteSource(trx, tenantId, srid);
    for (const set of standardSets()) await storeSet(trx, c, set, source);
    await sql`DELETE FROM access_state WHERE tenant_id = ${tenantId}`.execute(trx);
    await trx
      .insertInto('access_state')
      .values({
        tenant_id: tenantId,
        srid,
        cell_m: opts.cellM,
        cap_m: opts.capM,
        sample_count: samples.length,
        walk_network: network !== null,
        population_sources: JSON.stringify(sources),
        facts: JSON.stringify(facts),
        duration_ms: Date.now() - started,
        computed_at: computedAt,
      })
      .execute();
    return c;
  });
  mapOf(contextsOf, db).set(tenantId, ctx);
  return ctx;
}

/** one set's figures, computed from the sites and the context (not stored) */
export interface ComputedSet {
  method: Method;
  siteCount: number;
  distances: (number | null)[];
  centres: Record<string, { lon: number; lat: number; distance_m: number | null }>;
  counts: Record<string, number>;
  networkShare: number;
}

export async function computeSet(
  db: Kysely<DB>,
  c: AccessContext,
  set: SiteSet,
  source = new SiteSource(db, c.tenantId, c.srid),
): Promise<ComputedSet> {
  const sites = await source.sites(set);
  const shapes = sites.map((s) => s.shape);
  const d = setDistances(c.samples, shapes, c.capM, c.network);
  const counts: Record<string, number> = {};
  for (const s of sites) if (s.areaId) counts[s.areaId] = (counts[s.areaId] ?? 0) + 1;
  return {
    method: d.method,
    siteCount: sites.length,
    distances: d.distances,
    centres: centreDistances(c, shapes, d.method),
    counts,
    networkShare: d.networkShare,
  };
}

/** computes one standard set and stores it (only the recompute stores sets) */
async function storeSet(db: Kysely<DB>, c: AccessContext, set: SiteSet, source: SiteSource): Promise<void> {
  const d = await computeSet(db, c, set, source);
  await db
    .insertInto('access_set')
    .values({
      tenant_id: c.tenantId,
      set_key: setKey(set),
      method: d.method,
      site_count: d.siteCount,
      distances: d.distances,
      centres: JSON.stringify(d.centres),
      counts: JSON.stringify(d.counts),
      network_share: d.networkShare,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'set_key']).doNothing())
    .execute();
}

/** each neighbourhood's population-weighted centre, and how far it is from the nearest site */
function centreDistances(c: AccessContext, shapes: import('./geometry.ts').Shape[], method: Method) {
  const acc = new Map<string, { w: number; x: number; y: number; lon: number; lat: number }>();
  for (const s of c.samples) {
    const a = acc.get(s.areaId) ?? { w: 0, x: 0, y: 0, lon: 0, lat: 0 };
    a.w += s.population;
    a.x += s.x * s.population;
    a.y += s.y * s.population;
    a.lon += s.lon * s.population;
    a.lat += s.lat * s.population;
    acc.set(s.areaId, a);
  }
  const centres = [...acc.entries()]
    .filter(([, a]) => a.w > 0)
    .map(([id, a]) => ({ id, x: a.x / a.w, y: a.y / a.w, lon: a.lon / a.w, lat: a.lat / a.w }));
  // no cap here: a neighbourhood far from everything still gets its distance
  const far = Number.MAX_SAFE_INTEGER;
  let dist: (number | null)[];
  if (method === 'network' && c.network) {
    const net = c.network;
    const sub = setDistances(
      centres.map((p, i) => ({
        idx: i,
        areaId: p.id,
        population: 1,
        x: p.x,
        y: p.y,
        lon: p.lon,
        lat: p.lat,
      })),
      shapes,
      far,
      { graph: net.graph, snaps: centres.map((p) => net.graph.snap(p.x, p.y)) },
    );
    dist = sub.distances;
  } else {
    // through the grid index: a large town has a million sites, too many to spread into Math.min
    dist = straightLine(centres, shapes, far);
  }
  return Object.fromEntries(
    centres.map((p, i) => [
      p.id,
      { lon: Math.round(p.lon * 1e6) / 1e6, lat: Math.round(p.lat * 1e6) / 1e6, distance_m: dist[i] ?? null },
    ]),
  );
}

async function neighbourhoodFacts(
  db: Kysely<DB>,
  tenantId: number,
): Promise<Record<string, NeighbourhoodFacts>> {
  const { rows } = await sql<{ id: string; area_km2: number; park_ha: number; degraded_share: number }>`
    SELECT a.id,
      ST_Area(a.geom::geography) / 1e6 AS area_km2,
      COALESCE((SELECT sum(ST_Area(ST_Intersection(p.geom, a.geom)::geography)) / 1e4
        FROM place p WHERE p.tenant_id = a.tenant_id AND p.kind = 'park' AND p.status = 'published'
          AND GeometryType(p.geom) IN ('POLYGON', 'MULTIPOLYGON') AND ST_Intersects(p.geom, a.geom)), 0) AS park_ha,
      COALESCE((SELECT ST_Area(ST_Intersection(ST_Union(z.geom), a.geom)::geography)
        FROM area z WHERE z.tenant_id = a.tenant_id AND z.kind IN ('degraded_zone', 'revitalization_zone')
          AND ST_Intersects(z.geom, a.geom)), 0) / NULLIF(ST_Area(a.geom::geography), 0) AS degraded_share
    FROM area a WHERE a.tenant_id = ${tenantId} AND a.kind = 'neighbourhood'`.execute(db);
  return Object.fromEntries(
    rows.map((r) => [
      r.id,
      {
        area_km2: Number(r.area_km2),
        park_ha: Number(r.park_ha),
        degraded_share: Number(r.degraded_share ?? 0),
      },
    ]),
  );
}

/** an import changed the data: what was computed from it is no longer true */
export async function clearAccess(db: Kysely<DB>, tenantId: number): Promise<void> {
  await sql`DELETE FROM access_set WHERE tenant_id = ${tenantId}`.execute(db);
  await sql`DELETE FROM access_state WHERE tenant_id = ${tenantId}`.execute(db);
  mapOf(contextsOf, db).delete(tenantId);
}
