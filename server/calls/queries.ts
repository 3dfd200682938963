/**
 * Funding calls (an equal-opportunities micro-budget): the call rows, their submissions (the
 * proposals with call_id, published by moderators), the supports each one counts, the ranking
 * and the greedy fit within the budget. Every statement carries the tenant.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB, LocalizedText } from '../db/schema.ts';
import { fromCents, toCents } from './money.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** a moment as a timestamptz value of an insert or update */
export const ts = (d: Date) => sql<string>`${d.toISOString()}::timestamptz` as never;

export type CallStatus = 'draft' | 'open' | 'decided' | 'archived';

export interface CallRow {
  id: string;
  title: LocalizedText;
  description: LocalizedText;
  rules: LocalizedText;
  budget: string;
  currency: string;
  max_amount: string | null;
  area_ids: string[];
  submissions_open: string;
  submissions_close: string;
  supports_open: string;
  supports_close: string;
  residents_only: boolean;
  status: CallStatus;
  decided_at: string | null;
  created_at: string;
  updated_at: string;
}

const iso = (col: string) => sql.raw(`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

const CALL_COLUMNS = sql`c.id::text AS id, c.title, c.description, c.rules, c.budget::text AS budget, c.currency,
  c.max_amount::text AS max_amount, c.area_ids::text[] AS area_ids,
  ${iso('c.submissions_open')} AS submissions_open, ${iso('c.submissions_close')} AS submissions_close,
  ${iso('c.supports_open')} AS supports_open, ${iso('c.supports_close')} AS supports_close,
  c.residents_only, c.status, ${iso('c.decided_at')} AS decided_at, ${iso('c.created_at')} AS created_at,
  ${iso('c.updated_at')} AS updated_at`;

export async function findCall(
  db: Executor,
  tenantId: number,
  id: string,
  statuses?: CallStatus[],
): Promise<CallRow | undefined> {
  const { rows } = await sql<CallRow>`
    SELECT ${CALL_COLUMNS} FROM funding_call c
    WHERE c.tenant_id = ${tenantId} AND c.id = ${id}::uuid
      ${statuses ? sql`AND c.status = ANY(${statuses}::text[])` : sql``}`.execute(db);
  return rows[0];
}

export async function listCalls(db: Executor, tenantId: number, statuses?: CallStatus[]): Promise<CallRow[]> {
  const { rows } = await sql<CallRow>`
    SELECT ${CALL_COLUMNS} FROM funding_call c
    WHERE c.tenant_id = ${tenantId} ${statuses ? sql`AND c.status = ANY(${statuses}::text[])` : sql``}
    ORDER BY c.submissions_open DESC, c.id`.execute(db);
  return rows;
}

/** the names of areas of the tenant, by id (in `lang`, else the area's name) */
export async function areaNames(
  db: Executor,
  tenantId: number,
  ids: string[],
  lang: string,
): Promise<{ id: string; name: string; kind: string }[]> {
  if (!ids.length) return [];
  const { rows } = await sql<{ id: string; name: string; kind: string }>`
    SELECT a.id::text AS id, COALESCE(a.names->>${lang}::text, a.name) AS name, a.kind FROM area a
    WHERE a.tenant_id = ${tenantId} AND a.id = ANY(${ids}::uuid[]) ORDER BY a.name, a.id`.execute(db);
  return rows;
}

/** the ids among `ids` that are not areas of the tenant */
export async function unknownAreas(db: Executor, tenantId: number, ids: string[]): Promise<string[]> {
  const found = new Set((await areaNames(db, tenantId, ids, 'en')).map((a) => a.id));
  return ids.filter((i) => !found.has(i));
}

export interface Submission {
  id: string;
  title: LocalizedText;
  description: LocalizedText;
  language: string;
  cost: number;
  cost_note: string | null;
  area_id: string | null;
  area_name: string | null;
  submitted_at: string | null;
  /** confirmed supports given in the supports window (only residents' when residents_only) */
  supports: number;
  funded: boolean;
  funded_amount: number | null;
  opportunity_id: string | null;
}

interface SubmissionSql {
  id: string;
  title: LocalizedText;
  description: LocalizedText;
  language: string;
  cost: string;
  cost_note: string | null;
  area_id: string | null;
  area_name: string | null;
  submitted_at: string | null;
  supports: number | string;
  funded_at: string | null;
  funded_amount: string | null;
  opportunity_id: string | null;
}

/**
 * the published submissions of a call with their eligible supports, in rank order: most supports
 * first, then the earlier submission, then the id (a total order, the same on both databases)
 */
export async function rankedSubmissions(
  db: Executor,
  tenantId: number,
  callId: string,
  lang: string,
): Promise<Submission[]> {
  const { rows } = await sql<SubmissionSql>`
    SELECT p.id::text AS id, p.title, p.description, p.language, p.cost::text AS cost, p.cost_note,
           p.area_id::text AS area_id, COALESCE(a.names->>${lang}::text, a.name) AS area_name,
           ${iso('p.submitted_at')} AS submitted_at, ${iso('p.funded_at')} AS funded_at,
           p.funded_amount::text AS funded_amount, p.opportunity_id::text AS opportunity_id,
           (SELECT count(*) FROM support s
             WHERE s.tenant_id = p.tenant_id AND s.target_type = 'proposal' AND s.target_id = p.id
               AND s.status = 'confirmed'
               AND s.created_at >= c.supports_open AND s.created_at < c.supports_close
               AND (NOT c.residents_only OR s.lives_in_area IS TRUE)) AS supports
    FROM proposal p
    JOIN funding_call c ON c.id = p.call_id AND c.tenant_id = p.tenant_id
    LEFT JOIN area a ON a.id = p.area_id AND a.tenant_id = p.tenant_id
    WHERE p.tenant_id = ${tenantId} AND p.call_id = ${callId}::uuid AND p.status = 'published'
    ORDER BY supports DESC, p.submitted_at ASC NULLS LAST, p.id ASC`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    description: r.description,
    language: r.language,
    cost: fromCents(toCents(r.cost)),
    cost_note: r.cost_note,
    area_id: r.area_id,
    area_name: r.area_name,
    submitted_at: r.submitted_at,
    supports: Number(r.supports),
    funded: r.funded_at !== null,
    funded_amount: r.funded_amount === null ? null : fromCents(toCents(r.funded_amount)),
    opportunity_id: r.opportunity_id,
  }));
}

export interface Fit {
  /** the ids taken, in rank order */
  selected: string[];
  /** the ids passed over because they did not fit what was left, in rank order */
  skipped: string[];
  selectedCents: number;
  remainingCents: number;
}

/**
 * the greedy fit: take the items in rank order while each fits what is left of the budget; one
 * that does not fit is skipped and the next ones are still tried (a smaller one may fit)
 */
export function greedyFit(ranked: { id: string; cost: number }[], budget: number): Fit {
  let left = toCents(budget);
  const selected: string[] = [];
  const skipped: string[] = [];
  for (const item of ranked) {
    const c = toCents(item.cost);
    if (c <= left) {
      selected.push(item.id);
      left -= c;
    } else skipped.push(item.id);
  }
  return { selected, skipped, selectedCents: toCents(budget) - left, remainingCents: left };
}
