/**
 * PostGIS expressions used by the queries, each written once. Every value is bound as a
 * parameter; identifiers never come from input.
 */
import { type RawBuilder, sql } from 'kysely';
import type { BBox } from '../http/params.ts';

/** A WGS84 point as geography: the right-hand side of `<->` and ST_DWithin on geography indexes. */
export function geogPoint(lon: number, lat: number): RawBuilder<unknown> {
  return sql`ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326)::geography`;
}

/** The bbox as a 4326 envelope, for `geom && envelope` filters on the plain geometry index. */
export function envelope(b: BBox): RawBuilder<unknown> {
  return sql`ST_MakeEnvelope(${b[0]}::float8, ${b[1]}::float8, ${b[2]}::float8, ${b[3]}::float8, 4326)`;
}

/** GeoJSON of a geometry column with 6 decimals (~0.1 m), as json. */
export function asGeoJson(column: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`ST_AsGeoJSON(${column}, 6)::json`;
}
