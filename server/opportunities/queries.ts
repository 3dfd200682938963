/** One opportunity with its place, for the detail view. */
import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { DB, LocalizedText } from '../db/schema.ts';
import type { ScheduleRecord } from '../import/records.ts';

export interface OpportunityRow {
  id: string;
  kind: string;
  title: LocalizedText;
  description: LocalizedText;
  categories: string[];
  audiences: string[];
  languages: string[];
  age_min: number | null;
  age_max: number | null;
  cost: { free: boolean; amount?: number; currency?: string; note?: string };
  registration: Record<string, unknown>;
  dtstart: string | null;
  duration_minutes: number | null;
  rrule: string | null;
  timezone: string | null;
  status: string;
  /** null only for a draft without a location (the back office's preview) */
  lon: number | null;
  lat: number | null;
  place_id: string | null;
  place_name: string | null;
  place_names: LocalizedText | null;
  place_kind: string | null;
  place_address: string | null;
  place_lon: number | null;
  place_lat: number | null;
  /** every schedule of an imported opportunity (HSDS hours by day, iCalendar EXDATEs) */
  schedules: ScheduleRecord[];
  /** a grant's deadline (YYYY-MM-DD), amount and currency (migration 0014) */
  grant_deadline: string | null;
  grant_amount: string | null;
  grant_currency: string | null;
  eligibility: string | null;
}

export async function findOpportunity(
  db: Kysely<DB>,
  tenantId: number,
  id: string,
  /** which rows may be read: published ones (the public), or the back office's writableBy(actor, 'o') */
  scope: RawBuilder<SqlBool> = sql<SqlBool>`o.status = 'published'`,
): Promise<OpportunityRow | undefined> {
  const { rows } = await sql<OpportunityRow>`
    SELECT o.id, o.kind, o.title, o.description, o.categories, o.audiences, o.languages,
           o.age_min, o.age_max, o.cost, o.registration, o.dtstart::text AS dtstart,
           o.duration_minutes, o.rrule, o.timezone, o.status, o.schedules,
           ST_X(o.geom) AS lon, ST_Y(o.geom) AS lat,
           o.grant_deadline::text AS grant_deadline, o.grant_amount::text AS grant_amount, o.grant_currency,
           o.eligibility,
           p.id AS place_id, p.name AS place_name, p.names AS place_names, p.kind AS place_kind,
           p.address AS place_address, ST_X(p.anchor) AS place_lon, ST_Y(p.anchor) AS place_lat
    FROM opportunity o LEFT JOIN place p ON p.id = o.place_id
    WHERE o.tenant_id = ${tenantId} AND o.id = ${id}::uuid AND ${scope}`.execute(db);
  return rows[0];
}
