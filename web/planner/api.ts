/** Typed calls to the planner's API (server/analytics/routes.ts). */
import type { FeatureCollection, Geometry } from 'geojson';

export interface Components {
  gap: number;
  density: number;
  vulnerability: number;
  vulnerability_parts: Record<string, number>;
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
  priority: 'very-high' | 'high' | 'moderate' | 'low' | 'served';
  rank: number;
  components: Components;
  centre: { lon: number; lat: number } | null;
}

export interface Weights {
  gap: number;
  density: number;
  vulnerability: number;
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
  weights: Weights;
  formula: string;
  computed_at: string;
  cell_m: number;
  neighbourhoods: NeighbourhoodRow[];
}

export interface Profile extends NeighbourhoodRow {
  set: string;
  audience: string;
  minutes: number;
  threshold_m: number;
  method: string;
  method_note: string;
  population_note: string;
  formula: string;
  population_by_age: Record<string, number> | null;
  census: Record<string, number>;
  by_audience: { audience: string; walk_speed_kmh?: number; threshold_m: number; share: number | null }[];
  by_layer: { layer: string; sites: number; share: number; centre_distance_m: number | null }[];
  site_list: { id: string; name: string }[];
  computed_at: string;
}

export interface SetsAnswer {
  layers: string[];
  standard: string[];
  audiences: { code: string; age_bands: string[]; walk_speed_kmh: number }[];
  default_weights: Weights;
  formula: string;
}

export interface WhatIfAnswer {
  set: string;
  minutes: number;
  method: string;
  totals: Record<string, { newly: number; threshold_m: number }>;
  neighbourhoods: {
    id: string;
    name: string;
    audiences: Record<string, { newly: number; before_share: number; after_share: number }>;
  }[];
  elapsed_ms: number;
}

export interface PlannerQuery {
  set: string;
  audience: string;
  minutes: number;
  weights: Weights;
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
  return p.toString();
}

async function json<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok)
    throw new Error((body as { error?: { message?: string } } | null)?.error?.message ?? res.statusText);
  return body as T;
}

export const plannerApi = {
  sets: (signal?: AbortSignal) => fetch('/api/planner/sets', { signal }).then((r) => json<SetsAnswer>(r)),
  table: (q: PlannerQuery, signal?: AbortSignal) =>
    fetch(`/api/planner/neighbourhoods?${queryString(q)}`, { signal }).then((r) => json<MetricsAnswer>(r)),
  shapes: (q: PlannerQuery, signal?: AbortSignal) =>
    fetch(`/api/planner/neighbourhoods.geojson?${queryString(q)}`, { signal }).then((r) =>
      json<FeatureCollection<Geometry>>(r),
    ),
  profile: (id: string, q: PlannerQuery, signal?: AbortSignal) =>
    fetch(`/api/planner/neighbourhoods/${encodeURIComponent(id)}?${queryString(q)}`, { signal }).then((r) =>
      json<Profile>(r),
    ),
  whatIf: (q: PlannerQuery, geometry: Geometry) =>
    fetch('/api/planner/what-if', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ set: q.set, minutes: q.minutes, geometry }),
    }).then((r) => json<WhatIfAnswer>(r)),
  degradedZones: (signal?: AbortSignal) =>
    fetch('/api/layers/degraded-zones', { signal }).then((r) => json<FeatureCollection<Geometry>>(r)),
  exportUrl: (q: PlannerQuery, format: 'csv' | 'geojson') =>
    `/api/planner/neighbourhoods.${format}?${queryString(q)}`,
};
