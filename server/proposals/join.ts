/**
 * What the public detail of a resident initiative adds (GET /api/opportunities/{id}): the mark
 * and its join link — the URL only when the group is not private; a private group's link is given
 * only by GET /api/opportunities/{id}/join-link. Join links are never copied into the opportunity
 * row, so feeds, search, OGC, layers and exports cannot carry them.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

export interface JoinLinkRow {
  url: string | null;
  platform: string | null;
  private: boolean;
}

/** the join link of the proposal behind a PUBLISHED opportunity of the tenant, or null */
export async function joinLinkOf(
  db: Kysely<DB>,
  tenantId: number,
  opportunityId: string,
): Promise<JoinLinkRow | null> {
  const r = await sql<JoinLinkRow>`
    SELECT p.join_url AS url, p.join_platform AS platform, p.join_private AS private
    FROM proposal p JOIN opportunity o ON o.id = p.opportunity_id AND o.tenant_id = p.tenant_id
    WHERE p.tenant_id = ${tenantId} AND p.opportunity_id = ${opportunityId}::uuid AND o.status = 'published'
    ORDER BY p.created_at LIMIT 1`.execute(db);
  return r.rows[0] ?? null;
}

export interface ResidentInitiativeInfo {
  resident_initiative: true;
  join: { platform: string; private: boolean; url?: string } | null;
}

/** the detail's additions for an opportunity made from a proposal (null for any other) */
export async function residentInitiativeOf(
  db: Kysely<DB>,
  tenantId: number,
  opportunityId: string,
): Promise<ResidentInitiativeInfo | null> {
  const r = await sql<{
    resident: boolean;
    url: string | null;
    platform: string | null;
    private: boolean | null;
  }>`
    SELECT COALESCE((o.attributes->>'resident_initiative')::boolean, false) OR o.source = 'proposal' AS resident,
           p.join_url AS url, p.join_platform AS platform, p.join_private AS private
    FROM opportunity o
    LEFT JOIN proposal p ON p.opportunity_id = o.id AND p.tenant_id = o.tenant_id
    WHERE o.tenant_id = ${tenantId} AND o.id = ${opportunityId}::uuid
    LIMIT 1`.execute(db);
  const row = r.rows[0];
  if (!row?.resident) return null;
  const join =
    row.url && row.platform
      ? { platform: row.platform, private: !!row.private, ...(row.private ? {} : { url: row.url }) }
      : null;
  return { resident_initiative: true, join };
}
