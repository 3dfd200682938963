/** GeoJSON FeatureCollections → records of any layer, through a field mapping. */

import path from 'node:path';
import type { Feature, Geometry } from 'geojson';
import { ImportInputError } from './errors.ts';
import type { TabularMapping } from './mapping.ts';
import type { ParseItem } from './records.ts';
import { readFeatureCollection } from './feature-stream.ts';
import { rowToItem, SourceIds } from './tabular.ts';

const GEOMETRY_TYPES = new Set([
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
  'GeometryCollection',
]);

export class GeoJsonError extends ImportInputError {}

/** a structural check of a geometry; PostGIS checks validity (rings, self-intersections) later */
export function geometryProblem(g: unknown): string | null {
  if (g === null || g === undefined) return null;
  if (typeof g !== 'object') return 'geometry is not an object';
  const geom = g as { type?: unknown; coordinates?: unknown };
  if (typeof geom.type !== 'string' || !GEOMETRY_TYPES.has(geom.type))
    return `unknown geometry type ${String(geom.type)}`;
  if (geom.type === 'GeometryCollection') return null;
  const bad = (c: unknown): boolean =>
    Array.isArray(c) && typeof c[0] === 'number'
      ? c.length < 2 || !c.every((v) => typeof v === 'number' && Number.isFinite(v))
      : !Array.isArray(c) || c.some(bad);
  if (!Array.isArray(geom.coordinates) || bad(geom.coordinates)) return 'coordinates are not numbers';
  return null;
}

/**
 * Streams the features of a FeatureCollection through the mapping: one feature in memory at a time
 * (see feature-stream.ts), so a file of any size within the upload limit reads in bounded memory.
 */
export async function* parseGeoJson(file: string, mapping: TabularMapping): AsyncGenerator<ParseItem> {
  const name = path.basename(file);
  const ids = new SourceIds(mapping.duplicateIds);
  let type: unknown;
  let sawFeatures = false; // a "features" array
  const notCollection = (why: string) =>
    new GeoJsonError(`${name} is not a GeoJSON FeatureCollection (${why})`);
  for await (const item of readFeatureCollection(file, mapping.encoding)) {
    if (item.kind === 'featuresStart') {
      sawFeatures = true;
      continue;
    }
    if (item.kind === 'member') {
      if (item.key === 'type') {
        type = item.value;
        if (type !== 'FeatureCollection') throw notCollection(`its type is ${JSON.stringify(type)}`);
      } else if (item.key === 'features') {
        throw notCollection('"features" is not an array');
      } else if (item.key === 'crs') {
        checkCrs(name, item.value, mapping.srid);
      }
      continue;
    }
    const ref = { file: name, feature: item.index };
    const f = item.value as Feature | null;
    if (f?.type !== 'Feature') {
      yield { type: 'issue', issue: { ref, reason: 'not a GeoJSON Feature', severity: 'error' } };
      continue;
    }
    const problem = geometryProblem(f.geometry);
    if (problem) {
      yield { type: 'issue', issue: { ref, reason: problem, severity: 'error' } };
      continue;
    }
    if (mapping.srid === 4326 && f.geometry && outOfRange(f.geometry)) {
      yield {
        type: 'issue',
        issue: { ref, reason: 'coordinates outside longitude −180…180 / latitude −90…90', severity: 'error' },
      };
      continue;
    }
    const props = f.properties !== null && typeof f.properties === 'object' ? f.properties : {};
    yield* rowToItem(
      mapping,
      props as Record<string, unknown>,
      (f.geometry as Geometry | null) ?? null,
      ref,
      ids,
    );
  }
  if (type === undefined) throw notCollection('it has no "type": "FeatureCollection"');
  if (!sawFeatures) throw notCollection('it has no "features" array');
}

function checkCrs(name: string, crsValue: unknown, srid: number) {
  const crs = (crsValue as { properties?: { name?: unknown } } | null)?.properties?.name;
  if (typeof crs !== 'string') return;
  const m = /EPSG:{1,2}(\d+)/i.exec(crs) ?? (/CRS84$/i.test(crs) ? ['', '4326'] : null);
  if (m && Number(m[1]) !== srid) {
    throw new GeoJsonError(`${name} declares crs ${crs} but the mapping says srid ${srid}`);
  }
}

function outOfRange(g: Geometry): boolean {
  const walk = (c: unknown): boolean =>
    Array.isArray(c) && typeof c[0] === 'number'
      ? Math.abs(c[0] as number) > 180 || Math.abs(c[1] as number) > 90
      : Array.isArray(c) && c.some(walk);
  if (g.type === 'GeometryCollection') return g.geometries.some(outOfRange);
  return walk(g.coordinates);
}
