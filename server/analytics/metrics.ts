/**
 * Access metrics per neighbourhood for a set of sites and an audience, read from what
 * `recompute.ts` stored: the share and number of the audience's residents within its walking
 * threshold (its own speed), sites and park area per 1 000 residents, distance from the
 * population-weighted centre to the nearest site, and the underserved index.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { PROJECT_ROOT } from '../config.ts';
import type { DB } from '../db/schema.ts';
import { badRequest } from '../http/errors.ts';
import { type AccessContext, accessContext, computeSet, type NeighbourhoodFacts } from './recompute.ts';
import { type SiteSet, setKey } from './sets.ts';
import { DEFAULT_WEIGHTS, FORMULA, type IndexResult, underservedIndex, type Weights } from './underserved.ts';

export interface AudienceDef {
  code: string;
  age_bands: string[];
  walk_speed_kmh: number;
}
export const AUDIENCES: AudienceDef[] = (
  JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'data', 'taxonomy', 'audiences.json'), 'utf8')) as {
    audiences: AudienceDef[];
  }
).audiences;
export const SENIOR_BANDS = ['65-79', '80+'];

export function audienceDef(code: string): AudienceDef {
  const a = AUDIENCES.find((x) => x.code === code);
  if (!a) throw new Error(`unknown audience ${code}`);
  return a;
}

/** metres walked in `minutes` at the audience's speed */
export function thresholdM(audience: AudienceDef, minutes: number): number {
  return (audience.walk_speed_kmh * 1000 * minutes) / 60;
}

export interface StoredSet {
  method: 'network' | 'straight-line';
  siteCount: number;
  distances: (number | null)[];
  centres: Record<string, { lon: number; lat: number; distance_m: number | null }>;
  counts: Record<string, number>;
  networkShare: number;
}

/** ad hoc sets computed for answers, per context: never stored, the last few kept in memory */
const AD_HOC_KEPT = 16;
const adHocOf = new WeakMap<AccessContext, Map<string, Promise<StoredSet>>>();

/**
 * A set's stored distances. An ad hoc set (one the recompute does not store, such as programs in
 * one language) is computed in memory for the answer and never written: a GET never writes.
 */
export async function readSet(db: Kysely<DB>, ctx: AccessContext, set: SiteSet): Promise<StoredSet> {
  const key = setKey(set);
  const row = await db
    .selectFrom('access_set')
    .select(['method', 'site_count', 'distances', 'centres', 'counts', 'network_share'])
    .where('tenant_id', '=', ctx.tenantId)
    .where('set_key', '=', key)
    .executeTakeFirst();
  if (!row) {
    let kept = adHocOf.get(ctx);
    if (!kept) {
      kept = new Map();
      adHocOf.set(ctx, kept);
    }
    let p = kept.get(key);
    if (!p) {
      p = computeSet(db, ctx, set);
      kept.set(key, p);
      p.catch(() => kept.delete(key));
      while (kept.size > AD_HOC_KEPT) kept.delete(kept.keys().next().value as string);
    }
    return p;
  }
  return {
    method: row.method,
    siteCount: row.site_count,
    distances: row.distances.map((d) => (d === null ? null : Number(d))),
    centres: row.centres,
    counts: row.counts,
    networkShare: Number(row.network_share),
  };
}

export interface NeighbourhoodRow {
  id: string;
  name: string;
  population: number;
  audience_population: number;
  within: number;
  beyond: number;
  share: number;
  sites: number;
  sites_per_1000: number | null;
  park_ha: number;
  park_ha_per_1000: number | null;
  centre_distance_m: number | null;
  area_km2: number;
  density_per_km2: number;
  seniors_share: number | null;
  low_income_share: number | null;
  degraded_share: number;
  population_source: 'units' | 'uniform';
  score: number;
  priority: IndexResult['priority'];
  rank: number;
  components: IndexResult['components'];
  centre: { lon: number; lat: number } | null;
}

export interface MetricsAnswer {
  set: string;
  audience: string;
  minutes: number;
  walk_speed_kmh: number;
  threshold_m: number;
  method: 'network' | 'straight-line';
  method_note: string;
  population_note: string;
  audience_note: string;
  /** the notes' figures, for a client that words them in its own language */
  network_share: number;
  population_units: { neighbourhoods: number; of: number };
  audience_age_bands: string[];
  weights: Weights;
  formula: string;
  computed_at: string;
  cell_m: number;
  neighbourhoods: NeighbourhoodRow[];
}

/** what every answer about one measure states with its numbers: which set, audience, threshold and method, and how the score is made */
export type MeasureMeta = Pick<
  MetricsAnswer,
  | 'set'
  | 'audience'
  | 'minutes'
  | 'threshold_m'
  | 'method'
  | 'method_note'
  | 'population_note'
  | 'network_share'
  | 'population_units'
  | 'formula'
  | 'weights'
  | 'computed_at'
>;

export function measureMeta(m: MetricsAnswer): MeasureMeta {
  return {
    set: m.set,
    audience: m.audience,
    minutes: m.minutes,
    threshold_m: m.threshold_m,
    method: m.method,
    method_note: m.method_note,
    population_note: m.population_note,
    network_share: m.network_share,
    population_units: m.population_units,
    formula: m.formula,
    weights: m.weights,
    computed_at: m.computed_at,
  };
}

/** a neighbourhood's share of residents within `threshold`, rounded to 4 decimals (0 when nobody lives there) */
export function shareWithin(
  ctx: AccessContext,
  distances: (number | null)[],
  threshold: number,
  id: string,
): number {
  const cov = coverage(ctx, distances, threshold).get(id);
  return cov && cov.pop > 0 ? Math.round((cov.within / cov.pop) * 10000) / 10000 : 0;
}

interface AreaInfo {
  id: string;
  name: string;
  population: number | null;
  population_by_age: Record<string, number> | null;
  census: Record<string, number>;
}

export async function neighbourhoodAreas(db: Kysely<DB>, tenantId: number, lang = 'en'): Promise<AreaInfo[]> {
  const rows = await db
    .selectFrom('area')
    .select(['id', 'name', 'names', 'population', 'population_by_age', 'census'])
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', 'neighbourhood')
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ ...r, name: r.names?.[lang] ?? r.name, census: r.census ?? {} }));
}

/** residents of the audience in a neighbourhood: its age bands, or everyone when it has none */
export function audiencePopulation(
  a: AudienceDef,
  total: number,
  byAge: Record<string, number> | null,
): number {
  if (!a.age_bands.length || !byAge) return total;
  const bands = a.age_bands.reduce((s, b) => s + (byAge[b] ?? 0), 0);
  const all = Object.values(byAge).reduce((s, v) => s + v, 0);
  // the bands' share of the census, applied to the population used for access
  return all > 0 ? (total * bands) / all : total;
}

/** within-threshold and total population per neighbourhood, from the samples */
export function coverage(ctx: AccessContext, distances: (number | null)[], threshold: number) {
  const out = new Map<string, { pop: number; within: number }>();
  ctx.samples.forEach((s, i) => {
    const c = out.get(s.areaId) ?? { pop: 0, within: 0 };
    c.pop += s.population;
    const d = distances[i];
    if (d !== null && d !== undefined && d <= threshold) c.within += s.population;
    out.set(s.areaId, c);
  });
  return out;
}

export async function neighbourhoodMetrics(
  db: Kysely<DB>,
  tenantId: number,
  q: { set: SiteSet; audience: string; minutes: number; weights?: Weights; lang?: string },
): Promise<MetricsAnswer> {
  const ctx = await accessContext(db, tenantId);
  const state = await db
    .selectFrom('access_state')
    .select(['facts', 'population_sources', 'computed_at'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  const stored = await readSet(db, ctx, q.set);
  const audience = audienceDef(q.audience);
  const threshold = thresholdM(audience, q.minutes);
  if (threshold > ctx.capM) {
    throw badRequest(
      `${q.minutes} minutes at ${audience.walk_speed_kmh} km/h is ${Math.round(threshold)} m, beyond the ${ctx.capM} m computed`,
    );
  }
  const cov = coverage(ctx, stored.distances, threshold);
  const areas = await neighbourhoodAreas(db, tenantId, q.lang);
  const facts = state.facts as Record<string, NeighbourhoodFacts>;
  const sources = state.population_sources as Record<string, 'units' | 'uniform'>;
  const base = areas.map((a) => {
    const c = cov.get(a.id) ?? { pop: 0, within: 0 };
    // the population access is measured on: the census figure, or the sum of the units
    const population = sources[a.id] === 'units' ? c.pop : (a.population ?? 0);
    const share = c.pop > 0 ? c.within / c.pop : 0;
    const audiencePop = audiencePopulation(audience, population, a.population_by_age);
    const f = facts[a.id] ?? { area_km2: 0, park_ha: 0, degraded_share: 0 };
    const sites = stored.counts[a.id] ?? 0;
    const centre = stored.centres[a.id];
    const senior = audiencePopulation(
      { code: 'seniors', age_bands: SENIOR_BANDS, walk_speed_kmh: 0 },
      1,
      a.population_by_age,
    );
    return {
      id: a.id,
      name: a.name,
      population: Math.round(population),
      audience_population: Math.round(audiencePop),
      within: Math.round(audiencePop * share),
      beyond: Math.round(audiencePop * (1 - share)),
      share: round(share, 4),
      sites,
      sites_per_1000: population > 0 ? round((sites / population) * 1000, 4) : null,
      park_ha: round(f.park_ha, 3),
      park_ha_per_1000: population > 0 ? round((f.park_ha / population) * 1000, 4) : null,
      centre_distance_m: centre?.distance_m ?? null,
      area_km2: round(f.area_km2, 3),
      density_per_km2: f.area_km2 > 0 ? Math.round(population / f.area_km2) : 0,
      seniors_share: a.population_by_age ? round(senior, 4) : null,
      low_income_share: typeof a.census.low_income_share === 'number' ? a.census.low_income_share : null,
      degraded_share: round(f.degraded_share, 4),
      population_source: sources[a.id] ?? 'uniform',
      centre: centre ? { lon: centre.lon, lat: centre.lat } : null,
    };
  });
  const weights = q.weights ?? DEFAULT_WEIGHTS;
  const index = underservedIndex(
    base.map((r) => ({
      id: r.id,
      share: r.share,
      density: r.density_per_km2,
      seniorsShare: r.seniors_share,
      lowIncomeShare: r.low_income_share,
      degradedShare: r.degraded_share,
    })),
    weights,
  );
  const rows: NeighbourhoodRow[] = base.map((r) => {
    const i = index.get(r.id) as IndexResult;
    return { ...r, score: i.score, priority: i.priority, rank: i.rank, components: i.components };
  });
  rows.sort((a, b) => a.rank - b.rank);
  const unitCount = Object.values(sources).filter((s) => s === 'units').length;
  return {
    set: setKey(q.set),
    audience: audience.code,
    minutes: q.minutes,
    walk_speed_kmh: audience.walk_speed_kmh,
    threshold_m: Math.round(threshold),
    method: stored.method,
    method_note:
      stored.method === 'network'
        ? `Walking distance along the street network from each site's access points; ${Math.round(stored.networkShare * 100)}% of residents are within reach of the network, the others are measured by straight line.`
        : 'Straight-line distance: no walk network has been imported for this town (import OpenStreetMap to measure along streets).',
    population_note:
      unitCount > 0
        ? `Population units (census blocks or buildings) place the residents of ${unitCount} of ${areas.length} neighbourhoods; the others' population is spread evenly over their area.`
        : "Each neighbourhood's population is spread evenly over its area (no finer population units have been imported).",
    audience_note: audience.age_bands.length
      ? `${audience.code}: residents aged ${audience.age_bands.join(', ')} (census age bands), walking at ${audience.walk_speed_kmh} km/h.`
      : `${audience.code}: the census has no figure for this audience, so the whole population is counted; walking at ${audience.walk_speed_kmh} km/h.`,
    network_share: stored.method === 'network' ? stored.networkShare : 0,
    population_units: { neighbourhoods: unitCount, of: areas.length },
    audience_age_bands: audience.age_bands,
    weights,
    formula: FORMULA,
    computed_at: new Date(state.computed_at).toISOString(),
    cell_m: ctx.cellM,
    neighbourhoods: rows,
  };
}

function round(v: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
