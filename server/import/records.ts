/**
 * The common shape every importer produces, whatever its input format, and the writer
 * (`server/import/write.ts`) stores — in one transaction, keyed by (tenant, source, source id).
 *
 * A parser reads its input, applies the field mapping, and yields `ImportRecord`s, or
 * `RowIssue`s for rows it cannot turn into a record (with the row's line or feature number).
 * Geometry is GeoJSON in the source's coordinate system, declared by `srid` (default 4326);
 * the writer reprojects it with PostGIS (ST_Transform) and checks it (ST_IsValid / ST_MakeValid).
 */
import type { Geometry } from 'geojson';

export type LocalizedText = Record<string, string>;

/** where in the input a record or an issue came from: 1-based line (CSV) or feature number */
export interface SourceRef {
  file: string;
  /** 1-based line number in a text file (CSV: the header is line 1) */
  line?: number;
  /** 1-based feature number in a GeoJSON file, or the OSM element `type/id` */
  feature?: number | string;
}

export type AreaKind = 'neighbourhood' | 'degraded_zone' | 'revitalization_zone' | 'population_unit';
export type PlaceKind =
  | 'park'
  | 'community_garden'
  | 'community_centre'
  | 'library'
  | 'playground'
  | 'coworking'
  | 'organisation_site';

export interface AreaRecord {
  type: 'area';
  kind: AreaKind;
  sourceId: string;
  name: string;
  names?: LocalizedText;
  geometry: Geometry | null;
  /** instead of `geometry`: well-known text (CSV sources with a WKT column) */
  wkt?: string;
  population?: number | null;
  populationByAge?: Record<string, number> | null;
  census?: Record<string, number>;
  designation?: string | null;
  programme?: string | null;
  validFrom?: string | null;
  validTo?: string | null;
  ref: SourceRef;
}

export interface PlaceRecord {
  type: 'place';
  kind: PlaceKind;
  sourceId: string;
  name: string;
  names?: LocalizedText;
  geometry: Geometry | null;
  /** instead of `geometry`: well-known text (CSV sources with a WKT column) */
  wkt?: string;
  address?: string | null;
  openingHours?: string | null;
  accessibility?: Record<string, unknown>;
  contact?: Record<string, string>;
  attributes?: Record<string, unknown>;
  ref: SourceRef;
}

export interface ScheduleRecord {
  /** local wall time, `YYYY-MM-DDTHH:MM` */
  dtstart: string;
  durationMinutes: number;
  /** RRULE body without DTSTART (e.g. `FREQ=WEEKLY;BYDAY=MO,WE`); null = one-off */
  rrule: string | null;
  /** IANA zone; the tenant's when absent */
  timezone?: string;
  /** exception dates (local wall times) removed from the rule */
  exdates?: string[];
}

export interface OpportunityRecord {
  type: 'opportunity';
  kind: 'program' | 'event' | 'volunteering' | 'group' | 'service' | 'grant';
  sourceId: string;
  /** the place it happens at: source id of a place of the same source (or `placeSource` when set) */
  placeSourceId?: string | null;
  placeSource?: string;
  /** its own point when it has no place */
  geometry?: Geometry | null;
  wkt?: string;
  title: LocalizedText;
  description?: LocalizedText;
  categories: string[];
  audiences: string[];
  languages: string[];
  ageMin?: number | null;
  ageMax?: number | null;
  cost?: { free: boolean; amount?: number; currency?: string; note?: string };
  registration?: Record<string, unknown>;
  eligibility?: string | null;
  accessibility?: Record<string, unknown>;
  contact?: Record<string, string>;
  organisation?: string | null;
  /** anything else worth keeping (e.g. the address text of a program without a place) */
  attributes?: Record<string, unknown>;
  /** the first is the main schedule; several when hours differ by day */
  schedules: ScheduleRecord[];
  status?: 'draft' | 'pending' | 'published' | 'archived';
  ref: SourceRef;
}

/** A node of the pedestrian network (OSM node id or generated). */
export interface WalkNodeRecord {
  type: 'walk_node';
  sourceId: string;
  lon: number;
  lat: number;
}

/** A walkable edge between two nodes, its geometry and length in metres. */
export interface WalkEdgeRecord {
  type: 'walk_edge';
  sourceId: string;
  from: string;
  to: string;
  geometry: Geometry;
  lengthM: number;
  highway: string;
  name?: string | null;
}

/**
 * A feature of the offline basemap (an OpenStreetMap extract's streets, water, green spaces,
 * buildings and place names). Stored in basemap_feature, replaced per (tenant, source).
 */
export interface BasemapRecord {
  type: 'basemap';
  kind: 'street' | 'water' | 'green' | 'building' | 'place';
  /** the OSM value that says what it is (highway=residential → residential, natural=water → water) */
  class: string;
  sourceId: string;
  name: string | null;
  /** names per language from `name:xx` */
  names: LocalizedText;
  geometry: Geometry;
}

export type ImportRecord =
  | AreaRecord
  | PlaceRecord
  | OpportunityRecord
  | WalkNodeRecord
  | WalkEdgeRecord
  | BasemapRecord;

export interface RowIssue {
  ref: SourceRef;
  reason: string;
  /** `error` rejects the row (and the import, unless --skip-invalid); `warning` is only reported */
  severity: 'error' | 'warning';
}

/** What a parser yields: records and issues, in input order. */
export type ParseItem = ImportRecord | { type: 'issue'; issue: RowIssue };

/** Progress of a long read (bytes or rows done / total, when known). */
export type ProgressFn = (done: number, total: number | null) => void;
