/** GeoJSON FeatureCollections → records of any layer, through a field mapping. */

import path from 'node:path';
import type { Feature, Geometry } from 'geojson';
import { ImportInputError } from './errors.ts';
import type { TabularMapping } from './mapping.ts';
import type { ParseItem } from './records.ts';
import { rowToItem, SourceIds } from './tabular.ts';
import { readText } from './text.ts';

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

export function* parseGeoJson(file: string, mapping: TabularMapping): Generator<ParseItem> {
  const name = path.basename(file);
  let doc: unknown;
  try {
    doc = JSON.parse(readText(file, mapping.encoding));
  } catch (err) {
    throw new GeoJsonError(`${name} is not valid JSON: ${(err as Error).message}`);
  }
  const fc = doc as { type?: string; features?: unknown; crs?: { properties?: { name?: string } } };
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new GeoJsonError(`${name} is not a GeoJSON FeatureCollection`);
  }
  const crs = fc.crs?.properties?.name;
  if (crs) {
    const m = /EPSG:{1,2}(\d+)/i.exec(crs) ?? (/CRS84$/i.test(crs) ? ['', '4326'] : null);
    if (m && Number(m[1]) !== mapping.srid) {
      throw new GeoJsonError(`${name} declares crs ${crs} but the mapping says srid ${mapping.srid}`);
    }
  }
  const ids = new SourceIds(mapping.duplicateIds);
  for (const [i, raw] of (fc.features as unknown[]).entries()) {
    const ref = { file: name, feature: i + 1 };
    const f = raw as Feature | null;
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
    yield rowToItem(
      mapping,
      (f.properties ?? {}) as Record<string, unknown>,
      (f.geometry as Geometry | null) ?? null,
      ref,
      ids,
    );
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
