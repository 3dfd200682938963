/**
 * Emergency mode's rows: the tenant's state, its marks (joined with the places and opportunities
 * they mark) and the subscribers a switch-on reaches. Every statement carries the tenant.
 */
import { randomUUID } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Config } from '../config.ts';
import type { DB, EmergencyRole, LocalizedText } from '../db/schema.ts';
import { layerOfPlaceKind } from '../layers/registry.ts';
import { parseFilters } from '../opportunities/filters.ts';
import { pickText } from '../tenants/queries.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface EmergencyState {
  active: boolean;
  activation: number;
  message: LocalizedText;
  area_ids: string[];
  started_at: Date | null;
  started_by: string | null;
  started_by_account: string | null;
  ended_at: Date | null;
  ended_by: string | null;
  ended_by_account: string | null;
  updated_at: Date | null;
}

const INACTIVE: EmergencyState = {
  active: false,
  activation: 0,
  message: {},
  area_ids: [],
  started_at: null,
  started_by: null,
  started_by_account: null,
  ended_at: null,
  ended_by: null,
  ended_by_account: null,
  updated_at: null,
};

/** the tenant's state (inactive with nothing set when no admin has touched it) */
export async function readState(db: Executor, tenantId: number, lock = false): Promise<EmergencyState> {
  let q = db
    .selectFrom('emergency_state')
    .select([
      'active',
      'activation',
      'message',
      'area_ids',
      'started_at',
      'started_by',
      'started_by_account',
      'ended_at',
      'ended_by',
      'ended_by_account',
      'updated_at',
    ])
    .where('tenant_id', '=', tenantId);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) return { ...INACTIVE };
  return { ...row, area_ids: (row.area_ids ?? []).map(String) };
}

export interface StateChange {
  active: boolean;
  activation: number;
  message: LocalizedText;
  area_ids: string[];
  started_at: Date | null;
  started_by: string | null;
  started_by_account: string | null;
  ended_at: Date | null;
  ended_by: string | null;
  ended_by_account: string | null;
}

export async function writeState(db: Executor, tenantId: number, s: StateChange, now: Date): Promise<void> {
  const values = {
    active: s.active,
    activation: s.activation,
    message: JSON.stringify(s.message),
    area_ids: s.area_ids,
    started_at: s.started_at,
    started_by: s.started_by,
    started_by_account: s.started_by_account,
    ended_at: s.ended_at,
    ended_by: s.ended_by,
    ended_by_account: s.ended_by_account,
    updated_at: now,
  };
  await db
    .insertInto('emergency_state')
    .values({ tenant_id: tenantId, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
    .execute();
}

export interface AreaRef {
  id: string;
  name: string;
  kind: string;
}

/** the areas of the tenant among `ids` (unknown or foreign ids are left out), named in `lang` */
export async function areasOf(
  db: Executor,
  tenant: { id: number; defaultLocale: string },
  ids: string[],
  lang: string,
): Promise<AreaRef[]> {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('area')
    .select(['id', 'name', 'names', 'kind'])
    .where('tenant_id', '=', tenant.id)
    .where('id', 'in', ids)
    .orderBy('name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    name: pickText(r.names, lang, tenant.defaultLocale).text || r.name,
  }));
}

export type MarkType = 'place' | 'opportunity';

export interface Mark {
  id: string;
  type: MarkType;
  /** the place's or the opportunity's id */
  target_id: string;
  /** where the web app opens it: `programs:{id}`, `parks:{id}`… */
  item: string;
  role: EmergencyRole;
  name: string;
  names: LocalizedText;
  address: string | null;
  note: string | null;
  notes: LocalizedText;
  lon: number;
  lat: number;
  updated_at: Date;
}

interface MarkRow {
  id: string;
  place_id: string | null;
  opportunity_id: string | null;
  role: EmergencyRole;
  note: LocalizedText | string | null;
  place_name: string | null;
  place_names: LocalizedText | string | null;
  place_kind: string | null;
  title: LocalizedText | string | null;
  address: string | null;
  lon: number | string;
  lat: number | string;
  updated_at: Date;
}

const json = <T>(v: T | string | null): T | null => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

const ROLE_ORDER = sql`array_position(ARRAY['shelter','distribution_point','information_point','volunteer_call']::text[], m.role)`;

/**
 * The tenant's marks, shelters first, each with what it marks; `only` one of them. With
 * `published`, only marks on a published place or opportunity (what the public and the
 * subscribers' notices see: a mark on a draft or archived row stays private).
 */
export async function listMarks(
  db: Executor,
  tenant: { id: number; defaultLocale: string },
  lang: string,
  only?: { type: MarkType; id: string },
  opts: { published?: boolean } = {},
): Promise<Mark[]> {
  const where = only
    ? only.type === 'place'
      ? sql`AND m.place_id = ${only.id}::uuid`
      : sql`AND m.opportunity_id = ${only.id}::uuid`
    : sql``;
  const published = opts.published
    ? sql`AND (p.status = 'published' OR o.status = 'published')
          AND COALESCE(p.anchor, o.geom) IS NOT NULL`
    : sql``;
  const { rows } = await sql<MarkRow>`
    SELECT m.id, m.place_id, m.opportunity_id, m.role, m.note, m.updated_at,
           p.name AS place_name, p.names AS place_names, p.kind AS place_kind, o.title,
           COALESCE(p.address, op.address) AS address,
           ST_X(COALESCE(p.anchor, ST_PointOnSurface(o.geom))) AS lon,
           ST_Y(COALESCE(p.anchor, ST_PointOnSurface(o.geom))) AS lat
      FROM emergency_mark m
      LEFT JOIN place p ON p.id = m.place_id AND p.tenant_id = m.tenant_id
      LEFT JOIN opportunity o ON o.id = m.opportunity_id AND o.tenant_id = m.tenant_id
      LEFT JOIN place op ON op.id = o.place_id AND op.tenant_id = m.tenant_id
     WHERE m.tenant_id = ${tenant.id} ${where} ${published}
       AND (p.id IS NOT NULL OR o.id IS NOT NULL)
     ORDER BY ${ROLE_ORDER}, COALESCE(p.name, o.title->>${tenant.defaultLocale}, ''), m.id`.execute(db);
  return rows.map((r) => {
    const isPlace = r.place_id !== null;
    const names: LocalizedText = isPlace
      ? { ...(json<LocalizedText>(r.place_names) ?? {}) }
      : { ...(json<LocalizedText>(r.title) ?? {}) };
    const fallbackName = isPlace ? (r.place_name ?? '') : '';
    const notes = json<LocalizedText>(r.note) ?? {};
    const note = pickText(notes, lang, tenant.defaultLocale).text;
    const targetId = (isPlace ? r.place_id : r.opportunity_id) as string;
    return {
      id: r.id,
      type: isPlace ? 'place' : 'opportunity',
      target_id: targetId,
      item: isPlace ? `${layerOfPlaceKind(r.place_kind ?? '')}:${targetId}` : `programs:${targetId}`,
      role: r.role,
      name: pickText(names, lang, tenant.defaultLocale).text || fallbackName,
      names,
      address: r.address,
      note: note || null,
      notes,
      lon: Number(r.lon),
      lat: Number(r.lat),
      updated_at: r.updated_at,
    };
  });
}

/** whether the place or opportunity exists in the tenant */
export async function targetExists(
  db: Executor,
  tenantId: number,
  type: MarkType,
  id: string,
): Promise<boolean> {
  const row =
    type === 'place'
      ? await db
          .selectFrom('place')
          .select('id')
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .executeTakeFirst()
      : await db
          .selectFrom('opportunity')
          .select('id')
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .executeTakeFirst();
  return row !== undefined;
}

export async function saveMark(
  db: Executor,
  tenantId: number,
  target: { type: MarkType; id: string },
  m: { role: EmergencyRole; note: LocalizedText },
  now: Date,
): Promise<void> {
  const column = target.type === 'place' ? 'place_id' : 'opportunity_id';
  const updated = await db
    .updateTable('emergency_mark')
    .set({ role: m.role, note: JSON.stringify(m.note), updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where(column, '=', target.id)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) > 0) return;
  await db
    .insertInto('emergency_mark')
    .values({
      id: randomUUID(),
      tenant_id: tenantId,
      place_id: target.type === 'place' ? target.id : null,
      opportunity_id: target.type === 'opportunity' ? target.id : null,
      role: m.role,
      note: JSON.stringify(m.note),
      created_at: now,
      updated_at: now,
    })
    .execute();
}

export async function deleteMark(db: Executor, tenantId: number, target: { type: MarkType; id: string }) {
  const column = target.type === 'place' ? 'place_id' : 'opportunity_id';
  const r = await db
    .deleteFrom('emergency_mark')
    .where('tenant_id', '=', tenantId)
    .where(column, '=', target.id)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export interface Recipient {
  id: string;
  email: string;
  language: string;
}

/**
 * The confirmed subscriptions a switch-on reaches: all of them when the whole town is affected;
 * otherwise those whose filters name a place that meets the affected areas — an area that
 * overlaps one of them (more than a sliver: neighbours sharing a border do not count), a point
 * whose radius reaches one, or a bbox that meets one.
 */
export async function recipients(
  db: Executor,
  config: Pick<Config, 'NEARBY_MAX_RADIUS_M' | 'NEARBY_DEFAULT_RADIUS_M'>,
  tenantId: number,
  areaIds: string[],
): Promise<Recipient[]> {
  const subs = await db
    .selectFrom('subscription')
    .select(['id', 'email', 'language', 'filters'])
    .where('tenant_id', '=', tenantId)
    .where('confirmed_at', 'is not', null)
    .orderBy('created_at')
    .execute();
  if (!areaIds.length) return subs.map(({ id, email, language }) => ({ id, email, language }));

  // areas of the tenant that overlap an affected one
  const overlapping = new Set(
    (
      await sql<{ id: string }>`
        SELECT DISTINCT a.id FROM area a JOIN area b
          ON b.tenant_id = ${tenantId} AND b.id = ANY(${areaIds}::uuid[])
         WHERE a.tenant_id = ${tenantId} AND ST_Intersects(a.geom, b.geom)
           AND (a.id = b.id OR ST_Area(ST_Intersection(a.geom, b.geom)) > 0.001 * LEAST(ST_Area(a.geom), ST_Area(b.geom)))`.execute(
        db,
      )
    ).rows.map((r) => r.id),
  );

  const chosen = new Set<string>();
  const points: { id: string; lon: number; lat: number; r: number }[] = [];
  const boxes: { id: string; box: [number, number, number, number] }[] = [];
  for (const s of subs) {
    let f: ReturnType<typeof parseFilters>;
    try {
      f = parseFilters(config, (s.filters ?? {}) as Record<string, string>);
    } catch {
      continue; // a stored filter the API no longer reads: its digest is refused the same way
    }
    if (f.area && overlapping.has(f.area)) chosen.add(s.id);
    if (f.lon !== undefined && f.lat !== undefined)
      points.push({ id: s.id, lon: f.lon, lat: f.lat, r: f.radius_m ?? config.NEARBY_DEFAULT_RADIUS_M });
    if (f.bbox) boxes.push({ id: s.id, box: f.bbox });
  }
  if (points.length) {
    const { rows } = await sql<{ id: string }>`
      SELECT p.id FROM unnest(${points.map((p) => p.id)}::uuid[], ${points.map((p) => p.lon)}::float8[],
                              ${points.map((p) => p.lat)}::float8[], ${points.map((p) => p.r)}::float8[]) AS p(id, lon, lat, r)
       WHERE EXISTS (SELECT 1 FROM area b WHERE b.tenant_id = ${tenantId} AND b.id = ANY(${areaIds}::uuid[])
                       AND ST_DWithin(b.geom::geography, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326)::geography, p.r))`.execute(
      db,
    );
    for (const r of rows) chosen.add(r.id);
  }
  if (boxes.length) {
    const { rows } = await sql<{ id: string }>`
      SELECT p.id FROM unnest(${boxes.map((b) => b.id)}::uuid[], ${boxes.map((b) => b.box[0])}::float8[],
                              ${boxes.map((b) => b.box[1])}::float8[], ${boxes.map((b) => b.box[2])}::float8[],
                              ${boxes.map((b) => b.box[3])}::float8[]) AS p(id, x0, y0, x1, y1)
       WHERE EXISTS (SELECT 1 FROM area b WHERE b.tenant_id = ${tenantId} AND b.id = ANY(${areaIds}::uuid[])
                       AND ST_Intersects(b.geom, ST_MakeEnvelope(p.x0, p.y0, p.x1, p.y1, 4326)))`.execute(db);
    for (const r of rows) chosen.add(r.id);
  }
  return subs.filter((s) => chosen.has(s.id)).map(({ id, email, language }) => ({ id, email, language }));
}

/**
 * Claims the notices of one switch-on (or its all-clear) for these subscriptions: answers those
 * not claimed before, so a repeated switch sends nothing twice.
 */
export async function claimNotices(
  db: Executor,
  tenantId: number,
  activation: number,
  kind: 'alert' | 'all_clear',
  subscriptionIds: string[],
): Promise<Set<string>> {
  if (!subscriptionIds.length) return new Set();
  const rows = await db
    .insertInto('emergency_notice')
    .values(subscriptionIds.map((id) => ({ tenant_id: tenantId, activation, subscription_id: id, kind })))
    .onConflict((oc) => oc.doNothing())
    .returning('subscription_id')
    .execute();
  return new Set(rows.map((r) => r.subscription_id));
}

/** the subscriptions that received the alert of a switch-on (for its all-clear) */
export async function alerted(db: Executor, tenantId: number, activation: number): Promise<Recipient[]> {
  return db
    .selectFrom('emergency_notice as n')
    .innerJoin('subscription as s', (j) =>
      j.onRef('s.id', '=', 'n.subscription_id').on('s.tenant_id', '=', tenantId),
    )
    .select(['s.id', 's.email', 's.language'])
    .where('n.tenant_id', '=', tenantId)
    .where('n.activation', '=', activation)
    .where('n.kind', '=', 'alert')
    .where('s.confirmed_at', 'is not', null)
    .execute();
}

export async function markSent(
  db: Executor,
  tenantId: number,
  activation: number,
  kind: 'alert' | 'all_clear',
  subscriptionId: string,
  now: Date,
) {
  await db
    .updateTable('emergency_notice')
    .set({ sent_at: now })
    .where('tenant_id', '=', tenantId)
    .where('activation', '=', activation)
    .where('kind', '=', kind)
    .where('subscription_id', '=', subscriptionId)
    .execute();
}
