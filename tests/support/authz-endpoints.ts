/**
 * The authorisation matrix of docs/ADMIN.md, as test fixtures: the actors (the eight columns),
 * the world they act in (two tenants, organisations A and B of tenant 1, one account per actor),
 * and for every state-changing endpoint (a row) how to make a valid request for one actor.
 *
 * Each `prepare` makes a FRESH target for the actor that is about to call (its own kiosk slug,
 * its own token of editor A, its own subscription…), so that one actor's success does not change
 * what the next one sees; and answers `state()`, a reading of everything that request may change,
 * taken before and after: a refused request must leave it equal, a successful one must change it.
 *
 * tests/api/authorisation-matrix.test.ts reads the table from docs/ADMIN.md and runs these.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { createApiToken } from '../../server/accounts/api-tokens.ts';
import { createSignInLink } from '../../server/accounts/links.ts';
import { hashSecret } from '../../server/accounts/secrets.ts';
import { PROJECT_ROOT } from '../../server/config.ts';
import type { DB } from '../../server/db/schema.ts';
import { saveKiosk } from '../../server/kiosks/queries.ts';
import { issueToken } from '../../server/participation/tokens.ts';
import { addToken, subscribe } from '../../server/subscriptions/queries.ts';
import { addUser, PASSWORD, type Signed, signIn } from './accounts.ts';
import { addOtherTenant } from './other-tenant.ts';

/** the columns of the matrix, in the order of the table */
export const ACTORS = [
  { key: 'anonymous', column: 'anonymous' },
  { key: 'editorA', column: 'editor A' },
  { key: 'editorB', column: 'editor B' },
  { key: 'moderator', column: 'moderator' },
  { key: 'planner', column: 'planner' },
  { key: 'blockConnector', column: 'block connector' },
  { key: 'admin', column: 'admin' },
  { key: 'otherAdmin', column: 'admin of another tenant' },
] as const;

export type ActorKey = (typeof ACTORS)[number]['key'];
export type SignedActor = Exclude<ActorKey, 'anonymous'>;

export interface TenantRef {
  id: number;
  slug: string;
}

export interface AuthzWorld {
  db: Kysely<DB>;
  /** tenant 1: the demo town */
  tenant: TenantRef;
  /** tenant 2: a small second municipality with its own admin */
  otherTenant: TenantRef;
  organisationA: { id: string; slug: string };
  organisationB: { id: string; slug: string };
  accounts: Record<SignedActor, { id: string; email: string; tenant: TenantRef }>;
  /** a community centre of tenant 1 (where kiosks stand) */
  centre: { id: string };
  /** a point in tenant 1 (its home view's centre), for places */
  point: { lon: number; lat: number };
  /** a name no other call answers, for fresh targets */
  unique(prefix: string): string;
  /** a request of tenant 1's admin through the API (a session of its own), for making targets; throws unless 2xx */
  adminApi(method: string, path: string, json?: unknown): Promise<Record<string, unknown>>;
}

type Requester = { request(path: string, init?: RequestInit): Response | Promise<Response> };

/** one request of one actor, with what it may change */
export interface AuthzRequest {
  /** path and query, e.g. /api/admin/kiosks/authz-3?tenant=lindmere */
  path: string;
  json?: unknown;
  /** a multipart body (made anew per request) */
  form?: () => FormData;
  /** an application/x-www-form-urlencoded body */
  urlencoded?: Record<string, string>;
  /** everything this request may change; compared before and after */
  state(): Promise<unknown>;
  /** a success that changes nothing by design (anonymous sign-out); default true */
  successChanges?: boolean;
}

export interface EndpointFixture {
  /** METHOD and path template exactly as the row of the table, e.g. `PUT /api/admin/kiosks/{slug}` */
  endpoint: string;
  /** the request ends or replaces the session it comes with: the actor gets a session of its own for it */
  freshSession?: boolean;
  prepare(world: AuthzWorld, actor: ActorKey): Promise<AuthzRequest>;
}

const OTHER_TENANT = 'authz-otherton';

export async function setUpAuthzWorld(db: Kysely<DB>, app: Requester): Promise<AuthzWorld> {
  const tenantRow = await db
    .selectFrom('tenant')
    .select(['id', 'slug'])
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const other = await addOtherTenant(db, { slug: OTHER_TENANT });
  const area = await db
    .selectFrom('area')
    .select('id')
    .where('tenant_id', '=', tenantRow.id)
    .where('kind', '=', 'neighbourhood')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const t1 = tenantRow.slug;
  const add: [SignedActor, Parameters<typeof addUser>[1]][] = [
    [
      'editorA',
      { tenant: t1, email: 'authz-editor-a@example.org', role: 'editor', organisation: 'authz-org-a' },
    ],
    [
      'editorB',
      { tenant: t1, email: 'authz-editor-b@example.org', role: 'editor', organisation: 'authz-org-b' },
    ],
    ['moderator', { tenant: t1, email: 'authz-moderator@example.org', role: 'moderator' }],
    ['planner', { tenant: t1, email: 'authz-planner@example.org', role: 'planner' }],
    [
      'blockConnector',
      { tenant: t1, email: 'authz-steward@example.org', role: 'block_connector', area: area.id },
    ],
    ['admin', { tenant: t1, email: 'authz-admin@example.org', role: 'admin' }],
    ['otherAdmin', { tenant: OTHER_TENANT, email: 'authz-other-admin@example.org', role: 'admin' }],
  ];
  const accounts = {} as AuthzWorld['accounts'];
  for (const [key, cmd] of add) {
    await addUser(db, cmd);
    const a = await db
      .selectFrom('account')
      .select('id')
      .where('email', '=', cmd.email)
      .executeTakeFirstOrThrow();
    accounts[key] = { id: a.id, email: cmd.email, tenant: key === 'otherAdmin' ? other : tenantRow };
  }
  const org = async (slug: string) =>
    db
      .selectFrom('organisation')
      .select(['id', 'slug'])
      .where('tenant_id', '=', tenantRow.id)
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow();
  const centre = await db
    .selectFrom('place')
    .select(['id'])
    .where('tenant_id', '=', tenantRow.id)
    .where('kind', '=', 'community_centre')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  let n = 0;
  let adminSession: Signed | undefined;
  const adminApi = async (
    method: string,
    path: string,
    json?: unknown,
    again = true,
  ): Promise<Record<string, unknown>> => {
    adminSession ??= await signIn(app, accounts.admin.email, undefined, { tenant: t1 });
    const res = await app.request(path, {
      method,
      headers: adminSession.write,
      ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
    });
    // a password change of the admin (a row of the matrix) signs this session out: sign in again
    if (res.status === 401 && again) {
      adminSession = undefined;
      return adminApi(method, path, json, false);
    }
    if (res.status < 200 || res.status > 299)
      throw new Error(`${method} ${path} as admin answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  return {
    adminApi,
    db,
    tenant: tenantRow,
    otherTenant: other,
    organisationA: await org('authz-org-a'),
    organisationB: await org('authz-org-b'),
    accounts,
    centre: { id: centre.id },
    point: await (async () => {
      const t = await db
        .selectFrom('tenant')
        .select('home')
        .where('id', '=', tenantRow.id)
        .executeTakeFirstOrThrow();
      const [lon, lat] = (typeof t.home === 'string' ? JSON.parse(t.home) : t.home).center as [
        number,
        number,
      ];
      return { lon, lat };
    })(),
    unique: (prefix) => `${prefix}-${++n}`,
  };
}

// ——— readings of state ———

const auditOf = (w: AuthzWorld, entityType: string, entityId: string) =>
  w.db
    .selectFrom('audit_entry')
    .select(['action', 'previous', 'new'])
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .orderBy('id')
    .execute();

const kioskState = (w: AuthzWorld, slug: string) => async () => ({
  kiosk:
    (await w.db
      .selectFrom('kiosk')
      .select(['slug', 'place_id', 'idle_seconds', 'languages', 'layers', 'radius_m', 'printer'])
      .where('tenant_id', '=', w.tenant.id)
      .where('slug', '=', slug)
      .executeTakeFirst()) ?? null,
  audit: await auditOf(w, 'kiosk', slug),
});

/** the account an actor's own-account request acts on (anonymous: editor A's, which it must not touch) */
const ownAccount = (w: AuthzWorld, actor: ActorKey) => w.accounts[actor === 'anonymous' ? 'editorA' : actor];

const sessionsOf = (w: AuthzWorld, accountId: string) =>
  w.db
    .selectFrom('session')
    .select('id_hash')
    .where('account_id', '=', accountId)
    .orderBy('id_hash')
    .execute();

const subscriptionState = (w: AuthzWorld, email: string) => async () =>
  (await w.db
    .selectFrom('subscription')
    .select(['email', 'language', 'frequency', 'filters', 'confirmed_at'])
    .where('tenant_id', '=', w.tenant.id)
    .where('email', '=', email)
    .executeTakeFirst()) ?? null;

/** a subscription of tenant 1 of its own, confirmed or pending, with its link tokens */
async function freshSubscription(w: AuthzWorld, confirmed: boolean) {
  const email = `${w.unique('authz-sub')}@example.org`;
  const s = await subscribe(w.db, {
    tenantId: w.tenant.id,
    email,
    language: 'en',
    frequency: 'weekly',
    filters: {},
  });
  if (s.state === 'subscribed') throw new Error('a fresh address is subscribed already');
  if (confirmed)
    await w.db.updateTable('subscription').set({ confirmed_at: new Date() }).where('id', '=', s.id).execute();
  const manage = await addToken(w.db, s.id, 'manage');
  return { email, confirm: s.confirmToken, manage, state: subscriptionState(w, email) };
}

/** a proposal of tenant 1 in the given status, stored directly (the forms' rows are made by residents) */
async function freshProposal(w: AuthzWorld, status: 'unconfirmed' | 'pending' | 'returned') {
  const id = randomUUID();
  const label = w.unique('authz-proposal');
  const email = `${label}@example.org`;
  await w.db
    .insertInto('proposal')
    .values({
      id,
      tenant_id: w.tenant.id,
      kind: 'activity',
      status,
      title: JSON.stringify({ en: label }),
      description: JSON.stringify({ en: 'A proposal of the matrix' }),
      language: 'en',
      schedules: '[]',
      public_contact: '{}',
      geom: sql<string>`ST_SetSRID(ST_MakePoint(${w.point.lon}::float8, ${w.point.lat}::float8), 4326)`,
      area_id: null,
      age_min: null,
      age_max: null,
      join_url: null,
      join_platform: null,
      email,
      email_hash: label,
      client_hash: null,
      return_reason: null,
      reject_reason: null,
      opportunity_id: null,
      call_id: null,
      cost: null,
      cost_note: null,
      funded_at: null,
      funded_amount: null,
      confirmed_at: null,
      submitted_at: status === 'unconfirmed' ? null : new Date(),
      decided_at: null,
      decided_by: null,
    })
    .execute();
  const row = await sql<{ u: string }>`
    SELECT to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS u FROM proposal WHERE id = ${id}::uuid`.execute(
    w.db,
  );
  return {
    id,
    label,
    updatedAt: row.rows[0]?.u ?? '',
    state: async () => ({
      row: await w.db
        .selectFrom('proposal')
        .select(['status', 'title', 'return_reason', sql<string>`updated_at::text`.as('updated_at')])
        .where('id', '=', id)
        .executeTakeFirst(),
      audit: await auditOf(w, 'proposal', id),
    }),
  };
}

const tenantQuery = (w: AuthzWorld) => `?tenant=${w.tenant.slug}`;

/** a funding call's fields: windows over (supports closed an hour ago), so that it can be funded */
function callInput(label: string) {
  const h = 3_600_000;
  const at = (hours: number) => new Date(Date.now() + hours * h).toISOString();
  return {
    title: { en: label },
    budget: 2000,
    currency: 'EUR',
    submissions_open: at(-72),
    submissions_close: at(-48),
    supports_open: at(-48),
    supports_close: at(-1),
  };
}
/** a draft call of tenant 1 made by its admin */
async function freshCall(w: AuthzWorld): Promise<string> {
  const r = await w.adminApi('POST', `/api/admin/calls${tenantQuery(w)}`, callInput(w.unique('authz-call')));
  return String(r.id);
}
const callState = (w: AuthzWorld, where: { id: string } | { label: string }) => async () =>
  (await w.db
    .selectFrom('funding_call')
    .selectAll()
    .where('tenant_id', '=', w.tenant.id)
    .where((eb) =>
      'id' in where ? eb('id', '=', where.id) : eb(sql<string>`title->>'en'`, '=', where.label),
    )
    .executeTakeFirst()) ?? null;

/** an opportunity or a place of organisation A, made by the admin through the API (a draft) */
async function freshContent(w: AuthzWorld, table: 'opportunity' | 'place') {
  const label = w.unique(`authz-${table}`);
  const input =
    table === 'opportunity'
      ? { kind: 'program', title: { en: label }, organisation_id: w.organisationA.id }
      : { kind: 'park', name: label, location: w.point, organisation_id: w.organisationA.id };
  const r = await w.adminApi(
    'POST',
    `/api/admin/${table === 'opportunity' ? 'opportunities' : 'places'}${tenantQuery(w)}`,
    input,
  );
  return { id: String(r.id), updatedAt: String(r.updated_at), label };
}

/** a confirmed (pending) block connector application of tenant 1, for its first neighbourhood */
async function freshConnectorApplication(w: AuthzWorld): Promise<string> {
  const id = randomUUID();
  const email = `${w.unique('authz-applicant')}@example.org`;
  await sql`
    INSERT INTO connector_application (id, tenant_id, email, email_hash, name, language, block_ids, geom, status, confirmed_at)
    SELECT ${id}::uuid, a.tenant_id, ${email}, ${email}, 'Applicant', 'en', ARRAY[a.id], ST_Multi(a.geom), 'pending', now()
    FROM area a WHERE a.tenant_id = ${w.tenant.id} AND a.kind = 'neighbourhood' ORDER BY a.id LIMIT 1`.execute(w.db);
  return id;
}

/** an activity published (by the admin, through the API) at a point of the block connector's area */
async function publishedInConnectorArea(w: AuthzWorld): Promise<string> {
  const { rows } = await sql<{ lon: number; lat: number }>`
    SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (
      SELECT ST_PointOnSurface(a.geom) AS p FROM membership m JOIN area a ON a.id = m.area_id
      WHERE m.account_id = ${w.accounts.blockConnector.id} AND m.role = 'block_connector') s`.execute(w.db);
  const at = rows[0];
  if (!at) throw new Error('the block connector has no area');
  const r = await w.adminApi('POST', `/api/admin/opportunities${tenantQuery(w)}`, {
    kind: 'program',
    title: { en: w.unique('authz-in-area') },
    location: { lon: Number(at.lon), lat: Number(at.lat) },
  });
  await w.adminApi('POST', `/api/admin/opportunities/${String(r.id)}/status${tenantQuery(w)}`, {
    status: 'published',
    expected_updated_at: String(r.updated_at),
  });
  return String(r.id);
}

/** the rows of a table whose title (opportunity) or name (place) contains `label`, with their audit entries */
const contentState = (w: AuthzWorld, table: 'opportunity' | 'place', label: string) => async () => {
  const rows = await w.db
    .selectFrom(table)
    .select([
      'id',
      'status',
      sql<string>`updated_at::text`.as('updated_at'),
      sql<string>`${sql.ref(table === 'opportunity' ? 'title' : 'name')}::text`.as('label'),
    ])
    .where('tenant_id', '=', w.tenant.id)
    .where(sql<boolean>`${sql.ref(table === 'opportunity' ? 'title' : 'name')}::text LIKE ${`%${label}%`}`)
    .orderBy('id')
    .execute();
  return { rows, audit: await Promise.all(rows.map((r) => auditOf(w, table, r.id))) };
};

/** an account of its own with a role in tenant 1 (an editor of organisation A), for the user administration rows */
async function freshEditor(w: AuthzWorld, disabled = false) {
  const email = `${w.unique('authz-user')}@example.org`;
  await addUser(
    w.db,
    { tenant: w.tenant.slug, email, role: 'editor', organisation: w.organisationA.slug },
    null,
  );
  const a = await w.db
    .selectFrom('account')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  if (disabled)
    await w.db.updateTable('account').set({ disabled_at: new Date() }).where('id', '=', a.id).execute();
  const m = await w.db
    .selectFrom('membership')
    .select('id')
    .where('account_id', '=', a.id)
    .executeTakeFirstOrThrow();
  return { id: a.id, email, membershipId: m.id, state: accountState(w, email) };
}

/** a published place of tenant 1 that no earlier call has had (the demo town's, one by one) */
let placeCursor = 0;
async function freshDemoPlace(w: AuthzWorld): Promise<string> {
  const row = await w.db
    .selectFrom('place')
    .select('id')
    .where('tenant_id', '=', w.tenant.id)
    .where('source', '<>', 'admin')
    .orderBy('id')
    .offset(placeCursor++)
    .limit(1)
    .executeTakeFirstOrThrow();
  return row.id;
}

const markState = (w: AuthzWorld, placeId: string) => async () =>
  (await w.db
    .selectFrom('emergency_mark')
    .select(['role', 'note'])
    .where('tenant_id', '=', w.tenant.id)
    .where('place_id', '=', placeId)
    .executeTakeFirst()) ?? null;

const accountState = (w: AuthzWorld, email: string) => async () => ({
  account:
    (await w.db
      .selectFrom('account')
      .select(['id', sql<boolean>`disabled_at IS NOT NULL`.as('disabled')])
      .where('email', '=', email)
      .executeTakeFirst()) ?? null,
  memberships: await w.db
    .selectFrom('membership as m')
    .innerJoin('account as a', 'a.id', 'm.account_id')
    .select(['m.id', 'm.role', 'm.tenant_id', 'm.organisation_id'])
    .where('a.email', '=', email)
    .orderBy('m.id')
    .execute(),
});

const organisationState = (w: AuthzWorld, where: { id: string } | { slug: string }) => async () =>
  (await w.db
    .selectFrom('organisation')
    .selectAll()
    .where('tenant_id', '=', w.tenant.id)
    .where('id' in where ? 'id' : 'slug', '=', 'id' in where ? where.id : where.slug)
    .executeTakeFirst()) ?? null;

const CENTRES_CSV = fs.readFileSync(
  path.join(PROJECT_ROOT, 'tests', 'fixtures', 'import', 'centres-good.csv'),
  'utf8',
);
const CENTRES_MAPPING = JSON.parse(
  fs.readFileSync(path.join(PROJECT_ROOT, 'tests', 'fixtures', 'import', 'generic-csv.json'), 'utf8'),
) as Record<string, unknown>;

// ——— one fixture per row of the table ———

// ——— residents' needs, supports and survey campaigns (issue 13) ———

/** a point inside a neighbourhood of tenant 1 */
async function needPoint(w: AuthzWorld): Promise<{ lon: number; lat: number }> {
  const r = await sql<{ lon: number; lat: number }>`
    SELECT ST_X(ST_PointOnSurface(geom))::float8 AS lon, ST_Y(ST_PointOnSurface(geom))::float8 AS lat
    FROM area WHERE tenant_id = ${w.tenant.id} AND kind = 'neighbourhood' ORDER BY id LIMIT 1`.execute(w.db);
  const p = r.rows[0];
  if (!p) throw new Error('tenant 1 has no neighbourhood');
  return { lon: Number(p.lon), lat: Number(p.lat) };
}

/** a published need of tenant 1 of its own (made in SQL: moderation is another part's) */
async function freshPublishedNeed(w: AuthzWorld): Promise<string> {
  const id = randomUUID();
  const p = await needPoint(w);
  const at = sql`ST_SetSRID(ST_MakePoint(${p.lon}, ${p.lat}), 4326)` as never;
  await w.db
    .insertInto('need')
    .values({
      id,
      tenant_id: w.tenant.id,
      status: 'published',
      text: w.unique('authz-need'),
      language: 'en',
      geom: at,
      public_geom: at,
      answers: '{}',
      email: 'authz-pinner@example.org',
      email_hash: 'authz',
    })
    .execute();
  return id;
}

const supportsState = (w: AuthzWorld, needId: string) => async () =>
  w.db
    .selectFrom('support')
    .select(['status', 'email_hash'])
    .where('tenant_id', '=', w.tenant.id)
    .where('target_id', '=', needId)
    .orderBy('email_hash')
    .execute();

/** a survey campaign of tenant 1 of its own, made by the admin through the API */
async function freshSurvey(w: AuthzWorld) {
  const input = surveyInput(w);
  const r = await w.adminApi('POST', `/api/admin/surveys${tenantQuery(w)}`, input);
  return { id: String(r.id), updatedAt: String(r.updated_at), input };
}

function surveyInput(w: AuthzWorld) {
  return {
    title: { en: w.unique('authz-survey') },
    opens_on: '2026-01-01',
    closes_on: '2026-12-31',
    questions: [{ key: 'missing', kind: 'text', label: { en: 'What is missing?' } }],
  };
}

const surveyState = (w: AuthzWorld, match: { id?: string; title?: string }) => async () => {
  const rows = await w.db
    .selectFrom('survey_campaign')
    .select(['id', sql<string>`title::text`.as('title'), sql<string>`updated_at::text`.as('updated_at'), 'archived_at'])
    .where('tenant_id', '=', w.tenant.id)
    .where((eb) =>
      match.id ? eb('id', '=', match.id) : eb(sql<string>`title->>'en'`, '=', match.title ?? ''),
    )
    .execute();
  return { rows, audit: await Promise.all(rows.map((r) => auditOf(w, 'survey_campaign', r.id))) };
};

export const ENDPOINT_FIXTURES: EndpointFixture[] = [
  {
    endpoint: 'PUT /api/admin/kiosks/{slug}',
    async prepare(w) {
      const slug = w.unique('authz-kiosk');
      return {
        path: `/api/admin/kiosks/${slug}${tenantQuery(w)}`,
        json: { centre: w.centre.id, idle_seconds: 90 },
        state: kioskState(w, slug),
      };
    },
  },
  {
    endpoint: 'DELETE /api/admin/kiosks/{slug}',
    async prepare(w) {
      const slug = w.unique('authz-kiosk');
      await saveKiosk(w.db, w.tenant.id, slug, w.centre.id, {
        default_language: 'en',
        languages: ['en'],
        idle_seconds: 120,
        layers: ['programs'],
        radius_m: 1000,
        printer: false,
      });
      return { path: `/api/admin/kiosks/${slug}${tenantQuery(w)}`, state: kioskState(w, slug) };
    },
  },
  {
    endpoint: 'POST /api/admin/import',
    async prepare(w) {
      // the three centres of the CSV fixture, under a source of this request's own
      const source = w.unique('authz-import');
      const mapping = JSON.stringify({ ...CENTRES_MAPPING, source });
      return {
        path: '/api/admin/import',
        form: () => {
          const fd = new FormData();
          fd.set('format', 'csv');
          fd.set('tenant', w.tenant.slug);
          fd.set('mapping', mapping);
          fd.set('file', new File([CENTRES_CSV], 'centres.csv'));
          return fd;
        },
        state: async () => ({
          places: await w.db
            .selectFrom('place')
            .select(['source_id', 'name'])
            .where('source', '=', source)
            .orderBy('source_id')
            .execute(),
          audit: Number(
            (
              await w.db
                .selectFrom('audit_entry')
                .select((eb) => eb.fn.countAll().as('n'))
                .where('action', '=', 'import')
                .where('tenant_id', '=', w.tenant.id)
                .executeTakeFirstOrThrow()
            ).n,
          ),
        }),
      };
    },
  },
  {
    endpoint: 'POST /api/admin/analytics/recompute',
    async prepare(w) {
      return {
        path: `/api/admin/analytics/recompute${tenantQuery(w)}`,
        state: async () =>
          (await w.db
            .selectFrom('access_state')
            .select(sql<string>`computed_at::text`.as('computed_at'))
            .where('tenant_id', '=', w.tenant.id)
            .executeTakeFirst()) ?? null,
      };
    },
  },
  {
    endpoint: 'POST /api/admin/participation/import',
    async prepare(w) {
      // a batch of this request's own: a success stores its one row
      const batch = w.unique('authz-reach');
      return {
        path: `/api/admin/participation/import${tenantQuery(w)}`,
        json: {
          batch,
          csv: 'programme,period_start,period_end,measure,count\nWalking club,2026-01-01,2026-01-31,participants,3\n',
        },
        state: participationBatch(w, batch),
      };
    },
  },
  {
    endpoint: 'DELETE /api/admin/participation/batches/{batch}',
    async prepare(w) {
      const batch = w.unique('authz-reach');
      await w.db
        .insertInto('participation_count')
        .values({
          id: crypto.randomUUID(),
          tenant_id: w.tenant.id,
          batch,
          programme: 'Walking club',
          period_start: '2026-01-01',
          period_end: '2026-01-31',
          measure: 'participants',
          count: 3,
        })
        .execute();
      return {
        path: `/api/admin/participation/batches/${batch}${tenantQuery(w)}`,
        state: participationBatch(w, batch),
      };
    },
  },
  {
    endpoint: 'POST /api/auth/sign-out',
    freshSession: true,
    async prepare(w, actor) {
      const account = ownAccount(w, actor);
      return {
        path: '/api/auth/sign-out',
        state: () => sessionsOf(w, account.id),
        successChanges: actor !== 'anonymous',
      };
    },
  },
  {
    endpoint: 'POST /api/auth/password',
    async prepare(w, actor) {
      const account = ownAccount(w, actor);
      return {
        path: '/api/auth/password',
        // the same password again: a new hash (a new salt), and later sign-ins still work
        json: { current_password: PASSWORD, new_password: PASSWORD },
        state: async () =>
          (
            await w.db
              .selectFrom('account')
              .select('password_hash')
              .where('id', '=', account.id)
              .executeTakeFirstOrThrow()
          ).password_hash,
      };
    },
  },
  {
    endpoint: 'POST /api/auth/tokens',
    async prepare(w, actor) {
      const roleOf: Record<ActorKey, string> = {
        anonymous: 'editor',
        editorA: 'editor',
        editorB: 'editor',
        moderator: 'moderator',
        planner: 'planner',
        blockConnector: 'block_connector',
        admin: 'admin',
        otherAdmin: 'admin',
      };
      const name = w.unique('authz-token');
      return {
        path: '/api/auth/tokens',
        json: { name, role: roleOf[actor] },
        state: () =>
          w.db
            .selectFrom('api_token')
            .select(['account_id', 'tenant_id', 'role'])
            .where('name', '=', name)
            .execute(),
      };
    },
  },
  {
    endpoint: 'DELETE /api/auth/tokens/{id}',
    async prepare(w) {
      // the row: a live token of editor A
      const t = await createApiToken(w.db, {
        accountId: w.accounts.editorA.id,
        tenantId: w.tenant.id,
        role: 'editor',
        name: w.unique('authz-token'),
        now: Date.now(),
      });
      return {
        path: `/api/auth/tokens/${t.id}`,
        state: async () => ({
          revoked:
            (
              await w.db
                .selectFrom('api_token')
                .select('revoked_at')
                .where('id', '=', t.id)
                .executeTakeFirstOrThrow()
            ).revoked_at !== null,
          audit: await auditOf(w, 'api_token', t.id),
        }),
      };
    },
  },

  // ——— the back office: places and opportunities (admins; editors for their organisations) ———
  ...(['opportunity', 'place'] as const).flatMap((table): EndpointFixture[] => {
    const base = `/api/admin/${table === 'opportunity' ? 'opportunities' : 'places'}`;
    return [
      {
        endpoint: `POST ${base}`,
        async prepare(w) {
          const label = w.unique(`authz-new-${table}`);
          return {
            path: `${base}${tenantQuery(w)}`,
            json:
              table === 'opportunity'
                ? { kind: 'program', title: { en: label }, organisation_id: w.organisationA.id }
                : { kind: 'park', name: label, location: w.point, organisation_id: w.organisationA.id },
            state: contentState(w, table, label),
          };
        },
      },
      {
        endpoint: `PATCH ${base}/{id}`,
        async prepare(w) {
          const row = await freshContent(w, table);
          const change =
            table === 'opportunity'
              ? { title: { en: `${row.label} edited` } }
              : { name: `${row.label} edited` };
          return {
            path: `${base}/${row.id}${tenantQuery(w)}`,
            json: { ...change, expected_updated_at: row.updatedAt },
            state: contentState(w, table, row.label),
          };
        },
      },
      {
        endpoint: `POST ${base}/{id}/status`,
        async prepare(w) {
          const row = await freshContent(w, table);
          return {
            path: `${base}/${row.id}/status${tenantQuery(w)}`,
            json: { status: 'pending', expected_updated_at: row.updatedAt },
            state: contentState(w, table, row.label),
          };
        },
      },
      {
        endpoint: `POST ${base}/{id}/duplicate`,
        async prepare(w) {
          const row = await freshContent(w, table);
          return {
            path: `${base}/${row.id}/duplicate${tenantQuery(w)}`,
            state: contentState(w, table, row.label),
          };
        },
      },
    ];
  }),
  {
    // the review of pending content (admins, moderators): a pending opportunity of organisation A, published
    endpoint: 'POST /api/admin/review/{type}/{id}',
    async prepare(w) {
      const row = await freshContent(w, 'opportunity');
      const sent = await w.adminApi('POST', `/api/admin/opportunities/${row.id}/status${tenantQuery(w)}`, {
        status: 'pending',
        expected_updated_at: row.updatedAt,
      });
      return {
        path: `/api/admin/review/opportunity/${row.id}${tenantQuery(w)}`,
        json: {
          decision: 'return',
          reason: 'Please add the dates',
          expected_updated_at: String(sent.updated_at),
        },
        state: contentState(w, 'opportunity', row.label),
      };
    },
  },
  // ——— block connectors (docs/PARTICIPATION.md) ———
  {
    // an admin declines a pending application made for the cell
    endpoint: 'POST /api/admin/connectors/applications/{id}',
    async prepare(w) {
      const id = await freshConnectorApplication(w);
      return {
        path: `/api/admin/connectors/applications/${id}${tenantQuery(w)}`,
        json: { action: 'decline', reason: 'The area has a connector already' },
        state: async () => ({
          row: await w.db
            .selectFrom('connector_application')
            .select(['status', 'decline_reason', 'membership_id'])
            .where('id', '=', id)
            .executeTakeFirst(),
          audit: await auditOf(w, 'connector_application', id),
        }),
      };
    },
  },
  {
    // the block connector confirms an activity published in their area for the cell
    endpoint: 'POST /api/connector/reviews',
    async prepare(w) {
      const id = await publishedInConnectorArea(w);
      return {
        path: `/api/connector/reviews${tenantQuery(w)}`,
        json: { target_type: 'opportunity', target_id: id, verdict: 'confirm', note: 'Seen it, it is on' },
        state: async () => ({
          reviews: await w.db
            .selectFrom('connector_review')
            .select(['verdict', 'note'])
            .where('target_id', '=', id)
            .execute(),
          audit: await auditOf(w, 'opportunity', id),
        }),
      };
    },
  },
  {
    // a moderator marks a block connector's flag of the cell handled
    endpoint: 'POST /api/admin/connectors/reviews/{id}/resolve',
    async prepare(w) {
      const id = randomUUID();
      const targetId = randomUUID();
      await w.db
        .insertInto('connector_review')
        .values({
          id,
          tenant_id: w.tenant.id,
          account_id: w.accounts.blockConnector.id,
          target_type: 'opportunity',
          target_id: targetId,
          verdict: 'flag',
          note: 'Closed for the winter',
          resolved_at: null,
          resolved_by: null,
        })
        .execute();
      return {
        path: `/api/admin/connectors/reviews/${id}/resolve${tenantQuery(w)}`,
        json: {},
        state: async () => ({
          review: await w.db
            .selectFrom('connector_review')
            .select(['resolved_at', 'resolved_by'])
            .where('id', '=', id)
            .executeTakeFirst(),
          audit: await auditOf(w, 'opportunity', targetId),
        }),
      };
    },
  },
  {
    endpoint: 'POST /api/admin/schedule-preview',
    async prepare(w) {
      return {
        path: `/api/admin/schedule-preview${tenantQuery(w)}`,
        json: {
          schedules: [{ dtstart: '2027-01-05T10:00', duration_minutes: 120, rrule: 'FREQ=WEEKLY;BYDAY=TU' }],
        },
        // it computes dates and stores nothing
        state: async () => null,
        successChanges: false,
      };
    },
  },

  // ——— the back office: organisations, users and roles, settings (admins) ———
  {
    endpoint: 'POST /api/admin/organisations',
    async prepare(w) {
      const slug = w.unique('authz-org');
      return {
        path: `/api/admin/organisations${tenantQuery(w)}`,
        json: { slug, name: `Organisation ${slug}` },
        state: organisationState(w, { slug }),
      };
    },
  },
  {
    endpoint: 'PATCH /api/admin/organisations/{id}',
    async prepare(w) {
      const slug = w.unique('authz-org');
      const org = await w.adminApi('POST', `/api/admin/organisations${tenantQuery(w)}`, {
        slug,
        name: `Organisation ${slug}`,
      });
      return {
        path: `/api/admin/organisations/${String(org.id)}${tenantQuery(w)}`,
        json: { name: `Organisation ${slug}, renamed` },
        state: organisationState(w, { slug }),
      };
    },
  },
  {
    endpoint: 'POST /api/admin/users',
    async prepare(w) {
      const email = `${w.unique('authz-invite')}@example.org`;
      return {
        path: `/api/admin/users${tenantQuery(w)}`,
        json: { email, role: 'editor', organisation: w.organisationA.slug },
        state: accountState(w, email),
      };
    },
  },
  {
    endpoint: 'DELETE /api/admin/users/{id}/memberships/{membershipId}',
    async prepare(w) {
      const u = await freshEditor(w);
      return {
        path: `/api/admin/users/${u.id}/memberships/${u.membershipId}${tenantQuery(w)}`,
        state: u.state,
      };
    },
  },
  {
    endpoint: 'POST /api/admin/users/{id}/disable',
    async prepare(w) {
      const u = await freshEditor(w);
      return { path: `/api/admin/users/${u.id}/disable${tenantQuery(w)}`, state: u.state };
    },
  },
  {
    endpoint: 'POST /api/admin/users/{id}/enable',
    async prepare(w) {
      const u = await freshEditor(w, true);
      return { path: `/api/admin/users/${u.id}/enable${tenantQuery(w)}`, state: u.state };
    },
  },
  {
    endpoint: 'PUT /api/admin/settings',
    async prepare(w) {
      // the settings as they are, with a contact address of this request's own
      const t = await w.db
        .selectFrom('tenant')
        .select(['name', 'locales', 'default_locale', 'timezone', 'home'])
        .where('id', '=', w.tenant.id)
        .executeTakeFirstOrThrow();
      return {
        path: `/api/admin/settings${tenantQuery(w)}`,
        json: {
          names: t.name,
          locales: t.locales,
          default_locale: t.default_locale,
          timezone: t.timezone,
          home: t.home,
          contact_email: `${w.unique('authz-contact')}@town.example`,
        },
        state: async () => ({
          tenant: await w.db
            .selectFrom('tenant')
            .select(['name', 'locales', 'default_locale', 'timezone', 'home'])
            .where('id', '=', w.tenant.id)
            .executeTakeFirstOrThrow(),
          setting:
            (await w.db
              .selectFrom('tenant_setting')
              .select(['contact_email', 'digest_weekday', 'digest_hour'])
              .where('tenant_id', '=', w.tenant.id)
              .executeTakeFirst()) ?? null,
        }),
      };
    },
  },

  // ——— emergency mode (admins) ———
  {
    endpoint: 'PUT /api/admin/emergency',
    async prepare(w) {
      // a new message saved without switching (switching on would mail every subscriber)
      return {
        path: `/api/admin/emergency${tenantQuery(w)}`,
        json: { active: false, message: { en: `Prepared message ${w.unique('authz-emergency')}` } },
        state: async () =>
          (await w.db
            .selectFrom('emergency_state')
            .select(['active', 'activation', 'message', 'area_ids'])
            .where('tenant_id', '=', w.tenant.id)
            .executeTakeFirst()) ?? null,
      };
    },
  },
  {
    endpoint: 'PUT /api/admin/emergency/marks/{type}/{id}',
    async prepare(w) {
      const place = await freshDemoPlace(w);
      return {
        path: `/api/admin/emergency/marks/place/${place}${tenantQuery(w)}`,
        json: { role: 'shelter', note: { en: 'Bring water' } },
        state: markState(w, place),
      };
    },
  },
  {
    endpoint: 'DELETE /api/admin/emergency/marks/{type}/{id}',
    async prepare(w) {
      const place = await freshDemoPlace(w);
      await w.adminApi('PUT', `/api/admin/emergency/marks/place/${place}${tenantQuery(w)}`, {
        role: 'information_point',
      });
      return {
        path: `/api/admin/emergency/marks/place/${place}${tenantQuery(w)}`,
        state: markState(w, place),
      };
    },
  },
  // ——— survey campaigns (admins) ———
  {
    endpoint: 'POST /api/admin/surveys',
    async prepare(w) {
      const input = surveyInput(w);
      return {
        path: `/api/admin/surveys${tenantQuery(w)}`,
        json: input,
        state: surveyState(w, { title: input.title.en }),
      };
    },
  },
  {
    endpoint: 'PUT /api/admin/surveys/{id}',
    async prepare(w) {
      const s = await freshSurvey(w);
      return {
        path: `/api/admin/surveys/${s.id}${tenantQuery(w)}`,
        json: { campaign: { ...s.input, title: { en: `${s.input.title.en} renamed` } }, expected_updated_at: s.updatedAt },
        state: surveyState(w, { id: s.id }),
      };
    },
  },
  {
    endpoint: 'DELETE /api/admin/surveys/{id}',
    async prepare(w) {
      const s = await freshSurvey(w);
      return { path: `/api/admin/surveys/${s.id}${tenantQuery(w)}`, state: surveyState(w, { id: s.id }) };
    },
  },

  // ——— funding calls (admins) ———
  {
    endpoint: 'POST /api/admin/calls',
    async prepare(w) {
      const label = w.unique('authz-call');
      return {
        path: `/api/admin/calls${tenantQuery(w)}`,
        json: { ...callInput(label), title: { en: label } },
        state: callState(w, { label }),
      };
    },
  },
  {
    endpoint: 'PUT /api/admin/calls/{id}',
    async prepare(w) {
      const call = await freshCall(w);
      return {
        path: `/api/admin/calls/${call}${tenantQuery(w)}`,
        json: { budget: 2500 },
        state: callState(w, { id: call }),
      };
    },
  },
  {
    endpoint: 'POST /api/admin/calls/{id}/open',
    async prepare(w) {
      const call = await freshCall(w);
      return { path: `/api/admin/calls/${call}/open${tenantQuery(w)}`, state: callState(w, { id: call }) };
    },
  },
  {
    endpoint: 'POST /api/admin/calls/{id}/close',
    async prepare(w) {
      const call = await freshCall(w);
      return { path: `/api/admin/calls/${call}/close${tenantQuery(w)}`, state: callState(w, { id: call }) };
    },
  },
  {
    endpoint: 'POST /api/admin/calls/{id}/fund',
    async prepare(w) {
      // an open call whose supports closed an hour ago, with no submissions: funding none decides it
      const call = await freshCall(w);
      await w.adminApi('POST', `/api/admin/calls/${call}/open${tenantQuery(w)}`);
      return {
        path: `/api/admin/calls/${call}/fund${tenantQuery(w)}`,
        json: { proposal_ids: [] },
        state: callState(w, { id: call }),
      };
    },
  },

  // ——— public: the request itself carries what allows it (a password, a link, a subscription's token) ———
  {
    endpoint: 'POST /api/needs',
    async prepare(w) {
      const email = `${w.unique('authz-need')}@example.org`;
      return {
        path: `/api/needs${tenantQuery(w)}`,
        json: { text: 'A bench in the shade', location: await needPoint(w), email },
        state: async () =>
          w.db
            .selectFrom('need')
            .select(['status', 'text'])
            .where('tenant_id', '=', w.tenant.id)
            .where('email', '=', email)
            .execute(),
      };
    },
  },
  {
    endpoint: 'POST /api/supports',
    async prepare(w) {
      const need = await freshPublishedNeed(w);
      return {
        path: `/api/supports${tenantQuery(w)}`,
        json: { target_type: 'need', target_id: need, email: `${w.unique('authz-supporter')}@example.org` },
        state: supportsState(w, need),
      };
    },
  },
  {
    endpoint: 'POST /api/supports/withdraw',
    async prepare(w) {
      const need = await freshPublishedNeed(w);
      const id = randomUUID();
      await w.db
        .insertInto('support')
        .values({
          id,
          tenant_id: w.tenant.id,
          target_type: 'need',
          target_id: need,
          email_hash: w.unique('authz-support-hash'),
          email: null,
          language: 'en',
          status: 'confirmed',
        })
        .execute();
      const token = await issueToken(w.db, {
        tenantId: w.tenant.id,
        purpose: 'withdraw',
        targetType: 'support',
        targetId: id,
        days: null,
      });
      return { path: `/api/supports/withdraw${tenantQuery(w)}`, json: { token }, state: supportsState(w, need) };
    },
  },
  {
    endpoint: 'POST /api/auth/sign-in',
    freshSession: true,
    async prepare(w) {
      const a = w.accounts.editorA;
      return {
        path: `/api/auth/sign-in${tenantQuery(w)}`,
        json: { email: a.email, password: PASSWORD },
        state: () => sessionsOf(w, a.id),
      };
    },
  },
  {
    endpoint: 'POST /api/auth/sign-in-link',
    async prepare(w) {
      // an editor of organisation A of its own (at most a few links are mailed per account)
      const email = `${w.unique('authz-link')}@example.org`;
      await addUser(
        w.db,
        { tenant: w.tenant.slug, email, role: 'editor', organisation: 'authz-org-a' },
        null,
      );
      const a = await w.db
        .selectFrom('account')
        .select('id')
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      return {
        path: `/api/auth/sign-in-link${tenantQuery(w)}`,
        json: { email },
        state: () =>
          w.db
            .selectFrom('sign_in_link')
            .select('hash')
            .where('account_id', '=', a.id)
            .orderBy('hash')
            .execute(),
      };
    },
  },
  {
    endpoint: 'POST /api/auth/sign-in-link/consume',
    freshSession: true,
    async prepare(w) {
      const link = await createSignInLink(w.db, {
        accountId: w.accounts.editorA.id,
        tenantId: w.tenant.id,
        now: Date.now(),
        minutes: 15,
      });
      return {
        path: '/api/auth/sign-in-link/consume',
        json: { token: link.token },
        state: async () =>
          (
            await w.db
              .selectFrom('sign_in_link')
              .select('used_at')
              .where('hash', '=', hashSecret(link.token))
              .executeTakeFirstOrThrow()
          ).used_at !== null,
      };
    },
  },
  {
    endpoint: 'POST /api/subscriptions',
    async prepare(w) {
      const email = `${w.unique('authz-new-sub')}@example.org`;
      return {
        path: `/api/subscriptions${tenantQuery(w)}`,
        json: { email, language: 'en', frequency: 'weekly', filters: {} },
        state: subscriptionState(w, email),
      };
    },
  },
  {
    // a resident applies to be a block connector of a neighbourhood (202; confirmed by e-mail)
    endpoint: 'POST /api/connectors/applications',
    async prepare(w) {
      const email = `${w.unique('authz-apply')}@example.org`;
      const area = await w.db
        .selectFrom('area')
        .select('id')
        .where('tenant_id', '=', w.tenant.id)
        .where('kind', '=', 'neighbourhood')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      return {
        path: `/api/connectors/applications${tenantQuery(w)}`,
        json: { name: 'Resident', email, language: 'en', area: { block_ids: [area.id] }, website: '' },
        state: async () =>
          w.db.selectFrom('connector_application').select(['status', 'name']).where('email', '=', email).execute(),
      };
    },
  },
  {
    endpoint: 'PATCH /api/subscriptions/manage',
    async prepare(w) {
      const s = await freshSubscription(w, true);
      return {
        path: '/api/subscriptions/manage',
        json: { token: s.manage, frequency: 'daily' },
        state: s.state,
      };
    },
  },
  {
    endpoint: 'DELETE /api/subscriptions/manage',
    async prepare(w) {
      const s = await freshSubscription(w, true);
      return { path: `/api/subscriptions/manage?token=${s.manage}`, state: s.state };
    },
  },
  {
    endpoint: 'POST /subscriptions/confirm',
    async prepare(w) {
      const s = await freshSubscription(w, false);
      return { path: '/subscriptions/confirm', urlencoded: { token: s.confirm }, state: s.state };
    },
  },
  {
    endpoint: 'POST /subscriptions/manage',
    async prepare(w) {
      const s = await freshSubscription(w, true);
      return {
        path: '/subscriptions/manage',
        urlencoded: { token: s.manage, frequency: 'daily', language: 'fr' },
        state: s.state,
      };
    },
  },
  {
    endpoint: 'POST /subscriptions/unsubscribe',
    async prepare(w) {
      const s = await freshSubscription(w, true);
      return { path: '/subscriptions/unsubscribe', urlencoded: { token: s.manage }, state: s.state };
    },
  },
  // ——— residents' proposals and their moderation (issue 13) ———
  {
    endpoint: 'POST /api/proposals',
    async prepare(w) {
      const email = `${w.unique('authz-proposer')}@example.org`;
      return {
        path: `/api/proposals${tenantQuery(w)}`,
        json: {
          kind: 'activity',
          title: 'Chess in the park',
          description: 'Bring a board.',
          location: w.point,
          email,
        },
        state: async () =>
          (await w.db.selectFrom('proposal').select(['status']).where('email', '=', email).execute()).length,
      };
    },
  },
  {
    endpoint: 'POST /api/participation/confirm',
    async prepare(w) {
      const p = await freshProposal(w, 'unconfirmed');
      const token = await issueToken(w.db, {
        tenantId: w.tenant.id,
        purpose: 'confirm',
        targetType: 'proposal',
        targetId: p.id,
        days: 7,
      });
      return { path: `/api/participation/confirm${tenantQuery(w)}`, json: { token }, state: p.state };
    },
  },
  {
    endpoint: 'PUT /api/proposals/edit',
    async prepare(w) {
      const p = await freshProposal(w, 'returned');
      const token = await issueToken(w.db, {
        tenantId: w.tenant.id,
        purpose: 'edit',
        targetType: 'proposal',
        targetId: p.id,
        days: 30,
      });
      return {
        path: `/api/proposals/edit${tenantQuery(w)}`,
        json: {
          token,
          kind: 'activity',
          title: `${p.label} changed`,
          description: 'Changed.',
          location: w.point,
        },
        state: p.state,
      };
    },
  },
  {
    // returns (with a reason) a pending proposal of tenant 1
    endpoint: 'POST /api/admin/moderation/{type}/{id}',
    async prepare(w) {
      const p = await freshProposal(w, 'pending');
      return {
        path: `/api/admin/moderation/proposal/${p.id}${tenantQuery(w)}`,
        json: { action: 'return', reason: 'Say when, please', expected_updated_at: p.updatedAt },
        state: p.state,
      };
    },
  },
  {
    endpoint: 'POST /api/admin/moderation/blocks',
    async prepare(w) {
      const value = `${w.unique('authz-spam')}.example`;
      return {
        path: `/api/admin/moderation/blocks${tenantQuery(w)}`,
        json: { kind: 'email_domain', value, reason: 'bulk mail' },
        state: async () =>
          (await w.db.selectFrom('moderation_block').select(['id']).where('value', '=', value).execute())
            .length,
      };
    },
  },
  {
    endpoint: 'DELETE /api/admin/moderation/blocks/{id}',
    async prepare(w) {
      const id = randomUUID();
      const value = `${w.unique('authz-spam')}.example`;
      await w.db
        .insertInto('moderation_block')
        .values({ id, tenant_id: w.tenant.id, kind: 'email_domain', value, reason: null, created_by: null })
        .execute();
      return {
        path: `/api/admin/moderation/blocks/${id}${tenantQuery(w)}`,
        state: async () => ({
          rows: (await w.db.selectFrom('moderation_block').select(['id']).where('id', '=', id).execute())
            .length,
          audit: await auditOf(w, 'moderation_block', id),
        }),
      };
    },
  },
];

// ——— the table of docs/ADMIN.md ———

export interface AuthorisationMatrix {
  /** endpoint → the expected status per actor */
  rows: Map<string, Record<ActorKey, number>>;
  /** rows whose request carries its own authority (no session, no CSRF token needed) */
  publicRows: Set<string>;
  /** state-changing routes deliberately left out of the matrix */
  notInMatrix: Set<string>;
  /** rows that the admin of another tenant, acting in its own tenant with tenant 1's ids, gets 404 from */
  ownTenant404: Set<string>;
}

const ENDPOINT_RE = /^`((?:GET|POST|PUT|PATCH|DELETE) \/[^`\s]*)`$/;

/**
 * Reads the section "## Authorisation matrix" of docs/ADMIN.md: its one table (the endpoint, then
 * the eight columns of ACTORS, each cell a status), and the endpoints listed under its headings
 * "### Public rows", "### Another tenant’s admin in its own tenant" and "### Not in the matrix"
 * (list items starting with the endpoint in backticks).
 */
export function parseAuthorisationMatrix(markdown: string): AuthorisationMatrix {
  const start = markdown.indexOf('\n## Authorisation matrix');
  if (start < 0) throw new Error('docs/ADMIN.md has no section "## Authorisation matrix"');
  const rest = markdown.slice(start + 1);
  const end = rest.indexOf('\n## ', 3);
  const section = end < 0 ? rest : rest.slice(0, end);
  const lines = section.split('\n');
  const tableLines = lines.filter((l) => l.startsWith('|'));
  const [header, rule, ...body] = tableLines;
  if (!header || !rule) throw new Error('the section has no table');
  const cells = (l: string) =>
    l
      .trim()
      .replace(/^\|/, '')
      .replace(/\|$/, '')
      .split('|')
      .map((c) => c.trim());
  const want = ['endpoint', ...ACTORS.map((a) => a.column)];
  if (JSON.stringify(cells(header)) !== JSON.stringify(want))
    throw new Error(`the matrix's columns are ${JSON.stringify(cells(header))}, not ${JSON.stringify(want)}`);
  const rows = new Map<string, Record<ActorKey, number>>();
  for (const line of body) {
    const [endpointCell = '', ...statuses] = cells(line);
    const m = ENDPOINT_RE.exec(endpointCell);
    if (!m?.[1]) throw new Error(`a row of the matrix does not start with \`METHOD /path\`: ${line}`);
    if (rows.has(m[1])) throw new Error(`the matrix has the row ${m[1]} twice`);
    if (statuses.length !== ACTORS.length || statuses.some((s) => !/^[1-5]\d\d$/.test(s)))
      throw new Error(`the row ${m[1]} must have ${ACTORS.length} statuses: ${line}`);
    rows.set(
      m[1],
      Object.fromEntries(ACTORS.map((a, i) => [a.key, Number(statuses[i])])) as Record<ActorKey, number>,
    );
  }
  const listUnder = (heading: string): Set<string> => {
    const i = lines.findIndex((l) => l.trim() === heading);
    if (i < 0) throw new Error(`the section has no heading "${heading}"`);
    const out = new Set<string>();
    for (const l of lines.slice(i + 1)) {
      if (l.startsWith('#')) break;
      const m = /^- `((?:POST|PUT|PATCH|DELETE) \/[^`\s]*)`/.exec(l);
      if (m?.[1]) out.add(m[1]);
    }
    return out;
  };
  return {
    rows,
    publicRows: listUnder('### Public rows'),
    notInMatrix: listUnder('### Not in the matrix'),
    ownTenant404: listUnder('### Another tenant’s admin in its own tenant'),
  };
}

/** `/api/admin/kiosks/:slug` → `/api/admin/kiosks/{slug}` */
export const templateOf = (honoPath: string) => honoPath.replace(/:([A-Za-z_]+)(\{[^}]*\})?/g, '{$1}');

/** the rows of a participation batch of tenant 1 */
function participationBatch(w: AuthzWorld, batch: string) {
  return async () =>
    w.db
      .selectFrom('participation_count')
      .select(['programme', 'count'])
      .where('tenant_id', '=', w.tenant.id)
      .where('batch', '=', batch)
      .execute();
}
