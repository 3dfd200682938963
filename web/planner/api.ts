/** Typed calls to the planner's API (server/analytics/routes.ts). */
import type { FeatureCollection, Geometry } from 'geojson';

/* The answers' shapes are the server's own types (type-only imports: nothing of the server is bundled). */
import type { MetricsAnswer, NeighbourhoodRow } from '../../server/analytics/metrics.ts';
import type { ProfileAnswer } from '../../server/analytics/profile.ts';
import type { Weights } from '../../server/analytics/underserved.ts';
import type { WhatIfAnswer } from '../../server/analytics/what-if.ts';
import type { ReachAnswer, ReachRow } from '../../server/reach/figures.ts';
import { apiUrl } from '../state/tenant.ts';

export type {
  MetricsAnswer,
  NeighbourhoodRow,
  ProfileAnswer as Profile,
  ReachAnswer,
  ReachRow,
  Weights,
  WhatIfAnswer,
};

/** what reach (server/reach/figures.ts) adds to a row of the neighbourhood table; null before it is read */
export interface ReachColumns {
  reach: number | null;
  reach_rank: number | null;
  participants: number | null;
  not_reached: number | null;
  proposals: number | null;
  needs: number | null;
  supports: number | null;
}
export type PlannerRow = NeighbourhoodRow & ReachColumns;

export interface ReachQuery {
  audience: string;
  measure?: string;
  from?: string;
  to?: string;
  lang?: string;
}

function reachString(q: ReachQuery): string {
  const p = new URLSearchParams({ audience: q.audience });
  for (const k of ['measure', 'from', 'to', 'lang'] as const) {
    const v = q[k];
    if (v) p.set(k, v);
  }
  return p.toString();
}

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
  reach: (q: ReachQuery, signal?: AbortSignal) =>
    fetch(apiUrl(`/api/planner/reach?${reachString(q)}`), { signal }).then((r) => json<ReachAnswer>(r)),
  reachCsvUrl: (q: ReachQuery) => apiUrl(`/api/planner/reach.csv?${reachString(q)}`),
  unreached: (q: ReachQuery, signal?: AbortSignal) =>
    fetch(apiUrl(`/api/layers/unreached?${reachString(q)}`), { signal }).then((r) =>
      json<FeatureCollection<Geometry>>(r),
    ),
  /** residents' published proposals or needs (GeoJSON layers); none where the server has no such layer */
  residentLayer: (layer: 'proposals' | 'needs', signal?: AbortSignal) =>
    fetch(apiUrl(`/api/layers/${layer}`), { signal }).then((r) =>
      r.ok ? json<FeatureCollection<Geometry>>(r) : null,
    ),
  exportUrl: (q: PlannerQuery, format: 'csv' | 'geojson') =>
    apiUrl(`/api/planner/neighbourhoods.${format}?${queryString(q)}`),
};
