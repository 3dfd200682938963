/**
 * The moderation of residents' proposals and needs (moderators and admins of the tenant;
 * docs/PARTICIPATION.md): the queue by type and status with connector reviews and support
 * counts (no e-mail address: its domain), one item, and the decision — publish, return with a
 * reason, reject with a reason — with the mail of that step to the submitter, in their language.
 *
 * - publish (pending only): a proposal without a call becomes an ordinary opportunity
 *   (./publish.ts) and its block connectors are alerted (target 'opportunity'); a proposal of a
 *   funding call becomes a public submission of the call (alerts: target 'proposal'); a need is
 *   published at its coarsened point (alerts: target 'need').
 * - return (pending only): a proposal gets an edit link (PUT /api/proposals/edit); a need is
 *   submitted again by the resident.
 * - reject (pending, returned or published): a published proposal's opportunity is archived.
 * Every statement carries the tenant (moderatableBy); 409 `stale` when the item changed since read.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { type RawBuilder, type SqlBool, sql, type Transaction } from 'kysely';
import { type Actor, auditActorOf, requireRole } from '../accounts/authorize.ts';
import { inTenant } from '../accounts/scope.ts';
import { recordAudit } from '../audit/record.ts';
import { staleError, UPDATED_AT } from '../content/common.ts';
import { expectedUpdatedAt, text } from '../content/validation.ts';
import type { DB } from '../db/schema.ts';
import type { AppDeps } from '../http/deps.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { createRouter, ErrorSchema, errorResponses } from '../http/openapi.ts';
import { tenantParam, uuidPathParam } from '../http/params.ts';
import { queueConnectorAlerts } from '../participation/alerts.ts';
import { issueToken } from '../participation/tokens.ts';
import { refreshAfterChange } from '../opportunities/occurrence-store.ts';
import type { OutgoingMail } from '../subscriptions/mailer.ts';
import { tenantLinkBase } from '../tenants/links.ts';
import { pickText, type Tenant } from '../tenants/queries.ts';
import {
  callUrl,
  needDecisionMail,
  needUrl,
  opportunityUrl,
  proposalPublishedMail,
  proposalRejectedMail,
  proposalReturnedMail,
} from './mails.ts';
import { createOpportunityOf, type PublishableProposal } from './publish.ts';
import { participationMailer } from './routes.ts';
import { EDIT_DAYS } from './service.ts';

export const MODERATION_TYPES = ['proposal', 'need'] as const;
export type ModerationType = (typeof MODERATION_TYPES)[number];
export const MODERATION_STATUSES = ['pending', 'returned', 'published', 'rejected'] as const;
export const MODERATION_ACTIONS = ['publish', 'return', 'reject'] as const;

/** the rows of proposal/need the actor may moderate: admins and moderators, every row of the tenant; others none */
export function moderatableBy(actor: Pick<Actor, 'tenantId' | 'roles'>, alias?: string): RawBuilder<SqlBool> {
  if (!actor.roles.includes('admin') && !actor.roles.includes('moderator')) return sql<SqlBool>`FALSE`;
  return inTenant(actor, alias);
}

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
export const moderationErrors = {
  ...errorResponses,
  401: json(ErrorSchema, 'Not signed in'),
  403: json(ErrorSchema, 'Not an admin or moderator of the tenant'),
} as const;

const Review = z.object({
  verdict: z.enum(['confirm', 'flag']),
  note: z.string().nullable(),
  created_at: z.string(),
});
const Named = z.object({ id: z.string(), name: z.string() });
export const ModerationItemSchema = z
  .object({
    type: z.enum(MODERATION_TYPES),
    id: z.string(),
    status: z.string(),
    title: z
      .string()
      .openapi({ description: "a proposal's title, a need's text (in the submitter's language)" }),
    language: z.string(),
    audiences: z.array(z.string()),
    location: z.object({ lon: z.number(), lat: z.number() }).nullable(),
    public_location: z.object({ lon: z.number(), lat: z.number() }).nullable(),
    area: Named.nullable(),
    zones: z.array(Named),
    email_domain: z.string(),
    submitted_at: z.string().nullable(),
    decided_at: z.string().nullable(),
    updated_at: z.string().openapi({ description: 'send it back as expected_updated_at' }),
    return_reason: z.string().nullable(),
    reject_reason: z.string().nullable(),
    supports: z.number(),
    reviews: z.array(Review),
    // proposals
    kind: z.string().optional(),
    description: z.string().optional(),
    categories: z.array(z.string()).optional(),
    languages: z.array(z.string()).optional(),
    age_min: z.number().nullable().optional(),
    age_max: z.number().nullable().optional(),
    schedules: z.array(z.unknown()).optional(),
    join: z.object({ url: z.string(), platform: z.string(), private: z.boolean() }).nullable().optional(),
    public_contact: z.record(z.string(), z.string()).optional(),
    call_id: z.string().nullable().optional(),
    cost: z.number().nullable().optional(),
    cost_note: z.string().nullable().optional(),
    opportunity_id: z.string().nullable().optional(),
    // needs
    campaign_id: z.string().nullable().optional(),
    answers: z.record(z.string(), z.unknown()).optional(),
    would_help: z.boolean().nullable().optional(),
  })
  .openapi('ModerationItem');
export type ModerationItem = z.infer<typeof ModerationItemSchema>;

const ts = (alias: string, col: string) =>
  sql`to_char(${sql.ref(`${alias}.${col}`)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** the shared columns: area and zone names, supports, connector reviews, e-mail domain */
function commonColumns(type: ModerationType, alias: string, lang: string) {
  const ref = (c: string) => sql.ref(`${alias}.${c}`);
  return sql`
    ${ref('id')}::text AS id, ${ref('status')} AS status, ${ref('language')} AS language,
    ${ref('audiences')} AS audiences,
    COALESCE(lower(substring(${ref('email')} from '[^@]*$')), ${ref('email_domain')}, '') AS email_domain,
    ${ref('area_id')}::text AS area_id, COALESCE(ar.names->>${lang}::text, ar.name) AS area_name,
    COALESCE((SELECT json_agg(json_build_object('id', z.id::text, 'name', COALESCE(z.names->>${lang}::text, z.name)) ORDER BY z.name)
      FROM area z WHERE z.tenant_id = ${ref('tenant_id')} AND z.id = ANY(${ref('zone_ids')})), '[]'::json) AS zones,
    ${ts(alias, 'submitted_at')} AS submitted_at, ${ts(alias, 'decided_at')} AS decided_at,
    ${UPDATED_AT(alias)} AS updated_at, ${ref('return_reason')} AS return_reason, ${ref('reject_reason')} AS reject_reason,
    (SELECT count(*) FROM support s WHERE s.tenant_id = ${ref('tenant_id')} AND s.target_type = ${type}
       AND s.target_id = ${ref('id')} AND s.status = 'confirmed')::int AS supports,
    COALESCE((SELECT json_agg(json_build_object('verdict', r.verdict, 'note', r.note,
        'created_at', to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')) ORDER BY r.created_at)
      FROM connector_review r WHERE r.tenant_id = ${ref('tenant_id')} AND r.target_type = ${type}
        AND r.target_id = ${ref('id')}), '[]'::json) AS reviews`;
}

interface CommonRow {
  id: string;
  status: string;
  language: string;
  audiences: string[];
  email_domain: string;
  area_id: string | null;
  area_name: string | null;
  zones: { id: string; name: string }[];
  submitted_at: string | null;
  decided_at: string | null;
  updated_at: string;
  return_reason: string | null;
  reject_reason: string | null;
  supports: number;
  reviews: { verdict: 'confirm' | 'flag'; note: string | null; created_at: string }[];
}

function common(r: CommonRow) {
  return {
    id: r.id,
    status: r.status,
    language: r.language,
    audiences: r.audiences,
    area: r.area_id ? { id: r.area_id, name: r.area_name ?? '' } : null,
    zones: r.zones ?? [],
    email_domain: r.email_domain,
    submitted_at: r.submitted_at,
    decided_at: r.decided_at,
    updated_at: r.updated_at,
    return_reason: r.return_reason,
    reject_reason: r.reject_reason,
    supports: Number(r.supports),
    reviews: r.reviews ?? [],
  };
}

const point = (lon: unknown, lat: unknown) =>
  lon === null || lat === null || lon === undefined || lat === undefined
    ? null
    : { lon: Number(lon), lat: Number(lat) };

/** the queue (or one item): never unconfirmed rows, never an e-mail address */
export async function moderationItems(
  db: Transaction<DB> | AppDeps['db'],
  actor: Actor,
  q: { type: ModerationType; status?: string; id?: string; lang: string },
): Promise<ModerationItem[]> {
  const filter = sql.join(
    [
      q.status ? sql`AND x.status = ${q.status}` : sql`AND x.status <> 'unconfirmed'`,
      q.id ? sql`AND x.id = ${q.id}::uuid` : sql``,
    ],
    sql` `,
  );
  if (q.type === 'proposal') {
    const { rows } = await sql<
      CommonRow & {
        kind: string;
        title: Record<string, string>;
        description: Record<string, string>;
        categories: string[];
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
        plon: number | null;
        plat: number | null;
        call_id: string | null;
        cost: number | null;
        cost_note: string | null;
        opportunity_id: string | null;
      }
    >`
      SELECT ${commonColumns('proposal', 'x', q.lang)}, x.kind, x.title, x.description, x.categories, x.languages,
             x.age_min, x.age_max, x.schedules, x.join_url, x.join_platform, x.join_private, x.public_contact,
             ST_X(x.geom) AS lon, ST_Y(x.geom) AS lat,
             ST_X(COALESCE(x.geom, ST_PointOnSurface(ar.geom))) AS plon, ST_Y(COALESCE(x.geom, ST_PointOnSurface(ar.geom))) AS plat,
             x.call_id::text AS call_id, x.cost::float8 AS cost, x.cost_note, x.opportunity_id::text AS opportunity_id
      FROM proposal x LEFT JOIN area ar ON ar.id = x.area_id AND ar.tenant_id = x.tenant_id
      WHERE ${moderatableBy(actor, 'x')} ${filter}
      ORDER BY x.submitted_at NULLS LAST, x.created_at, x.id
      LIMIT 500`.execute(db);
    return rows.map((r) => {
      const pick = (t: Record<string, string>) => t[r.language] ?? Object.values(t)[0] ?? '';
      return {
        type: 'proposal' as const,
        ...common(r),
        title: pick(r.title),
        description: pick(r.description),
        kind: r.kind,
        categories: r.categories,
        languages: r.languages,
        age_min: r.age_min,
        age_max: r.age_max,
        schedules: r.schedules,
        join:
          r.join_url && r.join_platform
            ? { url: r.join_url, platform: r.join_platform, private: r.join_private }
            : null,
        public_contact: r.public_contact ?? {},
        location: point(r.lon, r.lat),
        public_location: point(r.plon, r.plat),
        call_id: r.call_id,
        cost: r.cost === null ? null : Number(r.cost),
        cost_note: r.cost_note,
        opportunity_id: r.opportunity_id,
      };
    });
  }
  const { rows } = await sql<
    CommonRow & {
      text: string;
      lon: number;
      lat: number;
      plon: number;
      plat: number;
      campaign_id: string | null;
      answers: Record<string, unknown>;
      would_help: boolean | null;
    }
  >`
    SELECT ${commonColumns('need', 'x', q.lang)}, x.text, ST_X(x.geom) AS lon, ST_Y(x.geom) AS lat,
           ST_X(x.public_geom) AS plon, ST_Y(x.public_geom) AS plat, x.campaign_id::text AS campaign_id,
           x.answers, x.would_help
    FROM need x LEFT JOIN area ar ON ar.id = x.area_id AND ar.tenant_id = x.tenant_id
    WHERE ${moderatableBy(actor, 'x')} ${filter}
    ORDER BY x.submitted_at NULLS LAST, x.created_at, x.id
    LIMIT 500`.execute(db);
  return rows.map((r) => ({
    type: 'need' as const,
    ...common(r),
    title: r.text,
    location: point(r.lon, r.lat),
    public_location: point(r.plon, r.plat),
    campaign_id: r.campaign_id,
    answers: r.answers ?? {},
    would_help: r.would_help,
  }));
}

const DecisionBody = z
  .object({
    action: z.enum(MODERATION_ACTIONS, { error: `action must be one of ${MODERATION_ACTIONS.join(', ')}` }),
    reason: text(1000).optional(),
    expected_updated_at: expectedUpdatedAt,
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.action !== 'publish' && !b.reason?.trim())
      ctx.addIssue({
        code: 'custom',
        path: ['reason'],
        message: `give a reason (1–1000 characters): the submitter receives it with the decision to ${b.action}`,
      });
  })
  .openapi('ModerationDecision');
const DecisionAnswer = z
  .object({
    type: z.enum(MODERATION_TYPES),
    id: z.string(),
    status: z.string(),
    updated_at: z.string(),
    opportunity_id: z.string().nullable(),
    alerts: z.number().openapi({ description: 'block connectors alerted (publish)' }),
  })
  .openapi('ModerationDecided');

const STATUS_AFTER = { publish: 'published', return: 'returned', reject: 'rejected' } as const;
const ALLOWED_FROM: Record<(typeof MODERATION_ACTIONS)[number], string[]> = {
  publish: ['pending'],
  return: ['pending'],
  reject: ['pending', 'returned', 'published'],
};

interface Decided {
  answer: z.infer<typeof DecisionAnswer>;
  mail: ((base: string) => OutgoingMail) | null;
}

async function decide(
  trx: Transaction<DB>,
  deps: AppDeps,
  tenant: Tenant,
  actor: Actor,
  type: ModerationType,
  id: string,
  b: z.infer<typeof DecisionBody>,
  now: number,
): Promise<Decided> {
  const table = type === 'proposal' ? sql`proposal` : sql`need`;
  const { rows } = await sql<
    PublishableProposal & {
      status: string;
      fresh: boolean;
      updated_at: string;
      /** null once cleared (PARTICIPATION_EMAIL_RETENTION_DAYS): then no mail */
      email: string | null;
      language: string;
      text: string | null;
      call_id: string | null;
      opportunity_id: string | null;
    }
  >`
    SELECT x.*, x.id::text AS id, x.updated_at = ${b.expected_updated_at}::timestamptz AS fresh, ${UPDATED_AT('x')} AS updated_at,
           ST_X(x.geom) AS lon, ST_Y(x.geom) AS lat, x.area_id::text AS area_id,
           ${type === 'proposal' ? sql`x.cost::float8` : sql`NULL::float8`} AS cost
    FROM ${table} x WHERE x.id = ${id}::uuid AND ${moderatableBy(actor, 'x')} AND x.status <> 'unconfirmed'
    FOR UPDATE`.execute(trx);
  const row = rows[0];
  if (!row) throw notFound(`No ${type} ${id} in this tenant's moderation queue`);
  if (!row.fresh) throw staleError(type, row.updated_at);
  if (!ALLOWED_FROM[b.action].includes(row.status))
    throw new ApiError(
      409,
      'not_pending',
      `This ${type} is ${row.status}: it can be ${STATUS_AFTER[b.action]} only when ${ALLOWED_FROM[b.action].join(' or ')}`,
      { status: row.status },
    );
  const next = STATUS_AFTER[b.action];
  const reason = b.reason?.trim() ?? null;
  let opportunityId: string | null = row.opportunity_id ?? null;
  let alerts = 0;
  let editToken: string | null = null;

  if (b.action === 'publish') {
    if (type === 'proposal' && !row.call_id) {
      opportunityId = await createOpportunityOf(trx, tenant, row, {
        now,
        horizonDays: deps.config.OCCURRENCE_HORIZON_DAYS,
      });
      alerts = await queueConnectorAlerts(trx, {
        tenantId: tenant.id,
        targetType: 'opportunity',
        targetId: opportunityId,
        where:
          row.lon !== null && row.lat !== null
            ? { lon: Number(row.lon), lat: Number(row.lat) }
            : { areaId: row.area_id ?? '' },
      });
    } else {
      const at =
        row.lon !== null && row.lat !== null
          ? { lon: Number(row.lon), lat: Number(row.lat) }
          : row.area_id
            ? { areaId: row.area_id }
            : null;
      if (at)
        alerts = await queueConnectorAlerts(trx, {
          tenantId: tenant.id,
          targetType: type,
          targetId: id,
          where: at,
        });
    }
  }
  if (b.action === 'reject' && type === 'proposal' && opportunityId && row.status === 'published') {
    await sql`UPDATE opportunity SET status = 'archived', updated_at = now()
      WHERE id = ${opportunityId}::uuid AND tenant_id = ${tenant.id} AND status = 'published'`.execute(trx);
    await refreshAfterChange(trx, tenant.id, { now, horizonDays: deps.config.OCCURRENCE_HORIZON_DAYS });
  }
  if (b.action === 'return' && type === 'proposal')
    editToken = await issueToken(trx, {
      tenantId: tenant.id,
      purpose: 'edit',
      targetType: 'proposal',
      targetId: id,
      days: EDIT_DAYS,
    });

  const { rows: changed } = await sql<{ updated_at: string }>`
    UPDATE ${table} AS x SET status = ${next}, decided_at = now(), decided_by = ${actor.accountId}::uuid, updated_at = now(),
      return_reason = ${b.action === 'return' ? reason : sql`x.return_reason`},
      reject_reason = ${b.action === 'reject' ? reason : sql`x.reject_reason`}
      ${type === 'proposal' ? sql`, opportunity_id = ${opportunityId}::uuid` : sql``}
    WHERE x.id = ${id}::uuid AND ${moderatableBy(actor, 'x')}
    RETURNING ${UPDATED_AT('x')} AS updated_at`.execute(trx);
  if (!changed[0]) throw notFound(`No ${type} ${id} in this tenant's moderation queue`);
  await recordAudit(trx, {
    tenantId: tenant.id,
    actor: auditActorOf(actor),
    action: `${type}.moderate`,
    entity: { type, id },
    previous: { status: row.status },
    next: {
      status: next,
      ...(reason ? { reason } : {}),
      ...(opportunityId && b.action === 'publish' ? { opportunity_id: opportunityId } : {}),
    },
    summary:
      b.action === 'publish'
        ? `Moderated: published${opportunityId && type === 'proposal' ? ' on the map' : ''}`
        : `Moderated: ${next} — ${reason ?? ''}`,
  });

  const title =
    type === 'proposal'
      ? (row.title[row.language] ?? Object.values(row.title)[0] ?? '')
      : (row.text ?? '').slice(0, 80);
  const tenantName = pickText(tenant.name, row.language, tenant.defaultLocale).text;
  const base = { to: row.email ?? '', lang: row.language, tenantName, title };
  let mail: Decided['mail'] = null;
  // an address cleared after the retention period (server/participation/retention.ts): nobody to mail
  if (!row.email) mail = null;
  else if (type === 'proposal') {
    if (b.action === 'publish')
      mail = (u) =>
        proposalPublishedMail({
          ...base,
          link: opportunityId ? opportunityUrl(u, opportunityId) : callUrl(u, row.call_id ?? ''),
        });
    else if (b.action === 'return' && editToken) {
      const token = editToken;
      mail = (u) => proposalReturnedMail({ ...base, base: u, token, reason: reason ?? '' });
    } else if (b.action === 'reject') mail = () => proposalRejectedMail({ ...base, reason: reason ?? '' });
  } else mail = (u) => needDecisionMail({ ...base, action: b.action, reason, link: needUrl(u, id) });

  return {
    answer: {
      type,
      id,
      status: next,
      updated_at: changed[0].updated_at,
      opportunity_id: opportunityId,
      alerts,
    },
    mail,
  };
}

export function moderationRoutes(deps: AppDeps) {
  const app = createRouter();
  const now = () => deps.now?.() ?? Date.now();
  const mail = participationMailer(deps);
  const moderator = async (c: Context, slug: string | undefined) => {
    const tenant = await deps.tenants.resolve(slug);
    const actor = await requireRole(c, deps, tenant, ['admin', 'moderator']);
    c.header('cache-control', 'no-store');
    return { tenant, actor };
  };
  const Params = z.object({
    type: z
      .enum(MODERATION_TYPES)
      .openapi({ param: { name: 'type', in: 'path' }, description: 'proposal or need' }),
    id: uuidPathParam('id'),
  });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/moderation',
      summary: "Residents' proposals and needs to moderate (admin, moderator): pending first by default",
      request: {
        query: z.object({
          tenant: tenantParam,
          type: z
            .enum(MODERATION_TYPES, { error: `type must be one of ${MODERATION_TYPES.join(', ')}` })
            .optional()
            .openapi({ description: 'proposal or need; both when absent' }),
          status: z
            .enum(MODERATION_STATUSES, { error: `status must be one of ${MODERATION_STATUSES.join(', ')}` })
            .default('pending'),
          lang: z
            .string()
            .regex(/^[a-z]{2,3}$/, 'lang must be an ISO 639 code such as en, fr, he')
            .optional(),
        }),
      },
      responses: {
        200: json(z.object({ items: z.array(ModerationItemSchema) }), 'The queue, longest waiting first'),
        ...moderationErrors,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { tenant, actor } = await moderator(c, q.tenant);
      const lang = q.lang ?? tenant.defaultLocale;
      const types = q.type ? [q.type] : MODERATION_TYPES;
      const items: ModerationItem[] = [];
      for (const type of types)
        items.push(...(await moderationItems(deps.db, actor, { type, status: q.status, lang })));
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/moderation/{type}/{id}',
      summary: 'One proposal or need of the moderation queue, whatever its status (admin, moderator)',
      request: { params: Params, query: z.object({ tenant: tenantParam }) },
      responses: { 200: json(ModerationItemSchema, 'The item'), ...moderationErrors },
    }),
    async (c) => {
      const { tenant, actor } = await moderator(c, c.req.valid('query').tenant);
      const { type } = c.req.valid('param');
      const id = c.req.valid('param').id.toLowerCase();
      const [item] = await moderationItems(deps.db, actor, { type, id, lang: tenant.defaultLocale });
      if (!item) throw notFound(`No ${type} ${id} in this tenant's moderation queue`);
      return c.json(item, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/admin/moderation/{type}/{id}',
      summary:
        'Decide on a proposal or need: publish it, return it with a reason, or reject it with a reason (admin, moderator); the submitter is mailed',
      request: {
        params: Params,
        query: z.object({ tenant: tenantParam }),
        body: { required: true, content: { 'application/json': { schema: DecisionBody } } },
      },
      responses: {
        200: json(DecisionAnswer, 'Decided'),
        ...moderationErrors,
        409: json(
          ErrorSchema,
          '`stale`: changed since read; `not_pending`: not in a state for that decision',
        ),
      },
    }),
    async (c) => {
      const { tenant, actor } = await moderator(c, c.req.valid('query').tenant);
      const { type } = c.req.valid('param');
      const id = c.req.valid('param').id.toLowerCase();
      const b = c.req.valid('json');
      const done = await deps.db
        .transaction()
        .execute((trx) => decide(trx, deps, tenant, actor, type, id, b, now()));
      if (done.mail && mail.mailer) {
        const base = await tenantLinkBase(deps.db, deps.config, tenant);
        await mail.send(done.mail(base), { [type]: id, mail: b.action });
      }
      return c.json(done.answer, 200);
    },
  );
  return app;
}
