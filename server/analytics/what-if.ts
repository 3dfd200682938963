/**
 * What a new site would change: the planner drops a point or draws a polygon, and sees, per
 * neighbourhood and audience, the residents it would newly bring within their walking threshold
 * of the chosen set (e.g. a new community garden, or a new program for seniors). Only the new
 * site's distances are computed (in a worker thread, with a deadline: what-if-runner.ts);
 * everything else is read from what is stored.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { badRequest } from '../http/errors.ts';
import { bboxDistance, bboxOfShape } from './geometry.ts';
import { AUDIENCES, audiencePopulation, neighbourhoodAreas, readSet, thresholdM } from './metrics.ts';
import { accessContext } from './recompute.ts';
import { type SiteSet, setKey, shapeOf } from './sets.ts';
import { whatIfRunner } from './what-if-runner.ts';

const NEAR_TOWN_M = 5000;

export interface WhatIfAnswer {
  set: string;
  minutes: number;
  method: 'network' | 'straight-line';
  totals: Record<string, { newly: number; threshold_m: number }>;
  neighbourhoods: {
    id: string;
    name: string;
    audiences: Record<string, { newly: number; before_share: number; after_share: number }>;
  }[];
  elapsed_ms: number;
}

export async function whatIf(
  db: Kysely<DB>,
  tenantId: number,
  q: {
    set: SiteSet;
    minutes: number;
    geometry: GeoJSON.Point | GeoJSON.Polygon | GeoJSON.MultiPolygon;
    lang?: string;
    /** the longest the distances may take before the answer is a 503 */
    timeoutMs?: number;
  },
): Promise<WhatIfAnswer> {
  const started = performance.now();
  const ctx = await accessContext(db, tenantId);
  const stored = await readSet(db, ctx, q.set);
  const { rows } = await sql<{ g: string | null; valid: boolean; reason: string }>`
    WITH input AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(q.geometry)}), 4326) AS g)
    SELECT ST_AsGeoJSON(ST_Transform(g, ${ctx.srid}::int), 3) AS g, ST_IsValid(g) AS valid,
      CASE WHEN ST_IsValid(g) THEN '' ELSE ST_IsValidReason(g) END AS reason
    FROM input`.execute(db);
  const row = rows[0];
  if (!row?.g) throw badRequest('geometry: could not be read as GeoJSON');
  if (!row.valid) throw badRequest(`geometry: not a valid ${q.geometry.type} (${row.reason})`);
  const shape = shapeOf(JSON.parse(row.g) as GeoJSON.Geometry);
  // near the town: within 5 km of where its residents live (the box of the site: a lower bound)
  const box = bboxOfShape(shape);
  if (!ctx.samples.some((s) => bboxDistance(box, s.x, s.y) <= NEAR_TOWN_M))
    throw badRequest('geometry: the new site is more than 5 km from every neighbourhood of this town');

  const thresholds = AUDIENCES.map((a) => ({ a, t: thresholdM(a, q.minutes) }));
  const maxT = Math.max(...thresholds.map((x) => x.t));
  if (maxT > ctx.capM)
    throw badRequest(`minutes: ${q.minutes} minutes reach beyond the ${ctx.capM} m computed`);

  // the new site's distance to every sample, in the worker thread, within the deadline
  const net = stored.method === 'network' ? ctx.network : null;
  const newDist = await whatIfRunner.distances(ctx, shape, maxT, net !== null, q.timeoutMs ?? 10_000);

  // per neighbourhood and audience: the share within reach before, and newly within reach
  const acc = new Map<string, { pop: number; before: number[]; newly: number[] }>();
  ctx.samples.forEach((s, i) => {
    let c = acc.get(s.areaId);
    if (!c) {
      c = { pop: 0, before: thresholds.map(() => 0), newly: thresholds.map(() => 0) };
      acc.set(s.areaId, c);
    }
    c.pop += s.population;
    const old = stored.distances[i];
    const nd = newDist[i] as number;
    thresholds.forEach(({ t }, k) => {
      const was = old !== null && old !== undefined && old <= t;
      if (was) (c.before[k] as number) += s.population;
      else if (nd <= t) (c.newly[k] as number) += s.population;
    });
  });

  const areas = await neighbourhoodAreas(db, tenantId, q.lang);
  const totals: WhatIfAnswer['totals'] = Object.fromEntries(
    thresholds.map(({ a, t }) => [a.code, { newly: 0, threshold_m: Math.round(t) }]),
  );
  const neighbourhoods: WhatIfAnswer['neighbourhoods'] = [];
  for (const area of areas) {
    const c = acc.get(area.id);
    if (!c || c.pop <= 0 || c.newly.every((n) => n === 0)) continue;
    const audiences: WhatIfAnswer['neighbourhoods'][number]['audiences'] = {};
    thresholds.forEach(({ a }, k) => {
      const pop = audiencePopulation(a, area.population ?? c.pop, area.population_by_age);
      const before = (c.before[k] as number) / c.pop;
      const newlyShare = (c.newly[k] as number) / c.pop;
      const newly = Math.round(pop * newlyShare);
      audiences[a.code] = { newly, before_share: round4(before), after_share: round4(before + newlyShare) };
      (totals[a.code] as { newly: number }).newly += newly;
    });
    neighbourhoods.push({ id: area.id, name: area.name, audiences });
  }
  neighbourhoods.sort((x, y) => (y.audiences.everyone?.newly ?? 0) - (x.audiences.everyone?.newly ?? 0));
  return {
    set: setKey(q.set),
    minutes: q.minutes,
    method: net ? 'network' : 'straight-line',
    totals,
    neighbourhoods,
    elapsed_ms: Math.round(performance.now() - started),
  };
}

function round4(v: number): number {
  return Math.round(v * 10000) / 10000;
}
