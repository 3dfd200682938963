/** Typed calls to the Commons Map API. Every call can be aborted (the map moves on). */
import type { Feature, FeatureCollection, Geometry } from 'geojson';

export interface ClientConfig {
  tenant: {
    slug: string;
    name: string;
    names: Record<string, string>;
    locales: string[];
    defaultLocale: string;
    timezone: string;
    home: { center: [number, number]; zoom: number };
    bbox: [number, number, number, number] | null;
  };
  mapStyleUrl: string;
  database: 'postgis' | 'pglite';
}

export type LayerId = 'parks' | 'gardens' | 'centres' | 'programs' | 'degraded-zones' | 'neighbourhoods';

export interface FeatureProps {
  id: string;
  name: string;
  layer: LayerId;
  kind: string;
  address?: string | null;
  lon?: number;
  lat?: number;
  categories?: string[];
  audiences?: string[];
  languages?: string[];
  free?: boolean;
  place_name?: string | null;
  area_ha?: number | null;
  plots?: number | null;
  population?: number | null;
  designation?: string | null;
  programme?: string | null;
}
export type MapFeature = Feature<Geometry, FeatureProps>;
export type LayerCollection = FeatureCollection<Geometry, FeatureProps> & { truncated?: boolean };

export interface NearbyItem {
  id: string;
  layer: LayerId;
  name: string;
  kind: string;
  distance_m: number;
  lon: number;
  lat: number;
}

export interface Occurrence {
  start: string;
  end: string;
}

export interface OpportunityDetail {
  id: string;
  layer: 'programs';
  kind: string;
  title: string;
  title_lang: string;
  description: string | null;
  categories: string[];
  audiences: string[];
  languages: string[];
  age_min: number | null;
  age_max: number | null;
  cost: { free: boolean; amount?: number; currency?: string; note?: string };
  registration: { required?: boolean; url?: string; phone?: string; email?: string };
  schedule: { dtstart: string; duration_minutes: number; rrule: string | null; timezone: string } | null;
  next_occurrences: Occurrence[];
  place: { id: string; layer: string; name: string; kind: string; address: string | null; lon: number; lat: number } | null;
  lon: number;
  lat: number;
}

export interface PlaceDetail {
  id: string;
  layer: string;
  kind: string;
  name: string;
  address: string | null;
  opening_hours: string | null;
  accessibility: Record<string, unknown>;
  contact: Record<string, string>;
  attributes: Record<string, unknown>;
  lon: number;
  lat: number;
  opportunities: { id: string; kind: string; title: string }[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { signal, headers: { accept: 'application/json' } });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const message = (body as { error?: { message?: string } } | null)?.error?.message ?? res.statusText;
    throw new ApiError(res.status, message);
  }
  return body as T;
}

export const api = {
  config: (signal?: AbortSignal) => getJson<ClientConfig>('/api/config', signal),
  layer: (layer: LayerId, bbox: [number, number, number, number] | null, signal?: AbortSignal) =>
    getJson<LayerCollection>(
      `/api/layers/${layer}${bbox ? `?bbox=${bbox.map((v) => v.toFixed(5)).join(',')}` : ''}`,
      signal,
    ),
  nearby: (lon: number, lat: number, radiusM: number, limit: number, signal?: AbortSignal) =>
    getJson<NearbyItem[]>(
      `/api/nearby?lon=${lon.toFixed(6)}&lat=${lat.toFixed(6)}&radius_m=${radiusM}&limit=${limit}`,
      signal,
    ),
  opportunity: (id: string, signal?: AbortSignal) =>
    getJson<OpportunityDetail>(`/api/opportunities/${encodeURIComponent(id)}?occurrences=5`, signal),
  place: (id: string, signal?: AbortSignal) => getJson<PlaceDetail>(`/api/places/${encodeURIComponent(id)}`, signal),
};
