/**
 * The back office's places: read, list, create, edit, change status, duplicate — with the same
 * rules as opportunities (./opportunities.ts): writableBy(actor) in every statement, one
 * transaction per change with its audit entry. A place is a point or a footprint (polygon),
 * always: its anchor (ST_PointOnSurface) is where its label and its programmes sit. Moving a place
 * moves the programmes that sat on its old anchor (those without a point of their own).
 */
import { randomUUID } from 'node:crypto';
import { type RawBuilder, sql, type Transaction } from 'kysely';
import { auditActorOf } from '../accounts/authorize.ts';
import { inTenant, writableBy } from '../accounts/scope.ts';
import { recordAudit } from '../audit/record.ts';
import type { DB, LocalizedText } from '../db/schema.ts';
import { badRequest, notFound } from '../http/errors.ts';
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
import { ADMIN_SOURCE, type ContentContext } from './opportunities.ts';
import type { PlaceRecord, PlaceSummary } from './schemas.ts';
import type { PlaceInput, PlacePatch, Status } from './validation.ts';

export type PlaceEditable = PlaceInput & { status: Status };

interface Row {
  id: string;
  kind: string;
  name: string;
  names: LocalizedText;
  address: string | null;
  opening_hours: string | null;
  accessibility: PlaceRecord['accessibility'];
  contact: PlaceRecord['contact'];
  organisation_id: string | null;
  organisation_name: string | null;
  status: Status;
  source: string;
  updated_at: string;
  lon: number | null;
  lat: number | null;
  geometry: PlaceRecord['geometry'] | string | null;
}

async function readRow(
  db: Executor,
  ctx: Pick<ContentContext, 'actor'>,
  id: string,
): Promise<Row | undefined> {
  const { rows } = await sql<Row>`
    SELECT p.id::text AS id, p.kind, p.name, p.names, p.address, p.opening_hours, p.accessibility, p.contact,
           p.organisation_id::text AS organisation_id, org.name AS organisation_name, p.status, p.source,
           ${UPDATED_AT('p')} AS updated_at,
           CASE WHEN GeometryType(p.geom) = 'POINT' THEN ST_X(p.geom) END AS lon,
           CASE WHEN GeometryType(p.geom) = 'POINT' THEN ST_Y(p.geom) END AS lat,
           CASE WHEN GeometryType(p.geom) <> 'POINT' THEN ST_AsGeoJSON(p.geom, 7) END AS geometry
    FROM place p
    LEFT JOIN organisation org ON org.id = p.organisation_id AND org.tenant_id = p.tenant_id
    WHERE p.id = ${id}::uuid AND ${writableBy(ctx.actor, 'p')}`.execute(db);
  return rows[0];
}

function editableOf(r: Row): PlaceEditable {
  const geometry =
    typeof r.geometry === 'string' ? (JSON.parse(r.geometry) as PlaceRecord['geometry']) : r.geometry;
  return {
    kind: r.kind as PlaceEditable['kind'],
    name: r.name,
    names: r.names ?? {},
    address: r.address,
    location: r.lon !== null && r.lat !== null ? { lon: Number(r.lon), lat: Number(r.lat) } : null,
    geometry: geometry ?? null,
    opening_hours: r.opening_hours,
    accessibility: r.accessibility ?? {},
    contact: r.contact ?? {},
    organisation_id: r.organisation_id,
    status: r.status,
  };
}

function recordOf(r: Row): PlaceRecord {
  return {
    id: r.id,
    updated_at: r.updated_at,
    ...editableOf(r),
    organisation: r.organisation_id ? { id: r.organisation_id, name: r.organisation_name ?? '' } : null,
    source: r.source,
  };
}

export async function getPlace(db: Executor, ctx: ContentContext, id: string): Promise<PlaceRecord> {
  const row = await readRow(db, ctx, id);
  if (!row) throw notFound(`No place ${id} that you may edit`);
  return recordOf(row);
}

export interface PlaceListQuery {
  q?: string | undefined;
  status?: Status | undefined;
  kind?: string | undefined;
  organisation?: string | undefined;
  limit: number;
  offset: number;
}

export async function listPlaces(
  db: Executor,
  ctx: ContentContext,
  q: PlaceListQuery,
): Promise<{ items: PlaceSummary[]; total: number }> {
  const where = sql.join(
    [
      writableBy(ctx.actor, 'p'),
      ...(q.q
        ? [
            sql`(lower(p.name) LIKE ${containsPattern(q.q)} OR lower(COALESCE(p.address, '')) LIKE ${containsPattern(q.q)})`,
          ]
        : []),
      ...(q.status ? [sql`p.status = ${q.status}`] : []),
      ...(q.kind ? [sql`p.kind = ${q.kind}`] : []),
      ...(q.organisation ? [sql`p.organisation_id = ${q.organisation}::uuid`] : []),
    ],
    sql` AND `,
  );
  const { rows } = await sql<{
    id: string;
    name: string;
    kind: string;
    status: Status;
    address: string | null;
    organisation_id: string | null;
    organisation_name: string | null;
    updated_at: string;
    source: string;
  }>`
    SELECT p.id::text AS id, p.name, p.kind, p.status, p.address, p.organisation_id::text AS organisation_id,
           org.name AS organisation_name, ${UPDATED_AT('p')} AS updated_at, p.source
    FROM place p LEFT JOIN organisation org ON org.id = p.organisation_id AND org.tenant_id = p.tenant_id
    WHERE ${where}
    ORDER BY p.updated_at DESC, p.id DESC
    LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
  const count = await sql<{ n: number | string }>`SELECT count(*) AS n FROM place p WHERE ${where}`.execute(
    db,
  );
  return {
    total: Number(count.rows[0]?.n ?? 0),
    items: rows.map(({ organisation_id, organisation_name, ...r }) => ({
      ...r,
      organisation: organisation_id ? { id: organisation_id, name: organisation_name ?? '' } : null,
    })),
  };
}

export function placePublishProblems(e: Pick<PlaceEditable, 'name' | 'location' | 'geometry'>): Missing[] {
  const out: Missing[] = [];
  if (!e.name?.trim()) out.push({ field: 'name', message: 'give a name' });
  if (!e.location && !e.geometry) out.push({ field: 'location', message: 'give a point or a footprint' });
  return out;
}

/**
 * A point or a footprint, not both; a draft may have neither yet (publishing needs one), but a
 * place that had one keeps one: programmes may sit on it.
 */
function checkShape(
  e: Pick<PlaceEditable, 'location' | 'geometry'>,
  before?: Pick<PlaceEditable, 'location' | 'geometry'>,
): void {
  if (e.location && e.geometry)
    throw badRequest('geometry: give a point (location) or a footprint (geometry), not both', [
      { parameter: 'geometry', message: 'at most one of location and geometry' },
    ]);
  if (before && (before.location || before.geometry) && !e.location && !e.geometry)
    throw badRequest('location: a place that has a point or a footprint cannot lose it (give another one)', [
      { parameter: 'location', message: 'cannot be removed' },
    ]);
}

function geomOf(e: Pick<PlaceEditable, 'location' | 'geometry'>): RawBuilder<string | null> {
  if (e.location)
    return sql<string>`ST_SetSRID(ST_MakePoint(${e.location.lon}::float8, ${e.location.lat}::float8), 4326)`;
  if (e.geometry)
    return sql<string>`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(e.geometry)}::text), 4326)`;
  return sql<null>`NULL::geometry`;
}

/** 400 naming the problem when the footprint is not a valid polygon */
async function checkGeometry(db: Executor, e: Pick<PlaceEditable, 'location' | 'geometry'>): Promise<void> {
  if (!e.geometry) return;
  const { rows } = await sql<{ ok: boolean; reason: string }>`
    SELECT ST_IsValid(g) AS ok, ST_IsValidReason(g) AS reason FROM (SELECT ${geomOf(e)} AS g) s`.execute(db);
  if (!rows[0]?.ok)
    throw badRequest(`geometry: not a valid polygon (${rows[0]?.reason ?? 'unknown reason'})`, [
      { parameter: 'geometry', message: rows[0]?.reason ?? 'invalid' },
    ]);
}

function columnsOf(e: PlaceEditable) {
  const geom = geomOf(e);
  return {
    kind: e.kind,
    name: e.name,
    names: JSON.stringify(e.names),
    address: e.address,
    opening_hours: e.opening_hours,
    accessibility: JSON.stringify(e.accessibility),
    contact: JSON.stringify(e.contact),
    organisation_id: e.organisation_id?.toLowerCase() ?? null,
    status: e.status,
    geom,
    anchor: sql<string | null>`ST_PointOnSurface(${geom})`,
  };
}

async function audit(
  trx: Transaction<DB>,
  ctx: ContentContext,
  id: string,
  action: string,
  previous: PlaceEditable | null,
  next: Record<string, unknown>,
  summary: string,
) {
  await recordAudit(trx, {
    tenantId: ctx.tenant.id,
    actor: auditActorOf(ctx.actor),
    action,
    entity: { type: 'place', id },
    previous,
    next,
    summary,
  });
}

export async function createPlace(
  trx: Transaction<DB>,
  ctx: ContentContext,
  input: PlaceInput,
): Promise<PlaceRecord> {
  checkShape(input);
  await checkOrganisation(trx, ctx.actor, input.organisation_id);
  await checkGeometry(trx, input);
  const id = randomUUID();
  const e: PlaceEditable = { ...input, status: 'draft' };
  await trx
    .insertInto('place')
    .values({
      id,
      tenant_id: ctx.tenant.id,
      source: ADMIN_SOURCE,
      source_id: id,
      attributes: '{}',
      ...columnsOf(e),
    } as never)
    .execute();
  const row = await readRow(trx, ctx, id);
  if (!row) throw notFound(`No place ${id} that you may edit`);
  await audit(trx, ctx, id, 'place.create', null, editableOf(row), 'Created as a draft');
  return recordOf(row);
}

async function lockFresh(
  trx: Transaction<DB>,
  ctx: ContentContext,
  id: string,
  expected: string,
): Promise<Row> {
  const lock = await sql<{ fresh: boolean }>`
    SELECT updated_at = ${expected}::timestamptz AS fresh FROM place p
    WHERE p.id = ${id}::uuid AND ${writableBy(ctx.actor, 'p')} FOR UPDATE`.execute(trx);
  const row = lock.rows[0] ? await readRow(trx, ctx, id) : undefined;
  if (!row || !lock.rows[0]) throw notFound(`No place ${id} that you may edit`);
  if (!lock.rows[0].fresh) throw staleError('place', row.updated_at);
  return row;
}

async function write(
  trx: Transaction<DB>,
  ctx: ContentContext,
  id: string,
  before: PlaceEditable,
  after: PlaceEditable,
  action: string,
  summary: string,
): Promise<PlaceRecord> {
  const { rows: old } = await sql<{ anchor: string | null }>`
    SELECT anchor FROM place p WHERE p.id = ${id}::uuid AND ${writableBy(ctx.actor, 'p')}`.execute(trx);
  await trx
    .updateTable('place as p')
    .set({ ...columnsOf(after), updated_at: sql`now()` } as never)
    .where('p.id', '=', id)
    .where(writableBy(ctx.actor, 'p'))
    .execute();
  // the programmes that sat on the old anchor (no point of their own) move with the place
  if (
    old[0]?.anchor &&
    (changedFields(before, after).includes('location') || changedFields(before, after).includes('geometry'))
  )
    await sql`
      UPDATE opportunity o SET geom = (SELECT anchor FROM place WHERE id = ${id}::uuid AND tenant_id = ${ctx.tenant.id})
      WHERE ${inTenant(ctx.actor, 'o')} AND o.place_id = ${id}::uuid AND ST_Equals(o.geom, ${old[0].anchor}::geometry)`.execute(
      trx,
    );
  const row = await readRow(trx, ctx, id);
  if (!row) throw notFound(`No place ${id} that you may edit`);
  await audit(trx, ctx, id, action, before, editableOf(row), summary);
  return recordOf(row);
}

export async function updatePlace(
  trx: Transaction<DB>,
  ctx: ContentContext,
  id: string,
  patch: PlacePatch,
): Promise<PlaceRecord> {
  const row = await lockFresh(trx, ctx, id, patch.expected_updated_at);
  const before = editableOf(row);
  const { expected_updated_at: _, ...fields } = patch;
  const given = Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== undefined),
  ) as Partial<PlaceEditable>;
  // a point replaces a footprint and the other way round
  if (given.location && given.geometry === undefined) given.geometry = null;
  if (given.geometry && given.location === undefined) given.location = null;
  const after: PlaceEditable = { ...before, ...given };
  const changed = changedFields(before, after);
  if (!changed.length) return recordOf(row);
  checkShape(after, before);
  if (changed.includes('organisation_id')) await checkOrganisation(trx, ctx.actor, after.organisation_id);
  if (changed.includes('geometry')) await checkGeometry(trx, after);
  return write(trx, ctx, id, before, after, 'place.update', `Edited ${changed.join(', ')}`);
}

export async function setPlaceStatus(
  trx: Transaction<DB>,
  ctx: ContentContext,
  id: string,
  status: Status,
  expected: string,
): Promise<PlaceRecord> {
  const row = await lockFresh(trx, ctx, id, expected);
  const before = editableOf(row);
  if (before.status === status) return recordOf(row);
  if (status === 'published') {
    const problems = placePublishProblems(before);
    if (problems.length) throw notPublishable('place', problems);
  }
  return write(
    trx,
    ctx,
    id,
    before,
    { ...before, status },
    'place.status',
    `Status ${before.status} → ${status}`,
  );
}

export async function duplicatePlace(
  trx: Transaction<DB>,
  ctx: ContentContext,
  id: string,
): Promise<PlaceRecord> {
  const row = await readRow(trx, ctx, id);
  if (!row) throw notFound(`No place ${id} that you may edit`);
  const copy: PlaceEditable = { ...editableOf(row), status: 'draft' };
  const newId = randomUUID();
  await trx
    .insertInto('place')
    .values({
      id: newId,
      tenant_id: ctx.tenant.id,
      source: ADMIN_SOURCE,
      source_id: newId,
      attributes: '{}',
      ...columnsOf(copy),
    } as never)
    .execute();
  const created = await readRow(trx, ctx, newId);
  if (!created) throw notFound(`No place ${newId} that you may edit`);
  await audit(
    trx,
    ctx,
    newId,
    'place.duplicate',
    null,
    { ...editableOf(created), duplicated_from: id },
    `Copied from ${id} as a draft`,
  );
  return recordOf(created);
}
