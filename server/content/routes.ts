/**
 * The back office's API for places and opportunities (docs/ADMIN.md, "Places and opportunities
 * (API)"; the contract the pages are built against: /api/admin/opportunities…, /api/admin/places…,
 * /api/admin/schedule-preview, /api/admin/content/organisations). Admins and editors of the
 * tenant; the queries themselves (./opportunities.ts, ./places.ts) keep editors to the rows of
 * their organisations.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AUDIENCE_CODES, CATEGORY_CODES, LOCALES, OPPORTUNITY_KINDS } from '../../data/town-format.ts';
import { requireRole } from '../accounts/authorize.ts';
import { inTenant, writableBy } from '../accounts/scope.ts';
import type { AppDeps } from '../http/deps.ts';
import { notFound } from '../http/errors.ts';
import { createRouter, ErrorSchema, errorResponses } from '../http/openapi.ts';
import { intParam, langParam, tenantParam, uuidPathParam } from '../http/params.ts';
import { findOpportunity } from '../opportunities/queries.ts';
import { opportunityDetail, OpportunitySchema } from '../opportunities/routes.ts';
import { findPlace } from '../places/queries.ts';
import { PlaceSchema, placeDetail } from '../places/routes.ts';
import { historyOf } from './history.ts';
import {
  type ContentContext,
  createOpportunity,
  duplicateOpportunity,
  getOpportunity,
  listOpportunities,
  setOpportunityStatus,
  updateOpportunity,
} from './opportunities.ts';
import { createPlace, duplicatePlace, getPlace, listPlaces, setPlaceStatus, updatePlace } from './places.ts';
import { nextDates, SchedulesSchema } from './schedule.ts';
import {
  HistorySchema,
  OpportunityRecordSchema,
  OpportunitySummarySchema,
  PlaceRecordSchema,
  PlaceSummarySchema,
} from './schemas.ts';
import {
  OpportunityInputSchema,
  OpportunityPatchSchema,
  PlaceInputSchema,
  PlacePatchSchema,
  STATUSES,
  StatusChangeSchema,
  text,
} from './validation.ts';

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

const errors = {
  ...errorResponses,
  401: json(ErrorSchema, 'Not signed in'),
  403: json(ErrorSchema, 'Not an admin or editor of the tenant, or an organisation that is not yours'),
} as const;
const changeErrors = {
  ...errors,
  409: json(ErrorSchema, '`stale`: changed since you read it; `not_publishable`: what is missing'),
} as const;

const TenantQuery = z.object({ tenant: tenantParam });
const IdParams = z.object({ id: uuidPathParam('id') });
const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a UUID');

const ListBase = {
  tenant: tenantParam,
  q: text(200)
    .optional()
    .openapi({
      param: { name: 'q', in: 'query' },
      description: 'text found in the title (places: in the name or the address)',
    }),
  status: z
    .enum(STATUSES)
    .optional()
    .openapi({ param: { name: 'status', in: 'query' } }),
  organisation: uuid
    .optional()
    .openapi({ param: { name: 'organisation', in: 'query' }, description: 'organisation id' }),
  limit: intParam('limit', 1, 200),
  offset: intParam('offset', 0, 1_000_000),
};

const OpportunityListQuery = z.object({
  ...ListBase,
  kind: z
    .enum(OPPORTUNITY_KINDS)
    .optional()
    .openapi({ param: { name: 'kind', in: 'query' } }),
  category: z
    .enum(CATEGORY_CODES)
    .optional()
    .openapi({ param: { name: 'category', in: 'query' } }),
  audience: z
    .enum(AUDIENCE_CODES)
    .optional()
    .openapi({ param: { name: 'audience', in: 'query' } }),
  missing: z
    .enum(LOCALES)
    .optional()
    .openapi({
      param: { name: 'missing', in: 'query' },
      description: 'rows without a title in this language',
    }),
});
const PlaceListQuery = z.object({
  ...ListBase,
  kind: z
    .string()
    .regex(/^[a-z_]{1,40}$/, 'must be a place kind such as park')
    .optional()
    .openapi({ param: { name: 'kind', in: 'query' } }),
});

const SchedulePreviewBody = z
  .object({
    schedules: SchedulesSchema,
    count: z.number().int().min(1).max(20).default(5),
  })
  .openapi('SchedulePreviewRequest');

export function contentRoutes(deps: AppDeps) {
  const app = createRouter();
  const horizonDays = deps.config.OCCURRENCE_HORIZON_DAYS;
  const now = () => deps.now?.() ?? Date.now();

  /** the tenant, the actor (401/403) and the clock of one request */
  const contextOf = async (c: Context, tenantSlug: string | undefined): Promise<ContentContext> => {
    const tenant = await deps.tenants.resolve(tenantSlug);
    const actor = await requireRole(c, deps, tenant, ['admin', 'editor']);
    c.header('cache-control', 'no-store');
    return { tenant, actor, now: now(), horizonDays };
  };

  // ---- opportunities ----

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/opportunities',
      summary: 'Opportunities the caller may edit, newest change first (admin, editor)',
      request: { query: OpportunityListQuery },
      responses: {
        200: json(
          z.object({ items: z.array(OpportunitySummarySchema), total: z.number() }),
          'A page of opportunities',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const ctx = await contextOf(c, q.tenant);
      return c.json(
        await listOpportunities(deps.db, ctx, { ...q, limit: q.limit ?? 50, offset: q.offset ?? 0 }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/opportunities/{id}',
      summary: 'One opportunity as the back office edits it (admin, editor)',
      request: { params: IdParams, query: TenantQuery },
      responses: { 200: json(OpportunityRecordSchema, 'The opportunity'), ...errors },
    }),
    async (c) => {
      const ctx = await contextOf(c, c.req.valid('query').tenant);
      return c.json(await getOpportunity(deps.db, ctx, c.req.valid('param').id.toLowerCase()), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/admin/opportunities',
      summary: 'Create an opportunity (a draft) (admin, editor for their organisation)',
      request: { query: TenantQuery, ...body(OpportunityInputSchema) },
      responses: { 201: json(OpportunityRecordSchema, 'Created'), ...changeErrors },
    }),
    async (c) => {
      const ctx = await contextOf(c, c.req.valid('query').tenant);
      const input = c.req.valid('json');
      const record = await deps.db.transaction().execute((trx) => createOpportunity(trx, ctx, input));
      return c.json(record, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/admin/opportunities/{id}',
      summary: 'Edit an opportunity: the fields given, if it has not changed since expected_updated_at',
      request: { params: IdParams, query: TenantQuery, ...body(OpportunityPatchSchema) },
      responses: { 200: json(OpportunityRecordSchema, 'Saved'), ...changeErrors },
    }),
    async (c) => {
      const ctx = await contextOf(c, c.req.valid('query').tenant);
      const id = c.req.valid('param').id.toLowerCase();
      const patch = c.req.valid('json');
      return c.json(
        await deps.db.transaction().execute((trx) => updateOpportunity(trx, ctx, id, patch)),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/admin/opportunities/{id}/status',
      summary: 'Set the status: draft, pending, published (needs a title and a place or point), archived',
      request: { params: IdParams, query: TenantQuery, ...body(StatusChangeSchema) },
      responses: { 200: json(OpportunityRecordSchema, 'Saved'), ...changeErrors },
    }),
    async (c) => {
      const ctx = await contextOf(c, c.req.valid('query').tenant);
      const id = c.req.valid('param').id.toLowerCase();
      const b = c.req.valid('json');
      return c.json(
        await deps.db
          .transaction()
          .execute((trx) => setOpportunityStatus(trx, ctx, id, b.status, b.expected_updated_at)),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/admin/opportunities/{id}/duplicate',
      summary: 'Copy an opportunity into a new draft',
      request: { params: IdParams, query: TenantQuery },
      responses: { 201: json(OpportunityRecordSchema, 'The copy'), ...errors },
    }),
    async (c) => {
      const ctx = await contextOf(c, c.req.valid('query').tenant);
      const id = c.req.valid('param').id.toLowerCase();
      return c.json(await deps.db.transaction().execute((trx) => duplicateOpportunity(trx, ctx, id)), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/opportunities/{id}/preview',
      summary: 'The public detail (GET /api/opportunities/{id}) of this opportunity, whatever its status',
      request: {
        params: IdParams,
        query: z.object({
          tenant: tenantParam,
          lang: langParam,
          occurrences: intParam('occurrences', 0, 50),
        }),
      },
      responses: { 200: json(OpportunitySchema, 'As residents will see it'), ...errors },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const ctx = await contextOf(c, q.tenant);
      const id = c.req.valid('param').id.toLowerCase();
      const row = await findOpportunity(deps.db, ctx.tenant.id, id, writableBy(ctx.actor, 'o'));
      if (!row) throw notFound(`No opportunity ${id} that you may edit`);
      return c.json(
        opportunityDetail(row, ctx.tenant, q.lang ?? ctx.tenant.defaultLocale, q.occurrences ?? 5, ctx.now),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/opportunities/{id}/history',
      summary: 'The changes of one opportunity, newest first, with previous and new values',
      request: { params: IdParams, query: TenantQuery },
      responses: { 200: json(HistorySchema, 'Its audit entries'), ...errors },
    }),
    async (c) => {
      const ctx = await contextOf(c, c.req.valid('query').tenant);
      const id = c.req.valid('param').id.toLowerCase();
      await getOpportunity(deps.db, ctx, id);
      return c.json(await historyOf(deps.db, ctx.actor, 'opportunity', id), 200);
    },
  );

  // ---- places ----

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/places',
      summary: 'Places the caller may edit, newest change first (admin, editor)',
      request: { query: PlaceListQuery },
      responses: {
        200: json(z.object({ items: z.array(PlaceSummarySchema), total: z.number() }), 'A page of places'),
        ...errors,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const ctx = await contextOf(c, q.tenant);
      return c.json(
        await listPlaces(deps.db, ctx, { ...q, limit: q.limit ?? 50, offset: q.offset ?? 0 }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/places/{id}',
      summary: 'One place as the back office edits it (admin, editor)',
      request: { params: IdParams, query: TenantQuery },
      responses: { 200: json(PlaceRecordSchema, 'The place'), ...errors },
    }),
    async (c) => {
      const ctx = await contextOf(c, c.req.valid('query').tenant);
      return c.json(await getPlace(deps.db, ctx, c.req.valid('param').id.toLowerCase()), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/admin/places',
      summary: 'Create a place (a draft) (admin, editor for their organisation)',
      request: { query: TenantQuery, ...body(PlaceInputSchema) },
      responses: { 201: json(PlaceRecordSchema, 'Created'), ...changeErrors },
    }),
    async (c) => {
      const ctx = await contextOf(c, c.req.valid('query').tenant);
      const input = c.req.valid('json');
      return c.json(await deps.db.transaction().execute((trx) => createPlace(trx, ctx, input)), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/admin/places/{id}',
      summary: 'Edit a place: the fields given, if it has not changed since expected_updated_at',
      request: { params: IdParams, query: TenantQuery, ...body(PlacePatchSchema) },
      responses: { 200: json(PlaceRecordSchema, 'Saved'), ...changeErrors },
    }),
    async (c) => {
      const ctx = await contextOf(c, c.req.valid('query').tenant);
      const id = c.req.valid('param').id.toLowerCase();
      const patch = c.req.valid('json');
      return c.json(await deps.db.transaction().execute((trx) => updatePlace(trx, ctx, id, patch)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/admin/places/{id}/status',
      summary: 'Set the status of a place: only published places are public',
      request: { params: IdParams, query: TenantQuery, ...body(StatusChangeSchema) },
      responses: { 200: json(PlaceRecordSchema, 'Saved'), ...changeErrors },
    }),
    async (c) => {
      const ctx = await contextOf(c, c.req.valid('query').tenant);
      const id = c.req.valid('param').id.toLowerCase();
      const b = c.req.valid('json');
      return c.json(
        await deps.db
          .transaction()
          .execute((trx) => setPlaceStatus(trx, ctx, id, b.status, b.expected_updated_at)),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/admin/places/{id}/duplicate',
      summary: 'Copy a place into a new draft',
      request: { params: IdParams, query: TenantQuery },
      responses: { 201: json(PlaceRecordSchema, 'The copy'), ...errors },
    }),
    async (c) => {
      const ctx = await contextOf(c, c.req.valid('query').tenant);
      const id = c.req.valid('param').id.toLowerCase();
      return c.json(await deps.db.transaction().execute((trx) => duplicatePlace(trx, ctx, id)), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/places/{id}/preview',
      summary: 'The public detail (GET /api/places/{id}) of this place, whatever its status',
      request: { params: IdParams, query: z.object({ tenant: tenantParam, lang: langParam }) },
      responses: { 200: json(PlaceSchema, 'As residents will see it'), ...errors },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const ctx = await contextOf(c, q.tenant);
      const id = c.req.valid('param').id.toLowerCase();
      const row = await findPlace(deps.db, ctx.tenant.id, id, writableBy(ctx.actor, 'p'));
      if (!row) throw notFound(`No place ${id} that you may edit`);
      return c.json(await placeDetail(deps.db, row, ctx.tenant, q.lang ?? ctx.tenant.defaultLocale), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/places/{id}/history',
      summary: 'The changes of one place, newest first, with previous and new values',
      request: { params: IdParams, query: TenantQuery },
      responses: { 200: json(HistorySchema, 'Its audit entries'), ...errors },
    }),
    async (c) => {
      const ctx = await contextOf(c, c.req.valid('query').tenant);
      const id = c.req.valid('param').id.toLowerCase();
      await getPlace(deps.db, ctx, id);
      return c.json(await historyOf(deps.db, ctx.actor, 'place', id), 200);
    },
  );

  // ---- shared ----

  app.openapi(
    createRoute({
      method: 'post',
      path: '/admin/schedule-preview',
      summary:
        "The next dates of schedules (from now, in the tenant's time zone), as the public detail will show them",
      request: { query: TenantQuery, ...body(SchedulePreviewBody) },
      responses: {
        200: json(
          z.object({ dates: z.array(z.object({ start: z.string(), end: z.string() })) }),
          'The next dates',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const ctx = await contextOf(c, c.req.valid('query').tenant);
      const b = c.req.valid('json');
      return c.json({ dates: nextDates(b.schedules, ctx.tenant.timezone, ctx.now, b.count) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/content/organisations',
      summary:
        'The organisations the caller may write places and opportunities for (admins: all of the tenant)',
      request: { query: TenantQuery },
      responses: {
        200: json(
          z.object({ items: z.array(z.object({ id: z.string(), slug: z.string(), name: z.string() })) }),
          'Organisations',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const ctx = await contextOf(c, c.req.valid('query').tenant);
      let q = deps.db
        .selectFrom('organisation')
        .select(['id', 'slug', 'name'])
        .where(inTenant(ctx.actor))
        .orderBy('name')
        .orderBy('id');
      if (!ctx.actor.roles.includes('admin')) {
        if (!ctx.actor.organisationIds.length) return c.json({ items: [] }, 200);
        q = q.where('id', 'in', ctx.actor.organisationIds);
      }
      return c.json({ items: await q.execute() }, 200);
    },
  );

  return app;
}
