/**
 * Funding the chosen submissions of a call, in one transaction: each proposal gets funded_at and
 * funded_amount (its cost) and becomes a published opportunity — a resident initiative with
 * `attributes.funded_by_call` — at its point or its neighbourhood's point on surface; block
 * connectors of its area are alerted; the call is decided. Every step is audited.
 */
import { sql, type Transaction } from 'kysely';
import { createOpportunityOf, type PublishableProposal } from '../proposals/publish.ts';
import type { Actor } from '../accounts/authorize.ts';
import { auditActorOf } from '../accounts/authorize.ts';
import { recordAudit } from '../audit/record.ts';
import type { DB } from '../db/schema.ts';
import { queueConnectorAlerts } from '../participation/alerts.ts';
import { pickText, type Tenant } from '../tenants/queries.ts';
import { fromCents, toCents } from './money.ts';
import { type CallRow, type Submission, ts } from './queries.ts';

interface ProposalSource extends Omit<PublishableProposal, 'cost' | 'cost_note'> {
  point_lon: number | null;
  point_lat: number | null;
}

export async function fundProposals(
  trx: Transaction<DB>,
  o: {
    tenant: Tenant;
    actor: Actor;
    call: CallRow;
    proposals: Submission[];
    now: number;
    horizonDays: number;
  },
): Promise<void> {
  const { tenant, actor, call } = o;
  const at = new Date(o.now);
  const funded: { proposal_id: string; opportunity_id: string; amount: number }[] = [];
  for (const s of o.proposals) {
    const { rows } = await sql<ProposalSource>`
      SELECT p.id::text AS id, p.kind, p.title, p.description, p.categories, p.audiences, p.languages,
             p.age_min, p.age_max, p.schedules, p.public_contact, p.area_id::text AS area_id,
             ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat,
             COALESCE(ST_X(p.geom), ST_X(ST_PointOnSurface(a.geom))) AS point_lon,
             COALESCE(ST_Y(p.geom), ST_Y(ST_PointOnSurface(a.geom))) AS point_lat
      FROM proposal p LEFT JOIN area a ON a.id = p.area_id AND a.tenant_id = p.tenant_id
      WHERE p.tenant_id = ${tenant.id} AND p.id = ${s.id}::uuid AND p.call_id = ${call.id}::uuid
        AND p.status = 'published' AND p.funded_at IS NULL
      FOR UPDATE OF p`.execute(trx);
    const p = rows[0];
    if (!p) continue; // funded already (a second click): nothing to do
    const amount = fromCents(toCents(s.cost));
    // the proposals part's one way from a proposal to its opportunity (free for residents: the
    // cost was what the call pays)
    const opportunityId = await createOpportunityOf(
      trx,
      tenant,
      {
        ...p,
        lon: p.lon === null ? null : Number(p.lon),
        lat: p.lat === null ? null : Number(p.lat),
        schedules: Array.isArray(p.schedules) ? p.schedules : [],
        public_contact: p.public_contact ?? {},
        cost: null,
        cost_note: null,
      },
      {
        now: o.now,
        horizonDays: o.horizonDays,
        attributes: { funded_by_call: call.id, funded_amount: amount, funded_currency: call.currency },
      },
    );
    await trx
      .updateTable('proposal')
      .set({ funded_at: ts(at), funded_amount: amount, opportunity_id: opportunityId, updated_at: ts(at) })
      .where('tenant_id', '=', tenant.id)
      .where('id', '=', p.id)
      .execute();
    await queueConnectorAlerts(trx, {
      tenantId: tenant.id,
      targetType: 'opportunity',
      targetId: opportunityId,
      where:
        p.point_lon !== null && p.point_lat !== null
          ? { lon: Number(p.point_lon), lat: Number(p.point_lat) }
          : { areaId: p.area_id ?? '' },
    });
    await recordAudit(trx, {
      tenantId: tenant.id,
      actor: auditActorOf(actor),
      action: 'proposal.fund',
      entity: { type: 'proposal', id: p.id },
      previous: { funded_at: null, funded_amount: null, opportunity_id: null },
      next: { funded_at: ts(at), funded_amount: amount, opportunity_id: opportunityId, call_id: call.id },
      summary: `Initiative "${pickText(p.title, tenant.defaultLocale, tenant.defaultLocale).text}" funded (${amount} ${call.currency})`,
      at,
    });
    funded.push({ proposal_id: p.id, opportunity_id: opportunityId, amount });
  }
  await trx
    .updateTable('funding_call')
    .set({ status: 'decided', decided_at: ts(at), decided_by: actor.accountId ?? null, updated_at: ts(at) })
    .where('tenant_id', '=', tenant.id)
    .where('id', '=', call.id)
    .execute();
  await recordAudit(trx, {
    tenantId: tenant.id,
    actor: auditActorOf(actor),
    action: 'funding_call.fund',
    entity: { type: 'funding_call', id: call.id },
    previous: { status: call.status, decided_at: null },
    next: {
      status: 'decided',
      decided_at: at.toISOString(),
      funded,
      funded_total: fromCents(funded.reduce((n, f) => n + toCents(f.amount), 0)),
      budget: fromCents(toCents(call.budget)),
    },
    summary: `Funding call "${pickText(call.title, tenant.defaultLocale, tenant.defaultLocale).text}" decided: ${funded.length} funded`,
    at,
  });
}
