/**
 * A proposal published without a funding call becomes an ordinary opportunity: source
 * 'proposal', source_id = the proposal's id, published, no organisation, marked
 * attributes.resident_initiative (and proposal_kind), at its point or its neighbourhood's point
 * on surface, with its occurrences expanded as the content API does. Its join link stays in the
 * proposal (server/proposals/join.ts): it is never copied into the opportunity.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { ScheduleInput } from '../content/schedule.ts';
import { toRecords } from '../content/schedule.ts';
import type { DB } from '../db/schema.ts';
import { ApiError } from '../http/errors.ts';
import { refreshAfterChange } from '../opportunities/occurrence-store.ts';

export const PROPOSAL_SOURCE = 'proposal';

export interface PublishableProposal {
  id: string;
  kind: 'activity' | 'initiative' | 'group';
  title: Record<string, string>;
  description: Record<string, string>;
  categories: string[];
  audiences: string[];
  languages: string[];
  age_min: number | null;
  age_max: number | null;
  schedules: unknown[];
  public_contact: Record<string, string>;
  lon: number | null;
  lat: number | null;
  area_id: string | null;
  cost: number | null;
  cost_note: string | null;
}

/** the opportunity kind of a proposal: a one-off activity is an event, a repeating one a program */
export function opportunityKindOf(p: Pick<PublishableProposal, 'kind' | 'schedules'>): string {
  if (p.kind === 'group') return 'group';
  if (p.kind === 'initiative') return 'program';
  const s = p.schedules as { rrule?: string | null }[];
  return s.length === 1 && !s[0]?.rrule ? 'event' : 'program';
}

/** creates the published opportunity of a proposal and answers its id (409 when it has no location any more) */
export async function createOpportunityOf(
  trx: Transaction<DB>,
  tenant: { id: number; timezone: string },
  p: PublishableProposal,
  opts: { now: number; horizonDays: number; attributes?: Record<string, unknown> },
): Promise<string> {
  const id = randomUUID();
  const schedules = toRecords(
    (p.schedules as ScheduleInput[]).map((s) => ({ ...s, rrule: s.rrule ?? null, exdates: s.exdates ?? [] })),
    tenant.timezone,
  );
  const first = schedules[0];
  const point =
    p.lon !== null && p.lat !== null
      ? sql<string>`ST_SetSRID(ST_MakePoint(${Number(p.lon)}::float8, ${Number(p.lat)}::float8), 4326)`
      : sql<string>`(SELECT ST_PointOnSurface(a.geom) FROM area a WHERE a.id = ${p.area_id}::uuid AND a.tenant_id = ${tenant.id})`;
  const located = await sql<{ ok: boolean }>`SELECT ${point} IS NOT NULL AS ok`.execute(trx);
  if (!located.rows[0]?.ok)
    throw new ApiError(
      409,
      'not_publishable',
      'This proposal cannot be published: its neighbourhood no longer exists',
      {
        missing: [{ field: 'location', message: 'no point and no neighbourhood' }],
      },
    );
  const paid = p.cost !== null && Number(p.cost) > 0;
  const cost = paid
    ? { free: false, amount: Number(p.cost), ...(p.cost_note ? { note: p.cost_note } : {}) }
    : { free: true, ...(p.cost_note ? { note: p.cost_note } : {}) };
  const contact: Record<string, string> = {};
  if (p.public_contact?.email) contact.email = p.public_contact.email;
  if (p.public_contact?.phone) contact.phone = p.public_contact.phone;
  await trx
    .insertInto('opportunity')
    .values({
      id,
      tenant_id: tenant.id,
      place_id: null,
      kind: opportunityKindOf(p),
      title: JSON.stringify(p.title),
      description: JSON.stringify(p.description),
      categories: p.categories,
      audiences: p.audiences,
      languages: p.languages,
      age_min: p.age_min,
      age_max: p.age_max,
      cost: JSON.stringify(cost),
      is_free: !paid,
      registration: JSON.stringify({ required: false }),
      dtstart: first?.dtstart ?? null,
      duration_minutes: first?.durationMinutes ?? null,
      rrule: first?.rrule ?? null,
      timezone: first ? tenant.timezone : null,
      schedules: JSON.stringify(schedules) as unknown as unknown[],
      status: 'published',
      contact: JSON.stringify(contact) as unknown as Record<string, string>,
      organisation: p.public_contact?.name ?? null,
      attributes: JSON.stringify({
        resident_initiative: true,
        proposal_kind: p.kind,
        proposal_id: p.id,
        ...opts.attributes,
      }) as unknown as Record<string, unknown>,
      source: PROPOSAL_SOURCE,
      source_id: p.id,
      geom: point,
    })
    .execute();
  await refreshAfterChange(trx, tenant.id, { now: opts.now, horizonDays: opts.horizonDays });
  return id;
}
