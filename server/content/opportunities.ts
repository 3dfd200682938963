/**
 * The back office's opportunities: read, list, create, edit, change status, duplicate. Every
 * statement carries writableBy(actor) (the tenant, and for editors their organisations), so a row
 * of another organisation is simply not found; every change runs in one transaction with its
 * audit entry (previous and next editable record) and the row's stored occurrences re-expanded.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Actor } from '../accounts/authorize.ts';
import { auditActorOf } from '../accounts/authorize.ts';
import { writableBy } from '../accounts/scope.ts';
import { recordAudit } from '../audit/record.ts';
import type { DB, LocalizedText } from '../db/schema.ts';
import { badRequest, notFound } from '../http/errors.ts';
import type { ScheduleRecord } from '../import/records.ts';
import { queueOpportunityAlerts } from '../connectors/queue.ts';
import { refreshAfterChange } from '../opportunities/occurrence-store.ts';
import { isoWithOffset } from '../opportunities/occurrences.ts';
import type { Tenant } from '../tenants/queries.ts';
import {
  changedFields,
  checkOrganisation,
  containsPattern,
  type Executor,
  type Missing,
  notPublishable,
  staleError,
  UPDATED_AT,
} from './common.ts';
import type { OpportunityRecord, OpportunitySummary } from './schemas.ts';
import { fromRow, nextDates, toRecords } from './schedule.ts';
import type { OpportunityInput, OpportunityPatch, Status } from './validation.ts';

export const ADMIN_SOURCE = 'admin';

export interface ContentContext {
  actor: Actor;
  tenant: Tenant;
  now: number;
  horizonDays: number;
}

interface Row {
  id: string;
  kind: string;
  title: LocalizedText;
  description: LocalizedText;
  categories: string[];
  audiences: string[];
  languages: string[];
  age_min: number | null;
  age_max: number | null;
  cost: OpportunityRecord['cost'];
  accessibility: OpportunityRecord['accessibility'];
  registration: OpportunityRecord['registration'];
  contact: OpportunityRecord['contact'];
  organisation_id: string | null;
  organisation_name: string | null;
  place_id: string | null;
  place_name: string | null;
  place_lon: number | null;
  place_lat: number | null;
  dtstart: string | null;
  duration_minutes: number | null;
  rrule: string | null;
  schedules: ScheduleRecord[] | null;
  status: Status;
  source: string;
  updated_at: string;
  lon: number | null;
  lat: number | null;
  at_place: boolean;
  grant_deadline: string | null;
  grant_amount: string | null;
  grant_currency: string | null;
  eligibility: string | null;
}

/** the fields of OpportunityInput, and the status: what the audit log keeps before and after */
export type Editable = OpportunityInput & { status: Status };

export function missingLanguages(title: LocalizedText, locales: string[]): string[] {
  return locales.filter((l) => !title[l]?.trim());
}

async function readRow(db: Executor, actor: Actor, id: string): Promise<Row | undefined> {
  const { rows } = await sql<Row>`
    SELECT o.id::text AS id, o.kind, o.title, o.description, o.categories, o.audiences, o.languages,
           o.age_min, o.age_max, o.cost, o.accessibility, o.registration, o.contact,
           o.organisation_id::text AS organisation_id, org.name AS organisation_name,
           o.place_id::text AS place_id, p.name AS place_name, ST_X(p.anchor) AS place_lon, ST_Y(p.anchor) AS place_lat,
           o.dtstart::text AS dtstart, o.duration_minutes, o.rrule, o.schedules, o.status, o.source,
           ${UPDATED_AT('o')} AS updated_at, ST_X(o.geom) AS lon, ST_Y(o.geom) AS lat,
           COALESCE(o.geom IS NOT NULL AND p.anchor IS NOT NULL AND ST_Equals(o.geom, p.anchor), false) AS at_place,
           o.grant_deadline::text AS grant_deadline, o.grant_amount::text AS grant_amount, o.grant_currency,
           o.eligibility
    FROM opportunity o
    LEFT JOIN place p ON p.id = o.place_id AND p.tenant_id = o.tenant_id
    LEFT JOIN organisation org ON org.id = o.organisation_id AND org.tenant_id = o.tenant_id
    WHERE o.id = ${id}::uuid AND ${writableBy(actor, 'o')}`.execute(db);
  return rows[0];
}

function editableOf(r: Row): Editable {
  const location =
    r.lon !== null && r.lat !== null && !r.at_place ? { lon: Number(r.lon), lat: Number(r.lat) } : null;
  return {
    kind: r.kind as Editable['kind'],
    title: r.title,
    description: r.description ?? {},
    categories: r.categories as Editable['categories'],
    audiences: r.audiences as Editable['audiences'],
    languages: r.languages,
    age_min: r.age_min,
    age_max: r.age_max,
    cost: r.cost,
    accessibility: r.accessibility ?? {},
    registration: {
      ...(r.registration ?? {}),
      required: Boolean(r.registration?.required),
    } as Editable['registration'],
    contact: r.contact ?? {},
    organisation_id: r.organisation_id,
    place_id: r.place_id,
    location,
    schedules: fromRow(r),
    grant:
      r.grant_deadline && r.grant_amount !== null && r.grant_currency
        ? { deadline: r.grant_deadline, amount: Number(r.grant_amount), currency: r.grant_currency }
        : null,
    eligibility: r.eligibility,
    status: r.status,
  };
}

function recordOf(r: Row, ctx: Pick<ContentContext, 'tenant' | 'now'>): OpportunityRecord {
  const e = editableOf(r);
  let next: OpportunityRecord['next_dates'] = [];
  try {
    next = nextDates(e.schedules, ctx.tenant.timezone, ctx.now, 5);
  } catch {
    // a schedule imported before imports checked it: no dates, the record still opens
  }
  return {
    id: r.id,
    updated_at: r.updated_at,
    ...e,
    organisation: r.organisation_id ? { id: r.organisation_id, name: r.organisation_name ?? '' } : null,
    place:
      r.place_id && r.place_lon !== null && r.place_lat !== null
        ? { id: r.place_id, name: r.place_name ?? '', lon: Number(r.place_lon), lat: Number(r.place_lat) }
        : null,
    missing_languages: missingLanguages(r.title, ctx.tenant.locales),
    next_dates: next,
    source: r.source,
  };
}

export async function getOpportunity(
  db: Executor,
  ctx: ContentContext,
  id: string,
): Promise<OpportunityRecord> {
  const row = await readRow(db, ctx.actor, id);
  if (!row) throw notFound(`No opportunity ${id} that you may edit`);
  return recordOf(row, ctx);
}

export interface OpportunityListQuery {
  q?: string | undefined;
  status?: Status | undefined;
  kind?: string | undefined;
  category?: string | undefined;
  audience?: string | undefined;
  organisation?: string | undefined;
  missing?: string | undefined;
  limit: number;
  offset: number;
}

export async function listOpportunities(
  db: Executor,
  ctx: ContentContext,
  q: OpportunityListQuery,
): Promise<{ items: OpportunitySummary[]; total: number }> {
  const where = sql.join(
    [
      writableBy(ctx.actor, 'o'),
      ...(q.q ? [sql`lower(o.title::text) LIKE ${containsPattern(q.q)}`] : []),
      ...(q.status ? [sql`o.status = ${q.status}`] : []),
      ...(q.kind ? [sql`o.kind = ${q.kind}`] : []),
      ...(q.category ? [sql`o.categories @> ARRAY[${q.category}]::text[]`] : []),
      ...(q.audience ? [sql`o.audiences @> ARRAY[${q.audience}]::text[]`] : []),
      ...(q.organisation ? [sql`o.organisation_id = ${q.organisation}::uuid`] : []),
      ...(q.missing ? [sql`COALESCE(o.title->>${q.missing}::text, '') = ''`] : []),
    ],
    sql` AND `,
  );
  const now = new Date(ctx.now).toISOString();
  const { rows } = await sql<{
    id: string;
    title: LocalizedText;
    status: Status;
    kind: string;
    organisation_id: string | null;
    organisation_name: string | null;
    place_id: string | null;
    place_name: string | null;
    updated_at: string;
    next_start: number | null;
    next_end: number | null;
    next_tz: string | null;
  }>`
    SELECT o.id::text AS id, o.title, o.status, o.kind, o.organisation_id::text AS organisation_id,
           org.name AS organisation_name, o.place_id::text AS place_id, p.name AS place_name,
           ${UPDATED_AT('o')} AS updated_at,
           (extract(epoch FROM n.starts_at) * 1000)::float8 AS next_start,
           (extract(epoch FROM n.ends_at) * 1000)::float8 AS next_end, n.timezone AS next_tz
    FROM opportunity o
    LEFT JOIN place p ON p.id = o.place_id AND p.tenant_id = o.tenant_id
    LEFT JOIN organisation org ON org.id = o.organisation_id AND org.tenant_id = o.tenant_id
    LEFT JOIN LATERAL (
      SELECT oc.starts_at, oc.ends_at, oc.timezone FROM occurrence oc
      WHERE oc.opportunity_id = o.id AND oc.tenant_id = o.tenant_id AND oc.ends_at > ${now}::timestamptz
      ORDER BY oc.starts_at, oc.schedule_no LIMIT 1) n ON true
    WHERE ${where}
    ORDER BY o.updated_at DESC, o.id DESC
    LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
  const count = await sql<{ n: number | string }>`
    SELECT count(*) AS n FROM opportunity o WHERE ${where}`.execute(db);
  return {
    total: Number(count.rows[0]?.n ?? 0),
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      kind: r.kind,
      organisation: r.organisation_id ? { id: r.organisation_id, name: r.organisation_name ?? '' } : null,
      place: r.place_id ? { id: r.place_id, name: r.place_name ?? '' } : null,
      updated_at: r.updated_at,
      missing_languages: missingLanguages(r.title, ctx.tenant.locales),
      next_date:
        r.next_start !== null && r.next_end !== null && r.next_tz
          ? {
              start: isoWithOffset(Number(r.next_start), r.next_tz),
              end: isoWithOffset(Number(r.next_end), r.next_tz),
            }
          : null,
    })),
  };
}

/** what a published opportunity must have */
export function publishProblems(e: Pick<Editable, 'title' | 'place_id' | 'location'>): Missing[] {
  const out: Missing[] = [];
  if (!Object.values(e.title ?? {}).some((t) => t?.trim()))
    out.push({ field: 'title', message: 'give a title in at least one language' });
  if (!e.place_id && !e.location)
    out.push({ field: 'location', message: 'choose a place or a point on the map' });
  return out;
}

/** 400 unless the place is one of the tenant's (any organisation's) and not archived */
async function checkPlace(db: Executor, tenantId: number, placeId: string | null): Promise<void> {
  if (!placeId) return;
  const p = await db
    .selectFrom('place')
    .select(['id', 'status', sql<boolean>`anchor IS NOT NULL`.as('located')])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', placeId.toLowerCase())
    .executeTakeFirst();
  if (!p)
    throw badRequest(`place_id: no place ${placeId} in this tenant`, [
      { parameter: 'place_id', message: 'no such place' },
    ]);
  if (p.status === 'archived')
    throw badRequest(`place_id: the place ${placeId} is archived`, [
      { parameter: 'place_id', message: 'archived place' },
    ]);
  if (!p.located)
    throw badRequest(`place_id: the place ${placeId} has no point on the map yet`, [
      { parameter: 'place_id', message: 'place without a point' },
    ]);
}

/** a deadline and an amount belong to grants only */
function checkGrant(e: Pick<Editable, 'kind' | 'grant'>): void {
  if (e.grant && e.kind !== 'grant')
    throw badRequest('grant: only an opportunity of kind grant has a deadline and an amount', [
      { parameter: 'grant', message: 'kind is not grant' },
    ]);
}

function checkAges(e: Pick<Editable, 'age_min' | 'age_max'>): void {
  if (e.age_min !== null && e.age_max !== null && e.age_min > e.age_max)
    throw badRequest('age_max: must not be below age_min', [
      { parameter: 'age_max', message: 'below age_min' },
    ]);
}

/** the columns an editable record is stored in */
function columnsOf(e: Editable, tenant: Tenant) {
  const schedules = toRecords(e.schedules, tenant.timezone);
  const first = schedules[0];
  const point = e.location
    ? sql<string>`ST_SetSRID(ST_MakePoint(${e.location.lon}::float8, ${e.location.lat}::float8), 4326)`
    : e.place_id
      ? sql<string>`(SELECT anchor FROM place WHERE tenant_id = ${tenant.id} AND id = ${e.place_id}::uuid)`
      : sql<string | null>`NULL::geometry`;
  return {
    kind: e.kind,
    title: JSON.stringify(e.title),
    description: JSON.stringify(e.description),
    categories: e.categories,
    audiences: e.audiences,
    languages: e.languages,
    age_min: e.age_min,
    age_max: e.age_max,
    cost: JSON.stringify(e.cost),
    is_free: e.cost.free,
    accessibility: JSON.stringify(e.accessibility) as unknown as Record<string, unknown>,
    registration: JSON.stringify(e.registration),
    contact: JSON.stringify(e.contact) as unknown as Record<string, string>,
    organisation_id: e.organisation_id?.toLowerCase() ?? null,
    place_id: e.place_id?.toLowerCase() ?? null,
    dtstart: first?.dtstart ?? null,
    duration_minutes: first?.durationMinutes ?? null,
    rrule: first?.rrule ?? null,
    timezone: first ? tenant.timezone : null,
    schedules: JSON.stringify(schedules) as unknown as unknown[],
    status: e.status,
    geom: point,
    grant_deadline: e.grant?.deadline ?? null,
    grant_amount: e.grant?.amount ?? null,
    grant_currency: e.grant?.currency ?? null,
    eligibility: e.eligibility,
  };
}

async function afterChange(trx: Transaction<DB>, ctx: ContentContext): Promise<void> {
  await refreshAfterChange(trx, ctx.tenant.id, { now: ctx.now, horizonDays: ctx.horizonDays });
}

export async function createOpportunity(
  trx: Transaction<DB>,
  ctx: ContentContext,
  input: OpportunityInput,
): Promise<OpportunityRecord> {
  checkAges(input);
  checkGrant(input);
  await checkOrganisation(trx, ctx.actor, input.organisation_id);
  await checkPlace(trx, ctx.tenant.id, input.place_id);
  const id = randomUUID();
  const e: Editable = { ...input, status: 'draft' };
  await trx
    .insertInto('opportunity')
    .values({
      id,
      tenant_id: ctx.tenant.id,
      source: ADMIN_SOURCE,
      source_id: id,
      ...columnsOf(e, ctx.tenant),
    })
    .execute();
  await afterChange(trx, ctx);
  const row = await readRow(trx, ctx.actor, id);
  if (!row) throw notFound(`No opportunity ${id} that you may edit`);
  await recordAudit(trx, {
    tenantId: ctx.tenant.id,
    actor: auditActorOf(ctx.actor),
    action: 'opportunity.create',
    entity: { type: 'opportunity', id },
    previous: null,
    next: editableOf(row),
    summary: 'Created as a draft',
  });
  return recordOf(row, ctx);
}

/** locks the row (FOR UPDATE) and answers it, 404 when the actor may not write it, 409 when stale */
async function lockFresh(
  trx: Transaction<DB>,
  ctx: ContentContext,
  id: string,
  expected: string,
): Promise<Row> {
  const lock = await sql<{ fresh: boolean }>`
    SELECT updated_at = ${expected}::timestamptz AS fresh FROM opportunity o
    WHERE o.id = ${id}::uuid AND ${writableBy(ctx.actor, 'o')} FOR UPDATE`.execute(trx);
  const row = lock.rows[0] ? await readRow(trx, ctx.actor, id) : undefined;
  if (!row || !lock.rows[0]) throw notFound(`No opportunity ${id} that you may edit`);
  if (!lock.rows[0].fresh) throw staleError('opportunity', row.updated_at);
  return row;
}

async function write(
  trx: Transaction<DB>,
  ctx: ContentContext,
  id: string,
  before: Editable,
  after: Editable,
  action: string,
  summary: string,
): Promise<OpportunityRecord> {
  await trx
    .updateTable('opportunity as o')
    // (the schema types updated_at as Generated<ColumnType>, which kysely cannot set to an expression)
    .set({ ...columnsOf(after, ctx.tenant), updated_at: sql`now()` as never })
    .where('o.id', '=', id)
    .where(writableBy(ctx.actor, 'o'))
    .execute();
  await afterChange(trx, ctx);
  // published (or a published one moved): the block connectors of its point hear of it
  if (after.status === 'published') await queueOpportunityAlerts(trx, ctx.tenant.id, id);
  const row = await readRow(trx, ctx.actor, id);
  if (!row) throw notFound(`No opportunity ${id} that you may edit`);
  await recordAudit(trx, {
    tenantId: ctx.tenant.id,
    actor: auditActorOf(ctx.actor),
    action,
    entity: { type: 'opportunity', id },
    previous: before,
    next: editableOf(row),
    summary,
  });
  return recordOf(row, ctx);
}

export async function updateOpportunity(
  trx: Transaction<DB>,
  ctx: ContentContext,
  id: string,
  patch: OpportunityPatch,
): Promise<OpportunityRecord> {
  const row = await lockFresh(trx, ctx, id, patch.expected_updated_at);
  const before = editableOf(row);
  const { expected_updated_at: _, ...fields } = patch;
  const after: Editable = {
    ...before,
    ...(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<Editable>),
  };
  const changed = changedFields(before, after);
  if (!changed.length) return recordOf(row, ctx);
  checkAges(after);
  checkGrant(after);
  if (changed.includes('organisation_id')) await checkOrganisation(trx, ctx.actor, after.organisation_id);
  if (changed.includes('place_id')) await checkPlace(trx, ctx.tenant.id, after.place_id);
  if (after.status === 'published') {
    const problems = publishProblems(after);
    if (problems.length) throw notPublishable('opportunity', problems);
  }
  return write(trx, ctx, id, before, after, 'opportunity.update', `Edited ${changed.join(', ')}`);
}

export async function setOpportunityStatus(
  trx: Transaction<DB>,
  ctx: ContentContext,
  id: string,
  status: Status,
  expected: string,
): Promise<OpportunityRecord> {
  const row = await lockFresh(trx, ctx, id, expected);
  const before = editableOf(row);
  if (before.status === status) return recordOf(row, ctx);
  if (status === 'published') {
    const problems = publishProblems(before);
    if (problems.length) throw notPublishable('opportunity', problems);
  }
  return write(
    trx,
    ctx,
    id,
    before,
    { ...before, status },
    'opportunity.status',
    `Status ${before.status} → ${status}`,
  );
}

export async function duplicateOpportunity(
  trx: Transaction<DB>,
  ctx: ContentContext,
  id: string,
): Promise<OpportunityRecord> {
  const row = await readRow(trx, ctx.actor, id);
  if (!row) throw notFound(`No opportunity ${id} that you may edit`);
  const copy: Editable = { ...editableOf(row), status: 'draft' };
  const newId = randomUUID();
  await trx
    .insertInto('opportunity')
    .values({
      id: newId,
      tenant_id: ctx.tenant.id,
      source: ADMIN_SOURCE,
      source_id: newId,
      ...columnsOf(copy, ctx.tenant),
    })
    .execute();
  await afterChange(trx, ctx);
  const created = await readRow(trx, ctx.actor, newId);
  if (!created) throw notFound(`No opportunity ${newId} that you may edit`);
  await recordAudit(trx, {
    tenantId: ctx.tenant.id,
    actor: auditActorOf(ctx.actor),
    action: 'opportunity.duplicate',
    entity: { type: 'opportunity', id: newId },
    previous: null,
    next: { ...editableOf(created), duplicated_from: id },
    summary: `Copied from ${id} as a draft`,
  });
  return recordOf(created, ctx);
}
