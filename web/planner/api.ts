/** Typed calls to the planner's API (server/analytics/routes.ts). */
import type { FeatureCollection, Geometry } from 'geojson';

/* The answers' shapes are the server's own types (type-only imports: nothing of the server is bundled). */
import type { MetricsAnswer, NeighbourhoodRow } from '../../server/analytics/metrics.ts';
import type { ProfileAnswer } from '../../server/analytics/profile.ts';
import type { Weights } from '../../server/analytics/underserved.ts';
import type { WhatIfAnswer } from '../../server/analytics/what-if.ts';
import { apiUrl } from '../state/tenant.ts';

export type { MetricsAnswer, NeighbourhoodRow, ProfileAnswer as Profile, Weights, WhatIfAnswer };

export interface SetsAnswer {
  layers: string[];
  standard: string[];
  audiences: { code: string; age_bands: string[]; walk_speed_kmh: number }[];
  default_weights: Weights;
  formula: string;
}

export interface PlannerQuery {
  set: string;
  audience: string;
  minutes: number;
  weights: Weights;
  /** the language of neighbourhood names in the answers */
  lang?: string;
}

export function queryString(q: PlannerQuery): string {
  const p = new URLSearchParams({
    set: q.set,
    audience: q.audience,
    minutes: String(q.minutes),
    w_gap: String(q.weights.gap),
    w_density: String(q.weights.density),
    w_vulnerability: String(q.weights.vulnerability),
  });
  if (q.lang) p.set('lang', q.lang);
  return p.toString();
}

async function json<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok)
    throw new Error((body as { error?: { message?: string } } | null)?.error?.message ?? res.statusText);
  return body as T;
}

export const plannerApi = {
  sets: (signal?: AbortSignal) => fetch(apiUrl('/api/planner/sets'), { signal }).then((r) => json<SetsAnswer>(r)),
  table: (q: PlannerQuery, signal?: AbortSignal) =>
    fetch(apiUrl(`/api/planner/neighbourhoods?${queryString(q)}`), { signal }).then((r) => json<MetricsAnswer>(r)),
  shapes: (q: PlannerQuery, signal?: AbortSignal) =>
    fetch(apiUrl(`/api/planner/neighbourhoods.geojson?${queryString(q)}`), { signal }).then((r) =>
      json<FeatureCollection<Geometry>>(r),
    ),
  profile: (id: string, q: PlannerQuery, signal?: AbortSignal) =>
    fetch(apiUrl(`/api/planner/neighbourhoods/${encodeURIComponent(id)}?${queryString(q)}`), { signal }).then((r) =>
      json<ProfileAnswer>(r),
    ),
  whatIf: (q: PlannerQuery, geometry: Geometry) =>
    fetch(apiUrl(`/api/planner/what-if${q.lang ? `?lang=${encodeURIComponent(q.lang)}` : ''}`), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ set: q.set, minutes: q.minutes, geometry }),
    }).then((r) => json<WhatIfAnswer>(r)),
  degradedZones: (signal?: AbortSignal) =>
    fetch(apiUrl('/api/layers/degraded-zones'), { signal }).then((r) => json<FeatureCollection<Geometry>>(r)),
  exportUrl: (q: PlannerQuery, format: 'csv' | 'geojson') =>
    apiUrl(`/api/planner/neighbourhoods.${format}?${queryString(q)}`),
};
