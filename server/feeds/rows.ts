/** The stored rows behind a feed's items: every schedule, the texts, the place and when each changed. */
import { type Kysely, sql } from 'kysely';
import type { DB, LocalizedText } from '../db/schema.ts';
import type { ScheduleRecord } from '../import/records.ts';

export interface FeedRow {
  id: string;
  title: LocalizedText;
  description: LocalizedText;
  categories: string[];
  dtstart: string | null;
  duration_minutes: number | null;
  rrule: string | null;
  timezone: string | null;
  schedules: ScheduleRecord[];
  place_name: string | null;
  place_names: LocalizedText | null;
  place_address: string | null;
  lon: number;
  lat: number;
  /** the last change of the activity or of its place (whose name and address the feeds show) */
  updated_at: Date;
}

/** the rows of these opportunities of the tenant, by id */
export async function feedRows(
  db: Kysely<DB>,
  tenantId: number,
  ids: string[],
): Promise<Map<string, FeedRow>> {
  if (!ids.length) return new Map();
  const { rows } = await sql<FeedRow>`
    SELECT o.id, o.title, o.description, o.categories, o.dtstart::text AS dtstart, o.duration_minutes,
           o.rrule, o.timezone, o.schedules, p.name AS place_name, p.names AS place_names,
           p.address AS place_address, ST_X(o.geom) AS lon, ST_Y(o.geom) AS lat,
           GREATEST(o.updated_at, p.updated_at) AS updated_at
    FROM opportunity o LEFT JOIN place p ON p.id = o.place_id
    WHERE o.tenant_id = ${tenantId} AND o.id = ANY(${ids}::uuid[])`.execute(db);
  return new Map(rows.map((r) => [r.id, { ...r, updated_at: new Date(r.updated_at) }]));
}
