/**
 * The review of pending content (docs/ADMIN.md, "Review"): admins and moderators of a tenant list
 * the tenant's PENDING opportunities and places (every organisation's), read one (its preview as
 * residents will see it, its history) and decide — publish it, or return it to the editors as a
 * draft with a reason. Nothing else: a moderator edits no field, creates, copies or archives
 * nothing. Every statement carries reviewableBy(actor) (the tenant, status = 'pending'), so a
 * draft, a published row or another tenant's row is not there for them (404).
 *
 * Editors (and admins) read back which of their drafts were returned, with the reason
 * (GET /api/admin/review/returned), from the audit entries the decisions write.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { sql } from 'kysely';
import { auditActorOf, requireRole } from '../accounts/authorize.ts';
import { inTenant, reviewableBy, writableBy } from '../accounts/scope.ts';
import { recordAudit } from '../audit/record.ts';
import { queueOpportunityAlerts } from '../connectors/queue.ts';
import type { LocalizedText } from '../db/schema.ts';
import type { AppDeps } from '../http/deps.ts';
import { notFound } from '../http/errors.ts';
import { createRouter, ErrorSchema, errorResponses } from '../http/openapi.ts';
import { langParam, tenantParam, uuidPathParam } from '../http/params.ts';
import { refreshAfterChange } from '../opportunities/occurrence-store.ts';
import { findOpportunity } from '../opportunities/queries.ts';
import { OpportunitySchema, opportunityDetail } from '../opportunities/routes.ts';
import { findPlace } from '../places/queries.ts';
import { PlaceSchema, placeDetail } from '../places/routes.ts';
import { type Executor, notPublishable, staleError, UPDATED_AT } from './common.ts';
import { historyOf } from './history.ts';
import { HistorySchema } from './schemas.ts';
import { expectedUpdatedAt } from './validation.ts';

const TYPES = ['opportunity', 'place'] as const;
type ItemType = (typeof TYPES)[number];
const TABLE = { opportunity: 'opportunity', place: 'place' } as const;

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const errors = {
  ...errorResponses,
  401: json(ErrorSchema, 'Not signed in'),
  403: json(ErrorSchema, 'Not an admin or moderator of the tenant'),
} as const;

const TenantQuery = z.object({ tenant: tenantParam });
const ItemParams = z.object({
  type: z.enum(TYPES).openapi({ param: { name: 'type', in: 'path' }, description: 'opportunity or place' }),
  id: uuidPathParam('id'),
});

export const ReviewItemSchema = z
  .object({
    type: z.enum(TYPES),
    id: z.string(),
    kind: z.string(),
    /** opportunity: its title; place: its names (the name under `name`) */
    title: z.record(z.string(), z.string()),
    name: z.string(),
    organisation: z.object({ id: z.string(), name: z.string() }).nullable(),
    /** when it was sent for review (its last change to pending), ISO */
    sent_at: z.string(),
    sent_by: z.string().nullable(),
    updated_at: z.string(),
  })
  .openapi('ReviewItem');
export type ReviewItem = z.infer<typeof ReviewItemSchema>;

const DecisionSchema = z
  .object({
    decision: z.enum(['publish', 'return']),
    reason: z
      .string()
      .trim()
      .min(1, 'reason: must not be empty')
      .max(1000, 'reason: at most 1000 characters')
      .optional(),
    expected_updated_at: expectedUpdatedAt,
  })
  .refine((b) => b.decision !== 'return' || b.reason !== undefined, {
    message: 'reason: required to return an item to its editors (1–1000 characters)',
    path: ['reason'],
  })
  .openapi('ReviewDecision');

const DecisionAnswer = z
  .object({ type: z.enum(TYPES), id: z.string(), status: z.string(), updated_at: z.string() })
  .openapi('ReviewDecisionAnswer');

const ReturnedSchema = z
  .object({
    items: z.array(
      z.object({
        type: z.enum(TYPES),
        id: z.string(),
        reason: z.string(),
        at: z.string(),
        by: z.string().nullable(),
      }),
    ),
  })
  .openapi('ReturnedItems');

interface QueueRow {
  type: ItemType;
  id: string;
  kind: string;
  title: LocalizedText | string | null;
  name: string;
  organisation_id: string | null;
  organisation_name: string | null;
  sent_at: Date | string | null;
  sent_by: string | null;
  updated_at: string;
}

const parse = (v: LocalizedText | string | null): Record<string, string> =>
  (typeof v === 'string' ? JSON.parse(v) : (v ?? {})) as Record<string, string>;

/** the last audit entry that made the row pending: when, and who */
const sentEntry = (alias: string, type: ItemType) => sql`
  LEFT JOIN LATERAL (
    SELECT a.at, a.actor_label FROM audit_entry a
    WHERE a.tenant_id = ${sql.ref(`${alias}.tenant_id`)} AND a.entity_type = ${type}
      AND a.entity_id = ${sql.ref(`${alias}.id`)}::text AND a.new->>'status' = 'pending'
      AND COALESCE(a.previous->>'status', '') <> 'pending'
    ORDER BY a.id DESC LIMIT 1) sent ON true`;

export async function reviewQueue(
  db: Executor,
  actor: Parameters<typeof reviewableBy>[0],
  one?: { type: ItemType; id: string },
): Promise<ReviewItem[]> {
  const only = (type: ItemType, alias: string) =>
    one ? (one.type === type ? sql`AND ${sql.ref(`${alias}.id`)} = ${one.id}::uuid` : sql`AND FALSE`) : sql``;
  const { rows } = await sql<QueueRow>`
    SELECT 'opportunity' AS type, o.id::text AS id, o.kind, o.title, COALESCE(o.title->>'en', '') AS name,
           o.organisation_id::text AS organisation_id, org.name AS organisation_name,
           sent.at AS sent_at, sent.actor_label AS sent_by, ${UPDATED_AT('o')} AS updated_at
    FROM opportunity o
    LEFT JOIN organisation org ON org.id = o.organisation_id AND org.tenant_id = o.tenant_id
    ${sentEntry('o', 'opportunity')}
    WHERE ${reviewableBy(actor, 'o')} ${only('opportunity', 'o')}
    UNION ALL
    SELECT 'place' AS type, p.id::text AS id, p.kind, p.names AS title, p.name,
           p.organisation_id::text, org.name, sent.at, sent.actor_label, ${UPDATED_AT('p')}
    FROM place p
    LEFT JOIN organisation org ON org.id = p.organisation_id AND org.tenant_id = p.tenant_id
    ${sentEntry('p', 'place')}
    WHERE ${reviewableBy(actor, 'p')} ${only('place', 'p')}
    ORDER BY sent_at NULLS FIRST, updated_at, id
    LIMIT 500`.execute(db);
  return rows.map((r) => {
    const title = parse(r.title);
    return {
      type: r.type,
      id: r.id,
      kind: r.kind,
      title,
      name: r.type === 'place' ? r.name : (Object.values(title).find((t) => t?.trim()) ?? ''),
      organisation: r.organisation_id ? { id: r.organisation_id, name: r.organisation_name ?? '' } : null,
      sent_at: r.sent_at ? new Date(r.sent_at).toISOString() : `${r.updated_at}`,
      sent_by: r.sent_by,
      updated_at: r.updated_at,
    };
  });
}

export function reviewRoutes(deps: AppDeps) {
  const app = createRouter();
  const now = () => deps.now?.() ?? Date.now();

  const contextOf = async (
    c: Context,
    slug: string | undefined,
    roles: ('admin' | 'moderator' | 'editor')[],
  ) => {
    const tenant = await deps.tenants.resolve(slug);
    const actor = await requireRole(c, deps, tenant, roles);
    c.header('cache-control', 'no-store');
    return { tenant, actor };
  };
  const reviewer = (c: Context, slug: string | undefined) => contextOf(c, slug, ['admin', 'moderator']);
  const missing = (type: ItemType, id: string) =>
    notFound(`No pending ${type} ${id} in this tenant to review`);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/review',
      summary: "The tenant's pending opportunities and places, longest waiting first (admin, moderator)",
      request: { query: TenantQuery },
      responses: { 200: json(z.object({ items: z.array(ReviewItemSchema) }), 'The queue'), ...errors },
    }),
    async (c) => {
      const { actor } = await reviewer(c, c.req.valid('query').tenant);
      return c.json({ items: await reviewQueue(deps.db, actor) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/review/returned',
      summary: 'The drafts the caller may edit that a reviewer returned, with the reason (admin, editor)',
      request: { query: TenantQuery },
      responses: { 200: json(ReturnedSchema, 'Returned drafts'), ...errors },
    }),
    async (c) => {
      const { actor } = await contextOf(c, c.req.valid('query').tenant, ['admin', 'editor']);
      const part = (type: ItemType, alias: string) => sql`
        SELECT ${type} AS type, ${sql.ref(`${alias}.id`)}::text AS id, last.reason, last.at, last.actor_label AS by
        FROM ${sql.table(TABLE[type])} ${sql.ref(alias)}
        JOIN LATERAL (
          SELECT a.action, a.new->>'reason' AS reason, a.at, a.actor_label FROM audit_entry a
          WHERE ${inTenant(actor, 'a')} AND a.entity_type = ${type} AND a.entity_id = ${sql.ref(`${alias}.id`)}::text
          ORDER BY a.id DESC LIMIT 1) last ON last.action = ${`${type}.review`} AND last.reason IS NOT NULL
        WHERE ${writableBy(actor, alias)} AND ${sql.ref(`${alias}.status`)} = 'draft'`;
      const { rows } = await sql<{
        type: ItemType;
        id: string;
        reason: string;
        at: Date | string;
        by: string | null;
      }>`
        ${part('opportunity', 'o')} UNION ALL ${part('place', 'p')} ORDER BY at DESC LIMIT 500`.execute(
        deps.db,
      );
      return c.json({ items: rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() })) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/review/{type}/{id}',
      summary: 'One pending opportunity or place (admin, moderator)',
      request: { params: ItemParams, query: TenantQuery },
      responses: { 200: json(ReviewItemSchema, 'The item'), ...errors },
    }),
    async (c) => {
      const { actor } = await reviewer(c, c.req.valid('query').tenant);
      const { type, id } = c.req.valid('param');
      const [item] = await reviewQueue(deps.db, actor, { type, id: id.toLowerCase() });
      if (!item) throw missing(type, id);
      return c.json(item, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/review/{type}/{id}/preview',
      summary: 'The public detail of a pending item, as residents will see it once published',
      request: { params: ItemParams, query: z.object({ tenant: tenantParam, lang: langParam }) },
      responses: {
        200: json(
          z.union([OpportunitySchema, PlaceSchema]),
          'GET /api/opportunities/{id} or /api/places/{id}',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { tenant, actor } = await reviewer(c, q.tenant);
      const { type } = c.req.valid('param');
      const id = c.req.valid('param').id.toLowerCase();
      const lang = q.lang ?? tenant.defaultLocale;
      if (type === 'opportunity') {
        const row = await findOpportunity(deps.db, tenant.id, id, reviewableBy(actor, 'o'));
        if (!row) throw missing(type, id);
        return c.json(opportunityDetail(row, tenant, lang, 5, now()), 200);
      }
      const row = await findPlace(deps.db, tenant.id, id, reviewableBy(actor, 'p'));
      if (!row) throw missing(type, id);
      return c.json(await placeDetail(deps.db, row, tenant, lang), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/review/{type}/{id}/history',
      summary: 'The changes of a pending item, newest first (admin, moderator)',
      request: { params: ItemParams, query: TenantQuery },
      responses: { 200: json(HistorySchema, 'Its audit entries'), ...errors },
    }),
    async (c) => {
      const { actor } = await reviewer(c, c.req.valid('query').tenant);
      const { type } = c.req.valid('param');
      const id = c.req.valid('param').id.toLowerCase();
      const [item] = await reviewQueue(deps.db, actor, { type, id });
      if (!item) throw missing(type, id);
      return c.json(await historyOf(deps.db, actor, type, id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/admin/review/{type}/{id}',
      summary:
        'Decide on a pending item: publish it, or return it to its editors as a draft with a reason (admin, moderator)',
      request: {
        params: ItemParams,
        query: TenantQuery,
        body: { content: { 'application/json': { schema: DecisionSchema } }, required: true },
      },
      responses: {
        200: json(DecisionAnswer, 'Decided'),
        ...errors,
        409: json(ErrorSchema, '`stale`: changed since you read it; `not_publishable`: what is missing'),
      },
    }),
    async (c) => {
      const { tenant, actor } = await reviewer(c, c.req.valid('query').tenant);
      const { type } = c.req.valid('param');
      const id = c.req.valid('param').id.toLowerCase();
      const b = c.req.valid('json');
      const next = b.decision === 'publish' ? 'published' : 'draft';
      const answer = await deps.db.transaction().execute(async (trx) => {
        const alias = type === 'opportunity' ? 'o' : 'p';
        const { rows } = await sql<{
          fresh: boolean;
          updated_at: string;
          title: LocalizedText | string | null;
          located: boolean;
        }>`
          SELECT ${sql.ref(`${alias}.updated_at`)} = ${b.expected_updated_at}::timestamptz AS fresh,
                 ${UPDATED_AT(alias)} AS updated_at,
                 ${type === 'opportunity' ? sql`o.title` : sql`jsonb_build_object('name', p.name)`} AS title,
                 ${type === 'opportunity' ? sql`(o.place_id IS NOT NULL OR o.geom IS NOT NULL)` : sql`p.geom IS NOT NULL`} AS located
          FROM ${sql.table(TABLE[type])} ${sql.ref(alias)}
          WHERE ${sql.ref(`${alias}.id`)} = ${id}::uuid AND ${reviewableBy(actor, alias)} FOR UPDATE`.execute(
          trx,
        );
        const row = rows[0];
        if (!row) throw missing(type, id);
        if (!row.fresh) throw staleError(type, row.updated_at);
        if (next === 'published') {
          const problems = [
            ...(Object.values(parse(row.title)).some((t) => t?.trim())
              ? []
              : [
                  {
                    field: type === 'opportunity' ? 'title' : 'name',
                    message: 'give a title in at least one language',
                  },
                ]),
            ...(row.located ? [] : [{ field: 'location', message: 'choose a place or a point on the map' }]),
          ];
          if (problems.length) throw notPublishable(type, problems);
        }
        const { rows: changed } = await sql<{ updated_at: string }>`
          UPDATE ${sql.table(TABLE[type])} AS ${sql.ref(alias)} SET status = ${next}, updated_at = now()
          WHERE ${sql.ref(`${alias}.id`)} = ${id}::uuid AND ${reviewableBy(actor, alias)}
          RETURNING ${UPDATED_AT(alias)} AS updated_at`.execute(trx);
        if (!changed[0]) throw missing(type, id);
        if (next === 'published' && type === 'opportunity') await queueOpportunityAlerts(trx, tenant.id, id);
        await refreshAfterChange(trx, tenant.id, {
          now: now(),
          horizonDays: deps.config.OCCURRENCE_HORIZON_DAYS,
        });
        await recordAudit(trx, {
          tenantId: tenant.id,
          actor: auditActorOf(actor),
          action: `${type}.review`,
          entity: { type, id },
          previous: { status: 'pending' },
          next: next === 'draft' ? { status: next, reason: b.reason ?? '' } : { status: next },
          summary:
            next === 'published'
              ? 'Reviewed: published'
              : `Reviewed: returned to the editors — ${b.reason ?? ''}`,
        });
        return { type, id, status: next, updated_at: changed[0].updated_at };
      });
      return c.json(answer, 200);
    },
  );

  return app;
}
