/** One place with the opportunities that happen there, for the detail view. */
import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { DB, LocalizedText } from '../db/schema.ts';

export interface PlaceRow {
  id: string;
  kind: string;
  name: string;
  names: LocalizedText;
  address: string | null;
  opening_hours: string | null;
  accessibility: Record<string, unknown>;
  contact: Record<string, string>;
  attributes: Record<string, unknown>;
  lon: number;
  lat: number;
  geometry: unknown;
}

export async function findPlace(
  db: Kysely<DB>,
  tenantId: number,
  id: string,
  /** which rows may be read: published ones (the public), or the back office's writableBy(actor, 'p') */
  scope: RawBuilder<SqlBool> = sql<SqlBool>`p.status = 'published'`,
): Promise<PlaceRow | undefined> {
  const { rows } = await sql<PlaceRow>`
    SELECT p.id, p.kind, p.name, p.names, p.address, p.opening_hours, p.accessibility, p.contact,
           p.attributes, ST_X(p.anchor) AS lon, ST_Y(p.anchor) AS lat,
           ST_AsGeoJSON(p.geom, 6)::json AS geometry
    FROM place p
    WHERE p.tenant_id = ${tenantId} AND p.id = ${id}::uuid AND ${scope}`.execute(db);
  return rows[0];
}

export interface PlaceOpportunityRow {
  id: string;
  kind: string;
  title: LocalizedText;
}

export async function opportunitiesAt(
  db: Kysely<DB>,
  tenantId: number,
  placeId: string,
  limit = 200,
): Promise<PlaceOpportunityRow[]> {
  return db
    .selectFrom('opportunity')
    .select(['id', 'kind', 'title'])
    .where('tenant_id', '=', tenantId)
    .where('place_id', '=', placeId)
    .where('status', '=', 'published')
    .orderBy('id')
    .limit(limit)
    .execute();
}
