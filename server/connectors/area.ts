/**
 * The block connector's own area (role block_connector; docs/PARTICIPATION.md):
 *
 * - GET /api/connector/area — the area(s) as GeoJSON, and what is in them: what's on (published
 *   opportunities), what's proposed (published proposals; pending ones only counted), what's
 *   needed (published needs, at their coarsened public point) — never an e-mail address, a name
 *   of a resident or a need's exact point — with the connector's own last verdict on each item;
 * - POST /api/connector/reviews — confirm or flag an item of their area (any other item: 404);
 * - GET /api/admin/connectors/reviews — moderators and admins: the connectors' verdicts (marking
 *   one handled: resolve.ts).
 *
 * "In the area" is decided in the statements: the union of the connector's memberships' shapes
 * (a drawn polygon, or the area row) meets the item's point — or, for a proposal located only by
 * its neighbourhood, overlaps that neighbourhood by more than a border (as the alerts do).
 */
import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { type RawBuilder, sql } from 'kysely';
import { type Actor, auditActorOf, requireRole } from '../accounts/authorize.ts';
import { recordAudit } from '../audit/record.ts';
import type { AppDeps } from '../http/deps.ts';
import { notFound } from '../http/errors.ts';
import { createRouter, ErrorSchema, errorResponses } from '../http/openapi.ts';
import { langParam, tenantParam, textParam } from '../http/params.ts';

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const TARGETS = ['opportunity', 'proposal', 'need'] as const;
type Target = (typeof TARGETS)[number];
const LIMIT = 300;

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const errors = {
  ...errorResponses,
  401: json(ErrorSchema, 'Not signed in'),
  403: json(ErrorSchema, 'Not a block connector of the tenant'),
} as const;

const Verdict = z.object({
  verdict: z.enum(['confirm', 'flag']),
  note: z.string().nullable(),
  created_at: z.string(),
});
const Item = z
  .object({
    type: z.enum(TARGETS),
    id: z.string(),
    title: z.string(),
    kind: z.string().nullable(),
    lon: z.number(),
    lat: z.number(),
    supports: z.number().nullable(),
    resident_initiative: z.boolean(),
    my_review: Verdict.nullable(),
  })
  .openapi('ConnectorAreaItem');
type ItemT = z.infer<typeof Item>;
const AreaAnswer = z
  .object({
    areas: z.array(
      z.object({ membership_id: z.string(), name: z.string().nullable(), geometry: z.unknown() }),
    ),
    bbox: z.array(z.number()).nullable(),
    on: z.array(Item),
    proposed: z.array(Item),
    needed: z.array(Item),
    pending: z.object({ proposals: z.number(), needs: z.number() }),
  })
  .openapi('ConnectorArea');

const ReviewBody = z
  .object({
    target_type: z.enum(TARGETS, { message: `target_type must be one of ${TARGETS.join(', ')}` }),
    target_id: z.string().regex(UUID, 'target_id must be a UUID'),
    verdict: z.enum(['confirm', 'flag'], { message: 'verdict must be confirm or flag' }),
    note: textParam('note', 1000).optional(),
  })
  .strict()
  .openapi('ConnectorReviewRequest');
const Review = z
  .object({
    id: z.string(),
    target_type: z.enum(TARGETS),
    target_id: z.string(),
    verdict: z.enum(['confirm', 'flag']),
    note: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('ConnectorReview');
const ReviewListItem = Review.extend({
  title: z.string(),
  item_status: z.string().nullable(),
  resolved_at: z.string().nullable().openapi({ description: 'when a moderator marked it handled' }),
}).openapi(
  'ConnectorReviewListed',
);

/** the union of the actor's block-connector shapes (NULL when none) */
function mine(actor: Actor): RawBuilder<string> {
  const ids = actor.areas.map((a) => a.membershipId);
  return sql<string>`(SELECT ST_Union(COALESCE(m.area_geom, a.geom)) FROM membership m
    LEFT JOIN area a ON a.id = m.area_id AND a.tenant_id = m.tenant_id
    WHERE m.tenant_id = ${actor.tenantId} AND m.role = 'block_connector'
      AND m.id = ANY(${ids.length ? ids : ['00000000-0000-0000-0000-000000000000']}::uuid[]))`;
}

/** the point of an opportunity (its own, else its place's) */
const OPP_POINT = sql`COALESCE(o.geom, (SELECT pl.anchor FROM place pl WHERE pl.id = o.place_id AND pl.tenant_id = o.tenant_id))`;
/** whether a proposal is in the area: its point, or its neighbourhood overlapping */
const PROPOSAL_IN = (
  area: RawBuilder<string>,
) => sql<boolean>`(CASE WHEN p.geom IS NOT NULL THEN ST_Intersects(${area}, p.geom)
  ELSE EXISTS (SELECT 1 FROM area n WHERE n.id = p.area_id AND n.tenant_id = p.tenant_id
    AND ST_Intersects(${area}, n.geom) AND NOT ST_Touches(${area}, n.geom)) END)`;
const PROPOSAL_POINT = sql`COALESCE(p.geom, (SELECT ST_PointOnSurface(n.geom) FROM area n WHERE n.id = p.area_id AND n.tenant_id = p.tenant_id))`;

const pickTitle = (lang: string) => (col: string) =>
  sql<string>`COALESCE(NULLIF(${sql.ref(col)}->>${lang}, ''), (SELECT v FROM jsonb_each_text(${sql.ref(col)}) AS e(k, v) WHERE v <> '' ORDER BY k LIMIT 1), '')`;

interface Row {
  id: string;
  title: string;
  kind: string | null;
  lon: number;
  lat: number;
  supports: number | null;
  resident_initiative: boolean;
  verdict: 'confirm' | 'flag' | null;
  note: string | null;
  reviewed_at: Date | string | null;
}

const MY_REVIEW = (actor: Actor, type: Target, idCol: string) => sql`LEFT JOIN LATERAL (
    SELECT r.verdict, r.note, r.created_at AS reviewed_at FROM connector_review r
    WHERE r.tenant_id = ${actor.tenantId} AND r.account_id = ${actor.accountId}::uuid
      AND r.target_type = ${type} AND r.target_id = ${sql.ref(idCol)}
    ORDER BY r.created_at DESC LIMIT 1) mr ON true`;

const SUPPORTS = (
  type: 'proposal' | 'need',
  idCol: string,
) => sql<number>`(SELECT count(*)::int FROM support s
  WHERE s.target_type = ${type} AND s.target_id = ${sql.ref(idCol)} AND s.status = 'confirmed')`;

function itemOf(type: Target, r: Row): ItemT {
  return {
    type,
    id: r.id,
    title: r.title,
    kind: r.kind,
    lon: Number(r.lon),
    lat: Number(r.lat),
    supports: r.supports === null ? null : Number(r.supports),
    resident_initiative: Boolean(r.resident_initiative),
    my_review: r.verdict
      ? { verdict: r.verdict, note: r.note, created_at: new Date(r.reviewed_at as string).toISOString() }
      : null,
  };
}

/** whether a published item of `type` with `id` is in the actor's area (tenant in the statement) */
async function inArea(db: AppDeps['db'], actor: Actor, type: Target, id: string): Promise<boolean> {
  const area = mine(actor);
  const q =
    type === 'opportunity'
      ? sql`SELECT 1 FROM opportunity o WHERE o.id = ${id}::uuid AND o.tenant_id = ${actor.tenantId}
              AND o.status = 'published' AND ST_Intersects(${area}, ${OPP_POINT})`
      : type === 'proposal'
        ? sql`SELECT 1 FROM proposal p WHERE p.id = ${id}::uuid AND p.tenant_id = ${actor.tenantId}
              AND p.status = 'published' AND ${PROPOSAL_IN(area)}`
        : sql`SELECT 1 FROM need n WHERE n.id = ${id}::uuid AND n.tenant_id = ${actor.tenantId}
              AND n.status = 'published' AND ST_Intersects(${area}, n.geom)`;
  const { rows } = await q.execute(db);
  return rows.length > 0;
}

export function connectorAreaRoutes(deps: AppDeps) {
  const app = createRouter();

  const connector = async (c: Parameters<typeof requireRole>[0], slug: string | undefined) => {
    const tenant = await deps.tenants.resolve(slug);
    return { tenant, actor: await requireRole(c, deps, tenant, ['block_connector']) };
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/connector/area',
      summary: "A block connector's area and what is on, proposed and needed in it (no personal data)",
      request: { query: z.object({ tenant: tenantParam, lang: langParam }) },
      responses: { 200: json(AreaAnswer, 'The area'), ...errors },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { tenant, actor } = await connector(c, q.tenant);
      const lang = q.lang ?? tenant.defaultLocale;
      const area = mine(actor);
      const title = pickTitle(lang);
      const ids = actor.areas.map((a) => a.membershipId);
      const [areas, bbox, on, proposed, needed, pending] = await Promise.all([
        sql<{ membership_id: string; name: string | null; geojson: string }>`
          SELECT m.id AS membership_id, a.name, ST_AsGeoJSON(COALESCE(m.area_geom, a.geom), 6) AS geojson
          FROM membership m LEFT JOIN area a ON a.id = m.area_id AND a.tenant_id = m.tenant_id
          WHERE m.tenant_id = ${actor.tenantId} AND m.role = 'block_connector'
            AND m.id = ANY(${ids.length ? ids : ['00000000-0000-0000-0000-000000000000']}::uuid[])
          ORDER BY m.created_at`.execute(deps.db),
        sql<{ x1: number; y1: number; x2: number; y2: number }>`
          SELECT ST_XMin(b) AS x1, ST_YMin(b) AS y1, ST_XMax(b) AS x2, ST_YMax(b) AS y2
          FROM (SELECT ${area}::box2d AS b) s WHERE b IS NOT NULL`.execute(deps.db),
        sql<Row>`
          SELECT o.id, ${title('o.title')} AS title, o.kind,
                 ST_X(${OPP_POINT}) AS lon, ST_Y(${OPP_POINT}) AS lat, NULL::int AS supports,
                 COALESCE((o.attributes->>'resident_initiative')::boolean, false) AS resident_initiative,
                 mr.verdict, mr.note, mr.reviewed_at
          FROM opportunity o ${MY_REVIEW(actor, 'opportunity', 'o.id')}
          WHERE o.tenant_id = ${actor.tenantId} AND o.status = 'published' AND o.source <> 'proposal'
            AND ST_Intersects(${area}, ${OPP_POINT})
          ORDER BY 2 LIMIT ${LIMIT}`.execute(deps.db),
        sql<Row>`
          SELECT p.id, ${title('p.title')} AS title, p.kind,
                 ST_X(${PROPOSAL_POINT}) AS lon, ST_Y(${PROPOSAL_POINT}) AS lat,
                 ${SUPPORTS('proposal', 'p.id')} AS supports, true AS resident_initiative,
                 mr.verdict, mr.note, mr.reviewed_at
          FROM proposal p ${MY_REVIEW(actor, 'proposal', 'p.id')}
          WHERE p.tenant_id = ${actor.tenantId} AND p.status = 'published' AND ${PROPOSAL_IN(area)}
          ORDER BY p.submitted_at DESC NULLS LAST, p.id LIMIT ${LIMIT}`.execute(deps.db),
        sql<Row>`
          SELECT n.id, n.text AS title, NULL::text AS kind,
                 ST_X(n.public_geom) AS lon, ST_Y(n.public_geom) AS lat,
                 ${SUPPORTS('need', 'n.id')} AS supports, false AS resident_initiative,
                 mr.verdict, mr.note, mr.reviewed_at
          FROM need n ${MY_REVIEW(actor, 'need', 'n.id')}
          WHERE n.tenant_id = ${actor.tenantId} AND n.status = 'published' AND ST_Intersects(${area}, n.geom)
          ORDER BY n.submitted_at DESC NULLS LAST, n.id LIMIT ${LIMIT}`.execute(deps.db),
        sql<{ proposals: number; needs: number }>`
          SELECT (SELECT count(*)::int FROM proposal p WHERE p.tenant_id = ${actor.tenantId}
                    AND p.status = 'pending' AND ${PROPOSAL_IN(area)}) AS proposals,
                 (SELECT count(*)::int FROM need n WHERE n.tenant_id = ${actor.tenantId}
                    AND n.status = 'pending' AND ST_Intersects(${area}, n.geom)) AS needs`.execute(deps.db),
      ]);
      const b = bbox.rows[0];
      c.header('cache-control', 'no-store');
      return c.json(
        {
          areas: areas.rows.map((a) => ({
            membership_id: a.membership_id,
            name: a.name,
            geometry: JSON.parse(a.geojson) as unknown,
          })),
          bbox: b ? [Number(b.x1), Number(b.y1), Number(b.x2), Number(b.y2)] : null,
          on: on.rows.map((r) => itemOf('opportunity', r)),
          proposed: proposed.rows.map((r) => itemOf('proposal', r)),
          needed: needed.rows.map((r) => itemOf('need', r)),
          pending: {
            proposals: Number(pending.rows[0]?.proposals ?? 0),
            needs: Number(pending.rows[0]?.needs ?? 0),
          },
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/connector/reviews',
      summary: 'Confirm or flag an item of your area (block connector); items elsewhere are 404',
      request: {
        query: z.object({ tenant: tenantParam }),
        body: { required: true, content: { 'application/json': { schema: ReviewBody } } },
      },
      responses: { 201: json(Review, 'Recorded'), ...errors },
    }),
    async (c) => {
      const { tenant, actor } = await connector(c, c.req.valid('query').tenant);
      const b = c.req.valid('json');
      const targetId = b.target_id.toLowerCase();
      if (!actor.accountId || !(await inArea(deps.db, actor, b.target_type, targetId)))
        throw notFound(`No published ${b.target_type} ${targetId} in your area`);
      const id = randomUUID();
      const note = b.note?.trim() || null;
      const row = await deps.db.transaction().execute(async (trx) => {
        const r = await trx
          .insertInto('connector_review')
          .values({
            id,
            tenant_id: tenant.id,
            account_id: actor.accountId as string,
            target_type: b.target_type,
            target_id: targetId,
            verdict: b.verdict,
            note,
            resolved_at: null,
            resolved_by: null,
          })
          .returning(['created_at'])
          .executeTakeFirstOrThrow();
        await recordAudit(trx, {
          tenantId: tenant.id,
          actor: auditActorOf(actor),
          action: 'connector_review.create',
          entity: { type: b.target_type, id: targetId },
          previous: null,
          next: { review_id: id, verdict: b.verdict, note },
          summary: `Block connector ${b.verdict === 'confirm' ? 'confirmed' : 'flagged'} it${note ? ` — ${note}` : ''}`,
        });
        return r;
      });
      return c.json(
        {
          id,
          target_type: b.target_type,
          target_id: targetId,
          verdict: b.verdict,
          note,
          created_at: new Date(row.created_at as unknown as Date).toISOString(),
        },
        201,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/connectors/reviews',
      summary: "Block connectors' confirmations and flags, newest first (moderator, admin)",
      request: {
        query: z.object({
          tenant: tenantParam,
          lang: langParam,
          target_type: z
            .enum(TARGETS, { message: `target_type must be one of ${TARGETS.join(', ')}` })
            .optional(),
          target_id: z.string().regex(UUID, 'target_id must be a UUID').optional(),
          verdict: z.enum(['confirm', 'flag'], { message: 'verdict must be confirm or flag' }).optional(),
          state: z
            .enum(['open', 'resolved'], { message: 'state must be open or resolved' })
            .optional()
            .openapi({ description: 'open: not yet marked handled; resolved: handled; absent: both' }),
        }),
      },
      responses: {
        200: json(z.object({ items: z.array(ReviewListItem) }), 'Reviews'),
        ...errors,
        403: json(ErrorSchema, 'Not a moderator or admin of the tenant'),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const tenant = await deps.tenants.resolve(q.tenant);
      const actor = await requireRole(c, deps, tenant, ['moderator', 'admin']);
      const lang = q.lang ?? tenant.defaultLocale;
      const title = pickTitle(lang);
      const { rows } = await sql<{
        id: string;
        target_type: Target;
        target_id: string;
        verdict: 'confirm' | 'flag';
        note: string | null;
        created_at: Date | string;
        resolved_at: Date | string | null;
        title: string | null;
        item_status: string | null;
      }>`
        SELECT r.id, r.target_type, r.target_id, r.verdict, r.note, r.created_at, r.resolved_at,
          CASE r.target_type
            WHEN 'opportunity' THEN (SELECT ${title('o.title')} FROM opportunity o WHERE o.id = r.target_id AND o.tenant_id = r.tenant_id)
            WHEN 'proposal' THEN (SELECT ${title('p.title')} FROM proposal p WHERE p.id = r.target_id AND p.tenant_id = r.tenant_id)
            WHEN 'need' THEN (SELECT left(n.text, 200) FROM need n WHERE n.id = r.target_id AND n.tenant_id = r.tenant_id)
          END AS title,
          CASE r.target_type
            WHEN 'opportunity' THEN (SELECT o.status FROM opportunity o WHERE o.id = r.target_id AND o.tenant_id = r.tenant_id)
            WHEN 'proposal' THEN (SELECT p.status FROM proposal p WHERE p.id = r.target_id AND p.tenant_id = r.tenant_id)
            WHEN 'need' THEN (SELECT n.status FROM need n WHERE n.id = r.target_id AND n.tenant_id = r.tenant_id)
          END AS item_status
        FROM connector_review r
        WHERE r.tenant_id = ${actor.tenantId}
          ${q.target_type ? sql`AND r.target_type = ${q.target_type}` : sql``}
          ${q.target_id ? sql`AND r.target_id = ${q.target_id.toLowerCase()}::uuid` : sql``}
          ${q.verdict ? sql`AND r.verdict = ${q.verdict}` : sql``}
          ${q.state === 'open' ? sql`AND r.resolved_at IS NULL` : q.state === 'resolved' ? sql`AND r.resolved_at IS NOT NULL` : sql``}
        ORDER BY r.created_at DESC, r.id LIMIT 500`.execute(deps.db);
      c.header('cache-control', 'no-store');
      return c.json(
        {
          items: rows.map((r) => ({
            id: r.id,
            target_type: r.target_type,
            target_id: r.target_id,
            verdict: r.verdict,
            note: r.note,
            created_at: new Date(r.created_at).toISOString(),
            title: r.title ?? '',
            item_status: r.item_status,
            resolved_at: r.resolved_at === null ? null : new Date(r.resolved_at).toISOString(),
          })),
        },
        200,
      );
    },
  );

  return app;
}
