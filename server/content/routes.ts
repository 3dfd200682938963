/**
 * The back office's API for places and opportunities (docs/ADMIN.md, "Places and opportunities
 * (API)"; the contract the pages are built against: /api/admin/opportunities…, /api/admin/places…,
 * /api/admin/schedule-preview, /api/admin/content/organisations). Admins and editors of the
 * tenant; the queries themselves (./opportunities.ts, ./places.ts) keep editors to the rows of
 * their organisations.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Transaction } from 'kysely';
import { AUDIENCE_CODES, CATEGORY_CODES, LOCALES, OPPORTUNITY_KINDS } from '../../data/town-format.ts';
import { requireRole } from '../accounts/authorize.ts';
import { inTenant, writableBy } from '../accounts/scope.ts';
import type { DB } from '../db/schema.ts';
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

/**
 * What the route's own schemas validated (for routes built from generic schemas, whose inputs
 * hono's types cannot follow); hono has answered 400 already when they do not match.
 */
const valid = <T>(c: Context, target: 'query' | 'param' | 'json'): T => c.req.valid(target as never) as T;

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

  /**
   * The routes of one kind of content (opportunities, places): list, get, create, patch, status,
   * duplicate, preview and history, built from what differs between the kinds.
   */
  const resourceRoutes = <
    ListQuery extends z.ZodObject<typeof ListBase>,
    Summary extends z.ZodType,
    RecordOut extends z.ZodType,
    Input extends z.ZodType,
    Patch extends z.ZodType,
    PreviewQuery extends z.ZodObject<{ tenant: typeof tenantParam; lang: typeof langParam }>,
    Detail extends z.ZodType,
  >(r: {
    /** the path's segment: /admin/{plural} */
    plural: string;
    /** the audit log's entity type */
    entity: 'opportunity' | 'place';
    summaries: Record<
      'list' | 'get' | 'create' | 'patch' | 'status' | 'duplicate' | 'preview' | 'history',
      string
    >;
    descriptions: { list: string; get: string };
    schemas: {
      listQuery: ListQuery;
      summary: Summary;
      record: RecordOut;
      input: Input;
      patch: Patch;
      previewQuery: PreviewQuery;
      detail: Detail;
    };
    list: (
      ctx: ContentContext,
      q: z.output<ListQuery> & { limit: number; offset: number },
    ) => Promise<{ items: z.output<Summary>[]; total: number }>;
    get: (ctx: ContentContext, id: string) => Promise<z.output<RecordOut>>;
    create: (
      trx: Transaction<DB>,
      ctx: ContentContext,
      input: z.output<Input>,
    ) => Promise<z.output<RecordOut>>;
    update: (
      trx: Transaction<DB>,
      ctx: ContentContext,
      id: string,
      patch: z.output<Patch>,
    ) => Promise<z.output<RecordOut>>;
    setStatus: (
      trx: Transaction<DB>,
      ctx: ContentContext,
      id: string,
      status: z.output<typeof StatusChangeSchema>['status'],
      expectedUpdatedAt: z.output<typeof StatusChangeSchema>['expected_updated_at'],
    ) => Promise<z.output<RecordOut>>;
    duplicate: (trx: Transaction<DB>, ctx: ContentContext, id: string) => Promise<z.output<RecordOut>>;
    /** the public detail of a row the caller may edit, whatever its status (404 otherwise) */
    preview: (ctx: ContentContext, id: string, q: z.output<PreviewQuery>) => Promise<z.output<Detail>>;
  }) => {
    const base = `/admin/${r.plural}`;
    const s = r.schemas;

    app.openapi(
      createRoute({
        method: 'get',
        path: base,
        summary: r.summaries.list,
        request: { query: s.listQuery },
        responses: {
          200: json(z.object({ items: z.array(s.summary), total: z.number() }), r.descriptions.list),
          ...errors,
        },
      }),
      async (c) => {
        const q = valid<z.output<ListQuery>>(c, 'query');
        const ctx = await contextOf(c, q.tenant);
        return c.json(await r.list(ctx, { ...q, limit: q.limit ?? 50, offset: q.offset ?? 0 }), 200);
      },
    );

    app.openapi(
      createRoute({
        method: 'get',
        path: `${base}/{id}`,
        summary: r.summaries.get,
        request: { params: IdParams, query: TenantQuery },
        responses: { 200: json(s.record, r.descriptions.get), ...errors },
      }),
      async (c) => {
        const ctx = await contextOf(c, c.req.valid('query').tenant);
        return c.json(await r.get(ctx, c.req.valid('param').id.toLowerCase()), 200);
      },
    );

    app.openapi(
      createRoute({
        method: 'post',
        path: base,
        summary: r.summaries.create,
        request: { query: TenantQuery, ...body(s.input) },
        responses: { 201: json(s.record, 'Created'), ...changeErrors },
      }),
      async (c) => {
        const ctx = await contextOf(c, valid<z.output<typeof TenantQuery>>(c, 'query').tenant);
        const input = valid<z.output<Input>>(c, 'json');
        return c.json(await deps.db.transaction().execute((trx) => r.create(trx, ctx, input)), 201);
      },
    );

    app.openapi(
      createRoute({
        method: 'patch',
        path: `${base}/{id}`,
        summary: r.summaries.patch,
        request: { params: IdParams, query: TenantQuery, ...body(s.patch) },
        responses: { 200: json(s.record, 'Saved'), ...changeErrors },
      }),
      async (c) => {
        const ctx = await contextOf(c, valid<z.output<typeof TenantQuery>>(c, 'query').tenant);
        const id = valid<z.output<typeof IdParams>>(c, 'param').id.toLowerCase();
        const patch = valid<z.output<Patch>>(c, 'json');
        return c.json(await deps.db.transaction().execute((trx) => r.update(trx, ctx, id, patch)), 200);
      },
    );

    app.openapi(
      createRoute({
        method: 'post',
        path: `${base}/{id}/status`,
        summary: r.summaries.status,
        request: { params: IdParams, query: TenantQuery, ...body(StatusChangeSchema) },
        responses: { 200: json(s.record, 'Saved'), ...changeErrors },
      }),
      async (c) => {
        const ctx = await contextOf(c, c.req.valid('query').tenant);
        const id = c.req.valid('param').id.toLowerCase();
        const b = c.req.valid('json');
        return c.json(
          await deps.db
            .transaction()
            .execute((trx) => r.setStatus(trx, ctx, id, b.status, b.expected_updated_at)),
          200,
        );
      },
    );

    app.openapi(
      createRoute({
        method: 'post',
        path: `${base}/{id}/duplicate`,
        summary: r.summaries.duplicate,
        request: { params: IdParams, query: TenantQuery },
        responses: { 201: json(s.record, 'The copy'), ...errors },
      }),
      async (c) => {
        const ctx = await contextOf(c, c.req.valid('query').tenant);
        const id = c.req.valid('param').id.toLowerCase();
        return c.json(await deps.db.transaction().execute((trx) => r.duplicate(trx, ctx, id)), 201);
      },
    );

    app.openapi(
      createRoute({
        method: 'get',
        path: `${base}/{id}/preview`,
        summary: r.summaries.preview,
        request: { params: IdParams, query: s.previewQuery },
        responses: { 200: json(s.detail, 'As residents will see it'), ...errors },
      }),
      async (c) => {
        const q = valid<z.output<PreviewQuery>>(c, 'query');
        const ctx = await contextOf(c, q.tenant);
        const id = valid<z.output<typeof IdParams>>(c, 'param').id.toLowerCase();
        return c.json(await r.preview(ctx, id, q), 200);
      },
    );

    app.openapi(
      createRoute({
        method: 'get',
        path: `${base}/{id}/history`,
        summary: r.summaries.history,
        request: { params: IdParams, query: TenantQuery },
        responses: { 200: json(HistorySchema, 'Its audit entries'), ...errors },
      }),
      async (c) => {
        const ctx = await contextOf(c, c.req.valid('query').tenant);
        const id = c.req.valid('param').id.toLowerCase();
        await r.get(ctx, id);
        return c.json(await historyOf(deps.db, ctx.actor, r.entity, id), 200);
      },
    );
  };

  // ---- opportunities ----

  resourceRoutes({
    plural: 'opportunities',
    entity: 'opportunity',
    summaries: {
      list: 'Opportunities the caller may edit, newest change first (admin, editor)',
      get: 'One opportunity as the back office edits it (admin, editor)',
      create: 'Create an opportunity (a draft) (admin, editor for their organisation)',
      patch: 'Edit an opportunity: the fields given, if it has not changed since expected_updated_at',
      status: 'Set the status: draft, pending, published (needs a title and a place or point), archived',
      duplicate: 'Copy an opportunity into a new draft',
      preview: 'The public detail (GET /api/opportunities/{id}) of this opportunity, whatever its status',
      history: 'The changes of one opportunity, newest first, with previous and new values',
    },
    descriptions: { list: 'A page of opportunities', get: 'The opportunity' },
    schemas: {
      listQuery: OpportunityListQuery,
      summary: OpportunitySummarySchema,
      record: OpportunityRecordSchema,
      input: OpportunityInputSchema,
      patch: OpportunityPatchSchema,
      previewQuery: z.object({
        tenant: tenantParam,
        lang: langParam,
        occurrences: intParam('occurrences', 0, 50),
      }),
      detail: OpportunitySchema,
    },
    list: (ctx, q) => listOpportunities(deps.db, ctx, q),
    get: (ctx, id) => getOpportunity(deps.db, ctx, id),
    create: createOpportunity,
    update: updateOpportunity,
    setStatus: setOpportunityStatus,
    duplicate: duplicateOpportunity,
    preview: async (ctx, id, q) => {
      const row = await findOpportunity(deps.db, ctx.tenant.id, id, writableBy(ctx.actor, 'o'));
      if (!row) throw notFound(`No opportunity ${id} that you may edit`);
      return opportunityDetail(
        row,
        ctx.tenant,
        q.lang ?? ctx.tenant.defaultLocale,
        q.occurrences ?? 5,
        ctx.now,
      );
    },
  });

  // ---- places ----

  resourceRoutes({
    plural: 'places',
    entity: 'place',
    summaries: {
      list: 'Places the caller may edit, newest change first (admin, editor)',
      get: 'One place as the back office edits it (admin, editor)',
      create: 'Create a place (a draft) (admin, editor for their organisation)',
      patch: 'Edit a place: the fields given, if it has not changed since expected_updated_at',
      status: 'Set the status of a place: only published places are public',
      duplicate: 'Copy a place into a new draft',
      preview: 'The public detail (GET /api/places/{id}) of this place, whatever its status',
      history: 'The changes of one place, newest first, with previous and new values',
    },
    descriptions: { list: 'A page of places', get: 'The place' },
    schemas: {
      listQuery: PlaceListQuery,
      summary: PlaceSummarySchema,
      record: PlaceRecordSchema,
      input: PlaceInputSchema,
      patch: PlacePatchSchema,
      previewQuery: z.object({ tenant: tenantParam, lang: langParam }),
      detail: PlaceSchema,
    },
    list: (ctx, q) => listPlaces(deps.db, ctx, q),
    get: (ctx, id) => getPlace(deps.db, ctx, id),
    create: createPlace,
    update: updatePlace,
    setStatus: setPlaceStatus,
    duplicate: duplicatePlace,
    preview: async (ctx, id, q) => {
      const row = await findPlace(deps.db, ctx.tenant.id, id, writableBy(ctx.actor, 'p'));
      if (!row) throw notFound(`No place ${id} that you may edit`);
      return placeDetail(deps.db, row, ctx.tenant, q.lang ?? ctx.tenant.defaultLocale);
    },
  });

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
