/**
 * Funding the chosen submissions of a call, in one transaction: each proposal gets funded_at and
 * funded_amount (its cost) and becomes a published opportunity — a resident initiative with
 * `attributes.funded_by_call` — at its point or its neighbourhood's point on surface; block
 * connectors of its area are alerted; the call is decided. Every step is audited.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Actor } from '../accounts/authorize.ts';
import { auditActorOf } from '../accounts/authorize.ts';
import { recordAudit } from '../audit/record.ts';
import { ScheduleInputSchema, toRecords } from '../content/schedule.ts';
import type { DB } from '../db/schema.ts';
import { refreshAfterChange } from '../opportunities/occurrence-store.ts';
import { queueConnectorAlerts } from '../participation/alerts.ts';
import { pickText, type Tenant } from '../tenants/queries.ts';
import { fromCents, toCents } from './money.ts';
import { type CallRow, type Submission, ts } from './queries.ts';

interface ProposalSource {
  id: string;
  kind: 'activity' | 'initiative' | 'group';
  title: Record<string, string>;
  description: Record<string, string>;
  categories: string[];
  audiences: string[];
  languages: string[];
  age_min: number | null;
  age_max: number | null;
  schedules: unknown;
  public_contact: Record<string, string> | null;
  area_id: string | null;
  lon: number | null;
  lat: number | null;
  area_lon: number | null;
  area_lat: number | null;
}

/** the opportunity kind of a proposal (the proposals part's rule: docs/PARTICIPATION.md) */
function kindOf(p: ProposalSource, schedules: { rrule: string | null }[]): string {
  if (p.kind === 'group') return 'group';
  if (p.kind === 'activity' && schedules.length === 1 && !schedules[0]?.rrule) return 'event';
  return 'program';
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
             ST_X(ST_PointOnSurface(a.geom)) AS area_lon, ST_Y(ST_PointOnSurface(a.geom)) AS area_lat
      FROM proposal p LEFT JOIN area a ON a.id = p.area_id AND a.tenant_id = p.tenant_id
      WHERE p.tenant_id = ${tenant.id} AND p.id = ${s.id}::uuid AND p.call_id = ${call.id}::uuid
        AND p.status = 'published' AND p.funded_at IS NULL
      FOR UPDATE OF p`.execute(trx);
    const p = rows[0];
    if (!p) continue; // funded already (a second click): nothing to do
    const lon = p.lon ?? p.area_lon;
    const lat = p.lat ?? p.area_lat;
    if (lon === null || lat === null) continue; // neither a point nor a neighbourhood: not on a map
    const parsed = ScheduleInputSchema.array()
      .max(20)
      .safeParse(p.schedules ?? []);
    const schedules = parsed.success ? toRecords(parsed.data, tenant.timezone) : [];
    const first = schedules[0];
    const opportunityId = randomUUID();
    const amount = fromCents(toCents(s.cost));
    await trx
      .insertInto('opportunity')
      .values({
        id: opportunityId,
        tenant_id: tenant.id,
        place_id: null,
        kind: kindOf(p, schedules),
        title: JSON.stringify(p.title),
        description: JSON.stringify(p.description ?? {}),
        categories: p.categories,
        audiences: p.audiences,
        languages: p.languages,
        age_min: p.age_min,
        age_max: p.age_max,
        cost: JSON.stringify({ free: true }),
        is_free: true,
        registration: JSON.stringify({ required: false }),
        dtstart: first?.dtstart ?? null,
        duration_minutes: first?.durationMinutes ?? null,
        rrule: first?.rrule ?? null,
        timezone: first ? tenant.timezone : null,
        schedules: JSON.stringify(schedules) as unknown as unknown[],
        status: 'published',
        contact: JSON.stringify(p.public_contact ?? {}) as unknown as Record<string, string>,
        attributes: JSON.stringify({
          resident_initiative: true,
          proposal_kind: p.kind,
          funded_by_call: call.id,
          funded_amount: amount,
          funded_currency: call.currency,
        }) as unknown as Record<string, unknown>,
        source: 'proposal',
        source_id: p.id,
        geom: sql<string>`ST_SetSRID(ST_MakePoint(${Number(lon)}::float8, ${Number(lat)}::float8), 4326)`,
      })
      .execute();
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
      where: { lon: Number(lon), lat: Number(lat) },
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
  await refreshAfterChange(trx, tenant.id, { now: o.now, horizonDays: o.horizonDays });
}
