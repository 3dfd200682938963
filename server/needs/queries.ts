/**
 * Needs and supports in the database: the public reading of a published need (its coarsened
 * point only), support counts (confirmed, not withdrawn), and what a support's target is.
 */
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** a timestamp for a Generated<Timestamp> column (its insert type is mistyped in schema.ts) */
export const tsOf = (d: Date) => sql`${d.toISOString()}::timestamptz` as never;

/** the date of `now` in a time zone, YYYY-MM-DD */
export function todayIn(timezone: string, now: number): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(now));
}

/**
 * the public support count of an item: confirmed supports, not withdrawn. `tenant` and `id` are
 * SQL expressions (a column of the outer row, or a bound value).
 */
export function supportsOf(
  targetType: 'proposal' | 'need',
  tenant: RawBuilder<unknown> | number,
  id: RawBuilder<unknown> | string,
): RawBuilder<number> {
  return sql<number>`(SELECT count(*)::int FROM support s
    WHERE s.tenant_id = ${tenant} AND s.target_type = ${targetType} AND s.target_id = ${id}
      AND s.status = 'confirmed')`;
}

export async function supportCount(
  db: Executor,
  tenantId: number,
  targetType: 'proposal' | 'need',
  id: string,
): Promise<number> {
  const r = await sql<{
    n: number;
  }>`SELECT ${supportsOf(targetType, tenantId, sql`${id}::uuid`)} AS n`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

export interface PublicNeed {
  id: string;
  text: string;
  language: string;
  audiences: string[];
  /** the coarsened point (about 100 m): the exact one never leaves the server */
  lon: number;
  lat: number;
  area: { id: string; name: string } | null;
  supports: number;
  published_at: string | null;
}

/** a PUBLISHED need of the tenant, as residents see it; null otherwise */
export async function publicNeed(
  db: Executor,
  tenantId: number,
  id: string,
  lang: string,
): Promise<PublicNeed | null> {
  const r = await sql<{
    id: string;
    text: string;
    language: string;
    audiences: string[];
    lon: number;
    lat: number;
    area_id: string | null;
    area_name: string | null;
    supports: number;
    published_at: Date | string | null;
  }>`
    SELECT n.id, n.text, n.language, n.audiences,
      round(ST_X(n.public_geom)::numeric, 6)::float8 AS lon, round(ST_Y(n.public_geom)::numeric, 6)::float8 AS lat,
      a.id AS area_id, COALESCE(a.names->>${lang}::text, a.name) AS area_name,
      ${supportsOf('need', sql`n.tenant_id`, sql`n.id`)} AS supports, n.decided_at AS published_at
    FROM need n LEFT JOIN area a ON a.id = n.area_id AND a.tenant_id = n.tenant_id
    WHERE n.tenant_id = ${tenantId} AND n.id = ${id}::uuid AND n.status = 'published'`.execute(db);
  const row = r.rows[0];
  if (!row) return null;
  return {
    id: row.id,
    text: row.text,
    language: row.language,
    audiences: row.audiences,
    lon: Number(row.lon),
    lat: Number(row.lat),
    area: row.area_id ? { id: row.area_id, name: row.area_name ?? '' } : null,
    supports: Number(row.supports),
    published_at: row.published_at ? new Date(row.published_at).toISOString() : null,
  };
}

export interface SupportTarget {
  /** a name for the mail: the need's text (cut) or the proposal's title */
  name: string;
  /** a proposal submitted to a funding call */
  call: {
    id: string;
    supports_open: Date;
    supports_close: Date;
    residents_only: boolean;
    status: string;
  } | null;
}

/** a published need or proposal of the tenant that can be supported, or null */
export async function supportTarget(
  db: Executor,
  tenantId: number,
  targetType: 'proposal' | 'need',
  id: string,
  lang: string,
  defaultLang: string,
): Promise<SupportTarget | null> {
  if (targetType === 'need') {
    const n = await db
      .selectFrom('need')
      .select(['text'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('status', '=', 'published')
      .executeTakeFirst();
    return n ? { name: shorten(n.text), call: null } : null;
  }
  const p = await db
    .selectFrom('proposal')
    .leftJoin('funding_call as fc', (j) =>
      j.onRef('fc.id', '=', 'proposal.call_id').onRef('fc.tenant_id', '=', 'proposal.tenant_id'),
    )
    .select([
      'proposal.title',
      'proposal.call_id',
      'fc.id as fc_id',
      'fc.supports_open',
      'fc.supports_close',
      'fc.residents_only',
      'fc.status as fc_status',
    ])
    .where('proposal.tenant_id', '=', tenantId)
    .where('proposal.id', '=', id)
    .where('proposal.status', '=', 'published')
    .executeTakeFirst();
  if (!p) return null;
  const title = p.title as Record<string, string>;
  const name = title[lang] ?? title[defaultLang] ?? Object.values(title)[0] ?? '';
  return {
    name: shorten(name),
    call:
      p.call_id && p.fc_id && p.supports_open && p.supports_close
        ? {
            id: p.fc_id,
            supports_open: new Date(p.supports_open),
            supports_close: new Date(p.supports_close),
            residents_only: !!p.residents_only,
            status: String(p.fc_status),
          }
        : null,
  };
}

export function shorten(s: string, max = 80): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/**
 * the supports of the proposal an opportunity came from (a published resident initiative, or a
 * funded call submission): `{proposal_id, supports}` for its detail, or null for other opportunities
 */
export async function opportunitySupports(
  db: Executor,
  tenantId: number,
  opportunityId: string,
): Promise<{ proposal_id: string; supports: number } | null> {
  const r = await sql<{ id: string; supports: number }>`
    SELECT p.id, ${supportsOf('proposal', sql`p.tenant_id`, sql`p.id`)} AS supports
    FROM proposal p
    WHERE p.tenant_id = ${tenantId} AND p.opportunity_id = ${opportunityId}::uuid
    ORDER BY p.created_at LIMIT 1`.execute(db);
  const row = r.rows[0];
  return row ? { proposal_id: row.id, supports: Number(row.supports) } : null;
}
