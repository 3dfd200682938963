/** Typed calls to the Commons Map API. Every call can be aborted (the map moves on). */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { apiUrl } from './state/tenant.ts';

export interface ClientConfig {
  tenant: {
    slug: string;
    name: string;
    names: Record<string, string>;
    locales: string[];
    defaultLocale: string;
    timezone: string;
    /** '12h' | '24h' forced by the tenant; null: the custom of the reader's language (web/format.ts) */
    clock?: '12h' | '24h' | null;
    home: { center: [number, number]; zoom: number };
    bbox: [number, number, number, number] | null;
  };
  mapStyleUrl: string;
  database: 'postgis' | 'pglite';
  /** how the server chose the tenant: ?tenant=, the /t/<slug>/ prefix, the host name, the default */
  tenantVia?: 'query' | 'prefix' | 'host' | 'default';
}

export type LayerId = 'parks' | 'gardens' | 'centres' | 'programs' | 'degraded-zones' | 'neighbourhoods' | 'needs';

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
  /** an opportunity a resident proposed (issue 13) */
  resident_initiative?: boolean;
  /** a need's confirmed supports (the needs layer) */
  supports?: number;
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
  description_lang: string | null;
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
  /** a resident initiative (issue 13): the mark, its join link (url only when not private) */
  resident_initiative?: boolean;
  join?: { platform: string; private: boolean; url?: string } | null;
  /** the proposal it was made from and its supports, when the API gives them */
  proposal_id?: string;
  supports?: number;
  /** a grant: apply by the deadline (inclusive), up to the amount */
  grant?: Grant | null;
  eligibility?: string | null;
}

export interface Grant {
  deadline: string;
  amount: number;
  currency: string;
}

export interface SearchItem {
  id: string;
  name: string;
  name_lang: string;
  kind: string;
  categories: string[];
  audiences: string[];
  languages: string[];
  free: boolean;
  wheelchair: boolean;
  place_id: string | null;
  place_name: string | null;
  lon: number;
  lat: number;
  distance_m: number | null;
  next: Occurrence | null;
  for_you: boolean;
  /** made from a resident's proposal (issue 13): the "Resident initiative" mark */
  resident_initiative: boolean;
  grant?: Grant | null;
}

export interface SearchResult {
  total: number;
  items: SearchItem[];
  facets: {
    category: Record<string, number>;
    audience: Record<string, number>;
    language: Record<string, number>;
    free: number;
    wheelchair: number;
  };
}

export interface TextHit {
  id: string;
  type: 'place' | 'opportunity' | 'neighbourhood' | 'street';
  kind: string;
  name: string;
  /** a place's address */
  detail: string | null;
  /** an activity's title language (its mark when it is not the reader's); null for the rest */
  name_lang?: string | null;
  lon: number;
  lat: number;
  /** what tells two hits of one name apart: an activity's place, the neighbourhood, the next dates */
  place?: string | null;
  area?: string | null;
  next?: string | null;
  after?: string | null;
}

/** a category named by the words typed ("їжа" → food support): choosing it filters the list */
export interface CategoryHit {
  /** the category's code */
  id: string;
  type: 'category';
  kind: 'category';
  name: string;
  detail: null;
  name_lang?: null;
  lon: null;
  lat: null;
}

export type AnyHit = TextHit | CategoryHit;

/** the hits that have a position (what a location search wants) */
export const positioned = (hits: AnyHit[]): TextHit[] => hits.filter((h): h is TextHit => h.type !== 'category');

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
  opening: { open_now: boolean | null; next_change: string | null; unparsed?: boolean } | null;
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
  const body: unknown = await res.json().catch((e: unknown) => {
    if (signal?.aborted) throw e;
    return null;
  });
  if (res.ok && body === null) throw new ApiError(res.status, `${url} answered without JSON`);
  if (!res.ok) {
    const message = (body as { error?: { message?: string } } | null)?.error?.message ?? res.statusText;
    throw new ApiError(res.status, message);
  }
  return body as T;
}

let uiLang = 'en';
/** names and titles come in the interface's language (with the server's fallback) */
export function setApiLanguage(lang: string) {
  uiLang = lang;
}
const withLang = (url: string) => apiUrl(`${url}${url.includes('?') ? '&' : '?'}lang=${uiLang}`);

export const api = {
  config: (signal?: AbortSignal) => getJson<ClientConfig>(apiUrl('/api/config'), signal),
  layer: (layer: LayerId, bbox: [number, number, number, number] | null, signal?: AbortSignal) =>
    getJson<LayerCollection>(
      withLang(`/api/layers/${layer}${bbox ? `?bbox=${bbox.map((v) => v.toFixed(5)).join(',')}` : ''}`),
      signal,
    ),
  search: (query: string, signal?: AbortSignal) => getJson<SearchResult>(withLang(`/api/opportunities?${query}`), signal),
  /** places, activities, neighbourhoods and streets by name */
  text: (q: string, signal?: AbortSignal) =>
    getJson<AnyHit[]>(withLang(`/api/search?q=${encodeURIComponent(q)}&limit=8`), signal).then(positioned),
  /** the same, and the categories the words name */
  textAndCategories: (q: string, signal?: AbortSignal) => getJson<AnyHit[]>(withLang(`/api/search?q=${encodeURIComponent(q)}&limit=8`), signal),
  calendarUrl: (id: string, occurrence?: string) =>
    withLang(`/api/opportunities/${encodeURIComponent(id)}/calendar.ics${occurrence ? `?occurrence=${encodeURIComponent(occurrence)}` : ''}`),
  /** the nearest of these layers (all four when none are named) */
  nearby: (lon: number, lat: number, radiusM: number, limit: number, signal?: AbortSignal, layers?: NearbyItem['layer'][]) =>
    getJson<NearbyItem[]>(
      withLang(`/api/nearby?lon=${lon.toFixed(6)}&lat=${lat.toFixed(6)}&radius_m=${radiusM}&limit=${limit}${layers ? `&layers=${layers.join(',')}` : ''}`),
      signal,
    ),
  opportunity: (id: string, signal?: AbortSignal, occurrences = 5) =>
    getJson<OpportunityDetail>(withLang(`/api/opportunities/${encodeURIComponent(id)}?occurrences=${occurrences}`), signal),
  place: (id: string, signal?: AbortSignal) => getJson<PlaceDetail>(withLang(`/api/places/${encodeURIComponent(id)}`), signal),
};
