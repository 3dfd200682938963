/**
 * Loads a town in the format of data/town-format.ts (the shipped demo town, or a generated
 * benchmark town) into the database, in one transaction: all of it or nothing.
 * Rows are keyed by (tenant, source, source id), so loading the same town again updates in place.
 */

import fs from 'node:fs';
import path from 'node:path';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { type Kysely, sql, type Transaction } from 'kysely';
import { z } from 'zod';
import {
  NeighbourhoodProps,
  Opportunity,
  PlaceProps,
  StreetProps,
  TownTenant,
  WaterProps,
  ZoneProps,
} from '../../data/town-format.ts';
import { DEFAULT_OCCURRENCE_HORIZON_DAYS } from '../config.ts';
import { stableId } from '../db/ids.ts';
import type { DB } from '../db/schema.ts';
import { updatedAtIfChanged } from '../db/touched.ts';
import { refreshAfterChange } from '../opportunities/occurrence-store.ts';
import { STREETS_SOURCE, streetGraph } from './street-graph.ts';
import { checkUrl } from './urls.ts';
import { AREA_CONTENT, PLACE_CONTENT } from './content-columns.ts';

export interface TownSource {
  tenant: TownTenant;
  neighbourhoods: FeatureCollection;
  zones: FeatureCollection;
  places: FeatureCollection;
  streets: FeatureCollection;
  water: FeatureCollection;
  opportunities: Iterable<Opportunity>;
}

export interface LoadReport {
  tenant: string;
  neighbourhoods: number;
  zones: number;
  places: number;
  opportunities: number;
  streets: number;
  /** edges of the walk graph made from the streets */
  walkEdges: number;
  water: number;
}

export class TownFormatError extends Error {}

/** a town folder is all or nothing: a link with a scheme other than http, https, mailto, tel refuses it */
function safeLink(value: string, where: string): string {
  const r = checkUrl(value);
  if ('problem' in r) throw new TownFormatError(`${where} "${value}": ${r.problem}`);
  return r.url;
}

const BATCH = 5000;

/** the columns of the opportunity upsert: updated_at moves only when one of them changes */
const OPPORTUNITY_CONTENT = [
  'place_id', 'kind', 'title', 'description', 'categories', 'audiences', 'languages', 'age_min', 'age_max',
  'cost', 'is_free', 'registration', 'dtstart', 'duration_minutes', 'rrule', 'timezone', 'status', 'geom',
] as const;

function readJson(file: string): unknown {
  if (!fs.existsSync(file)) throw new TownFormatError(`Missing file ${file}`);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new TownFormatError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Reads and validates a town folder. Opportunities are parsed one by one as they are loaded. */
export function readTownDir(dir: string): TownSource {
  const fc = (name: string) => {
    const v = readJson(path.join(dir, name)) as FeatureCollection;
    if (v?.type !== 'FeatureCollection' || !Array.isArray(v.features)) {
      throw new TownFormatError(`${name} is not a GeoJSON FeatureCollection`);
    }
    return v;
  };
  const tenant = TownTenant.safeParse(readJson(path.join(dir, 'town.json')));
  if (!tenant.success) throw new TownFormatError(`town.json: ${z.prettifyError(tenant.error)}`);
  const opportunities = readJson(path.join(dir, 'opportunities.json'));
  if (!Array.isArray(opportunities)) throw new TownFormatError('opportunities.json is not a JSON array');
  return {
    tenant: tenant.data,
    neighbourhoods: fc('neighbourhoods.geojson'),
    zones: fc('zones.geojson'),
    places: fc('places.geojson'),
    streets: fc('streets.geojson'),
    water: fc('water.geojson'),
    opportunities: opportunities as Opportunity[],
  };
}

function validProps<S extends z.ZodType>(schema: S, f: Feature, file: string, i: number): z.infer<S> {
  const r = schema.safeParse(f.properties);
  if (!r.success) throw new TownFormatError(`${file} feature ${i + 1}: ${z.prettifyError(r.error)}`);
  if (!f.geometry) throw new TownFormatError(`${file} feature ${i + 1}: geometry is null`);
  return r.data;
}

function* batches<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

export async function loadTown(
  db: Kysely<DB>,
  town: TownSource,
  onProgress: (msg: string) => void = () => {},
): Promise<LoadReport> {
  return db.transaction().execute((trx) => loadTownIn(trx, town, onProgress));
}

async function loadTownIn(trx: Transaction<DB>, town: TownSource, onProgress: (msg: string) => void) {
  const t = town.tenant;
  const source = t.source;
  const id = (table: string, sourceId: string) => stableId(t.slug, source, sourceId, table);

  const tenantRow = await trx
    .insertInto('tenant')
    .values({
      slug: t.slug,
      name: JSON.stringify(t.name),
      locales: t.locales,
      default_locale: t.defaultLocale,
      timezone: t.timezone,
      home: JSON.stringify(t.home),
      bbox: t.bbox,
      source,
      fictional: t.fictional,
    })
    .onConflict((oc) =>
      oc.column('slug').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        locales: eb.ref('excluded.locales'),
        default_locale: eb.ref('excluded.default_locale'),
        timezone: eb.ref('excluded.timezone'),
        home: eb.ref('excluded.home'),
        bbox: eb.ref('excluded.bbox'),
      })),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  const tenantId = tenantRow.id;
  const report: LoadReport = {
    tenant: t.slug,
    neighbourhoods: 0,
    zones: 0,
    places: 0,
    opportunities: 0,
    streets: 0,
    water: 0,
    walkEdges: 0,
  };

  // Areas: neighbourhoods and zones.
  const areaRows = [
    ...town.neighbourhoods.features.map((f, i) => {
      const p = validProps(NeighbourhoodProps, f, 'neighbourhoods.geojson', i);
      return {
        id: id('area', p.source_id),
        kind: 'neighbourhood',
        name: p.name,
        names: p.names ?? {},
        population: p.population,
        population_by_age: p.population_by_age,
        census: p.census,
        source_id: p.source_id,
        geometry: JSON.stringify(f.geometry),
      };
    }),
    ...town.zones.features.map((f, i) => {
      const p = validProps(ZoneProps, f, 'zones.geojson', i);
      return {
        id: id('area', p.source_id),
        kind: p.kind,
        name: p.name,
        names: p.names ?? {},
        designation: p.designation,
        programme: p.programme ?? null,
        valid_from: p.valid_from ?? null,
        valid_to: p.valid_to ?? null,
        source_id: p.source_id,
        geometry: JSON.stringify(f.geometry),
      };
    }),
  ];
  for (const batch of batches(areaRows, BATCH)) {
    await sql`
      INSERT INTO area (id, tenant_id, kind, name, names, population, population_by_age, census,
                        designation, programme, valid_from, valid_to, source, source_id, geom)
      SELECT r.id, ${tenantId}, r.kind, r.name, r.names, r.population, r.population_by_age,
             COALESCE(r.census, '{}'::jsonb), r.designation, r.programme, r.valid_from, r.valid_to,
             ${source}, r.source_id, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(r.geometry), 4326))
      FROM jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) AS r(
        id uuid, kind text, name text, names jsonb, population integer, population_by_age jsonb,
        census jsonb, designation text, programme text, valid_from date, valid_to date,
        source_id text, geometry text)
      ON CONFLICT (tenant_id, source, source_id) DO UPDATE SET
        kind = excluded.kind, name = excluded.name, names = excluded.names,
        population = excluded.population, population_by_age = excluded.population_by_age,
        census = excluded.census, designation = excluded.designation, programme = excluded.programme,
        valid_from = excluded.valid_from, valid_to = excluded.valid_to, geom = excluded.geom,
        updated_at = ${updatedAtIfChanged('area', AREA_CONTENT)}`.execute(trx);
  }
  report.neighbourhoods = town.neighbourhoods.features.length;
  report.zones = town.zones.features.length;
  onProgress(`  ${report.neighbourhoods} neighbourhoods, ${report.zones} zones`);

  // Places.
  const placeSourceIds = new Set<string>();
  const placeRows = town.places.features.map((f, i) => {
    const p = validProps(PlaceProps, f, 'places.geojson', i);
    if (p.contact.website !== undefined)
      p.contact.website = safeLink(p.contact.website, `places.geojson feature ${i + 1} contact.website`);
    placeSourceIds.add(p.source_id);
    return { ...p, id: id('place', p.source_id), geometry: JSON.stringify(f.geometry) };
  });
  for (const batch of batches(placeRows, BATCH)) {
    await sql`
      INSERT INTO place (id, tenant_id, kind, name, names, address, opening_hours, accessibility,
                         contact, attributes, source, source_id, geom, anchor)
      SELECT r.id, ${tenantId}, r.kind, r.name, COALESCE(r.names, '{}'::jsonb), r.address, r.opening_hours,
             r.accessibility, r.contact, r.attributes, ${source}, r.source_id, g.geom, ST_PointOnSurface(g.geom)
      FROM jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) AS r(
        id uuid, kind text, name text, names jsonb, address text, opening_hours text,
        accessibility jsonb, contact jsonb, attributes jsonb, source_id text, geometry text)
      CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_GeomFromGeoJSON(r.geometry), 4326) AS geom) g
      ON CONFLICT (tenant_id, source, source_id) DO UPDATE SET
        kind = excluded.kind, name = excluded.name, names = excluded.names, address = excluded.address,
        opening_hours = excluded.opening_hours, accessibility = excluded.accessibility,
        contact = excluded.contact, attributes = excluded.attributes, geom = excluded.geom,
        anchor = excluded.anchor, updated_at = ${updatedAtIfChanged('place', PLACE_CONTENT)}`.execute(trx);
    report.places += batch.length;
  }
  onProgress(`  ${report.places} places`);

  // Opportunities, streamed in batches (a benchmark town has a million).
  let index = 0;
  const rows = (function* () {
    for (const raw of town.opportunities) {
      index += 1;
      const r = Opportunity.safeParse(raw);
      if (!r.success)
        throw new TownFormatError(`opportunities.json item ${index}: ${z.prettifyError(r.error)}`);
      const o = r.data;
      if (o.registration.url !== undefined)
        o.registration.url = safeLink(
          o.registration.url,
          `opportunities.json item ${index} registration.url`,
        );
      if (o.place_source_id !== null && !placeSourceIds.has(o.place_source_id)) {
        throw new TownFormatError(
          `opportunities.json item ${index}: unknown place_source_id ${o.place_source_id}`,
        );
      }
      if (o.place_source_id === null && o.point === null) {
        throw new TownFormatError(`opportunities.json item ${index}: needs a place_source_id or a point`);
      }
      yield {
        id: id('opportunity', o.source_id),
        place_id: o.place_source_id === null ? null : id('place', o.place_source_id),
        kind: o.kind,
        title: o.title,
        description: o.description ?? {},
        categories: o.categories,
        audiences: o.audiences,
        languages: o.languages,
        age_min: o.age_min,
        age_max: o.age_max,
        cost: o.cost,
        registration: o.registration,
        dtstart: o.schedule?.dtstart ?? null,
        duration_minutes: o.schedule?.duration_minutes ?? null,
        rrule: o.schedule?.rrule ?? null,
        timezone: o.schedule?.timezone ?? null,
        status: o.status,
        source_id: o.source_id,
        lon: o.point?.[0] ?? null,
        lat: o.point?.[1] ?? null,
      };
    }
  })();
  for (const batch of batches(rows, BATCH)) {
    await sql`
      INSERT INTO opportunity (id, tenant_id, place_id, kind, title, description, categories, audiences,
                               languages, age_min, age_max, cost, is_free, registration, dtstart,
                               duration_minutes, rrule, timezone, status, source, source_id, geom)
      SELECT r.id, ${tenantId}, r.place_id, r.kind, r.title, r.description,
             ARRAY(SELECT jsonb_array_elements_text(r.categories)),
             ARRAY(SELECT jsonb_array_elements_text(r.audiences)),
             ARRAY(SELECT jsonb_array_elements_text(r.languages)),
             r.age_min, r.age_max, r.cost, COALESCE((r.cost->>'free')::boolean, false), r.registration,
             r.dtstart, r.duration_minutes, r.rrule, r.timezone, r.status, ${source}, r.source_id,
             COALESCE(ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326), p.anchor)
      FROM jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) AS r(
        id uuid, place_id uuid, kind text, title jsonb, description jsonb, categories jsonb,
        audiences jsonb, languages jsonb, age_min integer, age_max integer, cost jsonb,
        registration jsonb, dtstart timestamp, duration_minutes integer, rrule text, timezone text,
        status text, source_id text, lon double precision, lat double precision)
      LEFT JOIN place p ON p.id = r.place_id
      ON CONFLICT (tenant_id, source, source_id) DO UPDATE SET
        place_id = excluded.place_id, kind = excluded.kind, title = excluded.title,
        description = excluded.description, categories = excluded.categories,
        audiences = excluded.audiences, languages = excluded.languages, age_min = excluded.age_min,
        age_max = excluded.age_max, cost = excluded.cost, is_free = excluded.is_free,
        registration = excluded.registration, dtstart = excluded.dtstart,
        duration_minutes = excluded.duration_minutes, rrule = excluded.rrule,
        timezone = excluded.timezone, status = excluded.status, geom = excluded.geom,
        updated_at = ${updatedAtIfChanged('opportunity', OPPORTUNITY_CONTENT)}`.execute(
      trx,
    );
    report.opportunities += batch.length;
    if (report.opportunities % 100_000 < BATCH) onProgress(`  ${report.opportunities} opportunities`);
  }
  onProgress(`  ${report.opportunities} opportunities`);

  // Basemap: replaced wholesale (it has no ids of its own); an OpenStreetMap extract's basemap
  // (its own source) stays.
  await trx.deleteFrom('basemap_feature').where('tenant_id', '=', tenantId).where('source', '=', 'town').execute();
  const basemapRows = [
    ...town.streets.features.map((f, i) => {
      const p = validProps(StreetProps, f, 'streets.geojson', i);
      return { kind: 'street', class: p.highway, name: p.name ?? null, geometry: JSON.stringify(f.geometry) };
    }),
    ...town.water.features.map((f, i) => {
      const p = validProps(WaterProps, f, 'water.geojson', i);
      return { kind: 'water', class: p.kind, name: p.name ?? null, geometry: JSON.stringify(f.geometry) };
    }),
  ];
  for (const batch of batches(basemapRows, BATCH)) {
    await sql`
      INSERT INTO basemap_feature (tenant_id, kind, class, name, geom)
      SELECT ${tenantId}, r.kind, r.class, r.name, ST_SetSRID(ST_GeomFromGeoJSON(r.geometry), 4326)
      FROM jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) AS r(kind text, class text, name text, geometry text)`.execute(
      trx,
    );
  }
  report.streets = town.streets.features.length;
  report.water = town.water.features.length;
  onProgress(`  ${report.streets} streets, ${report.water} water bodies`);

  // The walk graph of the town's streets, replaced wholesale; a town imported with its own
  // (OpenStreetMap) walk graph keeps that one under its own source.
  const graph = streetGraph(
    town.streets.features.flatMap((f) => {
      const g = f.geometry;
      const parts =
        g?.type === 'LineString' ? [g.coordinates] : g?.type === 'MultiLineString' ? g.coordinates : [];
      return parts.map((coordinates) => ({
        coordinates: coordinates as [number, number][],
        highway: String(f.properties?.highway ?? 'road'),
        name: typeof f.properties?.name === 'string' ? f.properties.name : null,
      }));
    }),
  );
  await trx
    .deleteFrom('walk_edge')
    .where('tenant_id', '=', tenantId)
    .where('source', '=', STREETS_SOURCE)
    .execute();
  await trx
    .deleteFrom('walk_node')
    .where('tenant_id', '=', tenantId)
    .where('source', '=', STREETS_SOURCE)
    .execute();
  for (const batch of batches([...graph.nodes], BATCH * 5)) {
    await sql`
      INSERT INTO walk_node (tenant_id, source, source_id, geom)
      SELECT ${tenantId}, ${STREETS_SOURCE}, r.s, ST_SetSRID(ST_MakePoint(r.x, r.y), 4326)
      FROM jsonb_to_recordset(${JSON.stringify(batch.map(([s, [x, y]]) => ({ s, x, y })))}::jsonb)
        AS r(s text, x float8, y float8)`.execute(trx);
  }
  for (const batch of batches(graph.edges, BATCH * 5)) {
    const payload = batch.map((e) => ({
      s: e.id,
      a: e.from,
      b: e.to,
      l: e.lengthM,
      h: e.highway,
      n: e.name,
      g: JSON.stringify({ type: 'LineString', coordinates: e.coordinates }),
    }));
    await sql`
      INSERT INTO walk_edge (tenant_id, source, source_id, from_node, to_node, length_m, highway, name, geom)
      SELECT ${tenantId}, ${STREETS_SOURCE}, r.s, a.id, b.id, r.l, r.h, r.n, ST_SetSRID(ST_GeomFromGeoJSON(r.g), 4326)
      FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS r(s text, a text, b text, l float8, h text, n text, g text)
      JOIN walk_node a ON a.tenant_id = ${tenantId} AND a.source = ${STREETS_SOURCE} AND a.source_id = r.a
      JOIN walk_node b ON b.tenant_id = ${tenantId} AND b.source = ${STREETS_SOURCE} AND b.source_id = r.b`.execute(
      trx,
    );
  }
  report.walkEdges = graph.edges.length;
  onProgress(`  walk graph of the streets: ${graph.nodes.size} junctions, ${graph.edges.length} edges`);
  // the stored occurrences of the town's schedules, in the same transaction
  const occurrences = await refreshAfterChange(trx, tenantId, {
    now: Date.now(),
    horizonDays: DEFAULT_OCCURRENCE_HORIZON_DAYS,
  });
  onProgress(`  ${occurrences} stored occurrences`);
  return report;
}

/** Geometry helper used by tests and fixtures. */
export type AnyFeature = Feature<Geometry>;
