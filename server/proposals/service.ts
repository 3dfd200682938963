/**
 * Proposals from submission to the moderation queue: checks beyond the schema (the town's
 * languages, ages, the neighbourhood, the point inside the town, a funding call's rules), the
 * stored row, the proposer's edit of a returned proposal, and the view of a row.
 */
import { randomUUID } from 'node:crypto';
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import { recordAudit } from '../audit/record.ts';
import type { DB } from '../db/schema.ts';
import { ApiError, badRequest } from '../http/errors.ts';
import { locate } from '../participation/places.ts';
import { issueToken } from '../participation/tokens.ts';
import type { Tenant } from '../tenants/queries.ts';
import { RESIDENT_ACTOR } from './confirm-handler.ts';
import type { ProposalBodyInput, ProposalFields, ProposalViewT } from './input.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** days a confirmation link works (an unconfirmed proposal is deleted after them) */
export const CONFIRM_DAYS = 7;
/** days an edit link of a returned proposal works */
export const EDIT_DAYS = 30;

const field = (parameter: string, message: string) =>
  badRequest(`${parameter}: ${message}`, [{ parameter, message }]);

const pointSql = (p: { lon: number; lat: number }) =>
  sql<string>`ST_SetSRID(ST_MakePoint(${p.lon}::float8, ${p.lat}::float8), 4326)`;

/** the proposer's language: the one given (one of the town's), else the town's default */
export function languageOf(tenant: Tenant, given: string | undefined): string {
  if (given === undefined) return tenant.defaultLocale;
  if (!tenant.locales.includes(given))
    throw field('language', `must be one of this town's languages: ${tenant.locales.join(', ')}`);
  return given;
}

/** the checks of the fields against the town (and a funding call's rules for a submission to it) */
export async function checkFields(
  db: Executor,
  tenant: Tenant,
  f: ProposalFields,
  callId: string | null,
): Promise<void> {
  if (f.age_min != null && f.age_max != null && f.age_min > f.age_max)
    throw field('age_max', 'must not be below age_min');
  const loc = f.location;
  if ('area_id' in loc) {
    const area = await db
      .selectFrom('area')
      .select('id')
      .where('tenant_id', '=', tenant.id)
      .where('kind', '=', 'neighbourhood')
      .where('id', '=', loc.area_id)
      .executeTakeFirst();
    if (!area) throw field('location.area_id', `no neighbourhood ${loc.area_id} in this town`);
  } else if (tenant.bbox) {
    const [w, s, e, n] = tenant.bbox;
    if (loc.lon < w || loc.lon > e || loc.lat < s || loc.lat > n)
      throw field('location', `the point is outside the town (longitude ${w}…${e}, latitude ${s}…${n})`);
  }
  if (callId === null) return;
  if (f.cost == null) throw field('cost', 'a submission to a funding call needs its cost');
  const call = await sql<{
    open_now: boolean;
    max_amount: number | null;
    budget: number;
    area_ids: string[];
  }>`
    SELECT (status = 'open' AND submissions_open <= now() AND now() < submissions_close) AS open_now,
           max_amount::float8 AS max_amount, budget::float8 AS budget, area_ids
    FROM funding_call WHERE id = ${callId}::uuid AND tenant_id = ${tenant.id}`.execute(db);
  const c = call.rows[0];
  if (!c) throw field('call_id', `no funding call ${callId} in this town`);
  if (!c.open_now) throw field('call_id', 'the funding call is not open for submissions now');
  const most = c.max_amount ?? c.budget;
  if (f.cost > Number(most))
    throw field('cost', `must be at most ${Number(most)} (the call's maximum amount)`);
  if (c.area_ids.length) {
    const shape: RawBuilder<string> =
      'area_id' in loc ? sql`(SELECT n.geom FROM area n WHERE n.id = ${loc.area_id}::uuid)` : pointSql(loc);
    const inside = await sql<{ ok: boolean }>`
      SELECT EXISTS (
        SELECT 1 FROM area a WHERE a.tenant_id = ${tenant.id} AND a.id = ANY(${c.area_ids}::uuid[])
          AND ST_Intersects(a.geom, ${shape}) AND NOT ST_Touches(a.geom, ${shape})) AS ok`.execute(db);
    if (!inside.rows[0]?.ok) throw field('location', "is outside the funding call's areas");
  }
}

/** the columns of the proposer's fields */
function columnsOf(f: ProposalFields, language: string) {
  const loc = f.location;
  return {
    kind: f.kind,
    title: JSON.stringify({ [language]: f.title }),
    description: JSON.stringify({ [language]: f.description }),
    language,
    categories: f.categories,
    audiences: f.audiences,
    languages: f.languages,
    age_min: f.age_min ?? null,
    age_max: f.age_max ?? null,
    schedules: JSON.stringify(f.schedules),
    join_url: f.join?.url ?? null,
    join_platform: f.join?.platform ?? null,
    join_private: f.join?.private ?? false,
    public_contact: JSON.stringify(f.public_contact ?? {}),
    geom: 'area_id' in loc ? null : pointSql(loc),
    area_id: 'area_id' in loc ? loc.area_id : null,
    cost: f.cost ?? null,
    cost_note: f.cost_note ?? null,
  };
}

/** stores a new unconfirmed proposal and its confirmation token, audited; answers the id and token */
export async function storeProposal(
  trx: Transaction<DB>,
  tenant: Tenant,
  body: ProposalBodyInput,
  who: { emailHash: string; emailDomain: string; clientHash: string },
): Promise<{ id: string; token: string; language: string }> {
  const language = languageOf(tenant, body.language);
  const id = randomUUID();
  await trx
    .insertInto('proposal')
    .values({
      id,
      tenant_id: tenant.id,
      ...columnsOf(body, language),
      email: body.email,
      email_hash: who.emailHash,
      client_hash: who.clientHash,
      call_id: body.call_id ?? null,
    })
    .execute();
  const token = await issueToken(trx, {
    tenantId: tenant.id,
    purpose: 'confirm',
    targetType: 'proposal',
    targetId: id,
    days: CONFIRM_DAYS,
  });
  await recordAudit(trx, {
    tenantId: tenant.id,
    actor: RESIDENT_ACTOR,
    action: 'proposal.submit',
    entity: { type: 'proposal', id },
    previous: null,
    next: {
      status: 'unconfirmed',
      kind: body.kind,
      title: body.title,
      language,
      call_id: body.call_id ?? null,
      email_domain: who.emailDomain,
    },
    summary: `Proposed by a resident (${who.emailDomain}): waiting for the e-mail confirmation`,
  });
  return { id, token, language };
}

interface Row {
  id: string;
  status: string;
  kind: ProposalViewT['kind'];
  title: Record<string, string>;
  description: Record<string, string>;
  language: string;
  categories: string[];
  audiences: string[];
  languages: string[];
  age_min: number | null;
  age_max: number | null;
  schedules: unknown[];
  join_url: string | null;
  join_platform: string | null;
  join_private: boolean;
  public_contact: Record<string, string>;
  lon: number | null;
  lat: number | null;
  area_id: string | null;
  call_id: string | null;
  cost: number | null;
  cost_note: string | null;
  return_reason: string | null;
}

export async function readProposal(
  db: Executor,
  tenantId: number,
  id: string,
  lock = false,
): Promise<Row | undefined> {
  const r = await sql<Row>`
    SELECT id::text AS id, status, kind, title, description, language, categories, audiences, languages,
           age_min, age_max, schedules, join_url, join_platform, join_private, public_contact,
           ST_X(geom) AS lon, ST_Y(geom) AS lat, area_id::text AS area_id, call_id::text AS call_id,
           cost::float8 AS cost, cost_note, return_reason
    FROM proposal WHERE id = ${id}::uuid AND tenant_id = ${tenantId} ${lock ? sql`FOR UPDATE` : sql``}`.execute(
    db,
  );
  return r.rows[0];
}

export function viewOf(r: Row): ProposalViewT {
  const pick = (t: Record<string, string>) => t[r.language] ?? Object.values(t)[0] ?? '';
  return {
    id: r.id,
    status: r.status,
    kind: r.kind,
    title: pick(r.title),
    description: pick(r.description),
    language: r.language,
    categories: r.categories,
    audiences: r.audiences,
    languages: r.languages,
    age_min: r.age_min,
    age_max: r.age_max,
    schedules: r.schedules,
    join:
      r.join_url && r.join_platform
        ? { url: r.join_url, platform: r.join_platform, private: r.join_private }
        : null,
    public_contact: r.public_contact ?? {},
    location:
      r.lon !== null && r.lat !== null
        ? { lon: Number(r.lon), lat: Number(r.lat) }
        : r.area_id
          ? { area_id: r.area_id }
          : null,
    call_id: r.call_id,
    cost: r.cost === null ? null : Number(r.cost),
    cost_note: r.cost_note,
    return_reason: r.return_reason,
  };
}

/**
 * the proposer's edit of a returned proposal: the fields replaced, located again, pending again
 * (back in the moderation queue), the edit token used; 409 when it is not returned (any more)
 */
export async function resubmitProposal(
  trx: Transaction<DB>,
  tenant: Tenant,
  id: string,
  f: ProposalFields,
): Promise<ProposalViewT> {
  const before = await readProposal(trx, tenant.id, id, true);
  if (!before) throw new ApiError(404, 'unknown_token', 'This edit link is unknown or has expired');
  if (before.status !== 'returned')
    throw new ApiError(
      409,
      'not_editable',
      `This proposal is ${before.status}: only a proposal the moderators sent back can be changed`,
    );
  await checkFields(trx, tenant, f, before.call_id);
  const language = languageOf(tenant, f.language ?? before.language);
  const place = await locate(
    trx,
    tenant.id,
    'area_id' in f.location ? { areaId: f.location.area_id } : f.location,
  );
  await trx
    .updateTable('proposal')
    .set({
      ...columnsOf(f, language),
      status: 'pending',
      submitted_at: new Date(),
      area_id: place?.areaId ?? null,
      zone_ids: place?.zoneIds ?? [],
      updated_at: sql`now()` as never,
    })
    .where('id', '=', id)
    .where('tenant_id', '=', tenant.id)
    .execute();
  const after = await readProposal(trx, tenant.id, id);
  if (!after) throw new ApiError(404, 'unknown_token', 'This edit link is unknown or has expired');
  const { return_reason: _a, ...prev } = viewOf(before);
  const { return_reason: _b, ...next } = viewOf(after);
  await recordAudit(trx, {
    tenantId: tenant.id,
    actor: RESIDENT_ACTOR,
    action: 'proposal.resubmit',
    entity: { type: 'proposal', id },
    previous: prev,
    next,
    summary: 'Changed by the proposer after it was returned: waiting for moderation again',
  });
  return viewOf(after);
}
