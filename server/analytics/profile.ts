/**
 * One neighbourhood's profile for the planner: its row of the ranked table with what the measure
 * was, its population by age and census figures, its access per audience (each at its own walking
 * speed) and per layer, and the sites of the set that lie in it.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { notFound } from '../http/errors.ts';
import {
  AUDIENCES,
  audienceDef,
  type MeasureMeta,
  type MetricsAnswer,
  measureMeta,
  type NeighbourhoodRow,
  readSet,
  shareWithin,
  thresholdM,
} from './metrics.ts';
import { accessContext } from './recompute.ts';
import { loadSites, parseSetKey, SET_LAYERS, type SetLayer } from './sets.ts';

export interface ProfileAnswer extends NeighbourhoodRow, MeasureMeta {
  population_by_age: Record<string, number> | null;
  census: Record<string, number>;
  /** share is null where the audience's threshold lies beyond the distances stored */
  by_audience: { audience: string; walk_speed_kmh?: number; threshold_m: number; share: number | null }[];
  by_layer: { layer: SetLayer; sites: number; share: number; centre_distance_m: number | null }[];
  site_list: { id: string; name: string }[];
}

export async function neighbourhoodProfile(
  db: Kysely<DB>,
  tenantId: number,
  m: MetricsAnswer,
  id: string,
): Promise<ProfileAnswer> {
  const row = m.neighbourhoods.find((r) => r.id === id);
  if (!row) throw notFound(`No neighbourhood ${id}`);
  const ctx = await accessContext(db, tenantId);
  const area = await db
    .selectFrom('area')
    .select(['population_by_age', 'census'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const set = parseSetKey(m.set);
  const stored = await readSet(db, ctx, set);
  const byAudience = AUDIENCES.map((a) => {
    const t = thresholdM(a, m.minutes);
    if (t > ctx.capM) return { audience: a.code, threshold_m: Math.round(t), share: null };
    return {
      audience: a.code,
      walk_speed_kmh: a.walk_speed_kmh,
      threshold_m: Math.round(t),
      share: shareWithin(ctx, stored.distances, t, id),
    };
  });
  const everyoneThreshold = thresholdM(audienceDef('everyone'), m.minutes);
  const byLayer = [];
  for (const layer of SET_LAYERS) {
    const s = await readSet(db, ctx, { layer });
    byLayer.push({
      layer,
      sites: s.counts[id] ?? 0,
      share: shareWithin(ctx, s.distances, everyoneThreshold, id),
      centre_distance_m: s.centres[id]?.distance_m ?? null,
    });
  }
  const sites = (await loadSites(db, tenantId, set, ctx.srid))
    .filter((s) => s.areaId === id)
    .map((s) => ({ id: s.id, name: s.name }));
  return {
    ...row,
    ...measureMeta(m),
    population_by_age: area.population_by_age,
    census: area.census ?? {},
    by_audience: byAudience,
    by_layer: byLayer,
    site_list: sites,
  };
}
