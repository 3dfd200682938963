/**
 * Survey campaigns (issue 13): the municipality asks residents of an area, for a period, what is
 * missing, for whom, and whether they would help. Questions have labels in the tenant's languages
 * (server/surveys/schemas.ts); residents answer with POST /api/needs {campaign_id, answers}.
 *
 * - admins: `GET/POST /api/admin/surveys`, `PUT/DELETE /api/admin/surveys/{id}` (DELETE archives:
 *   the answers stay), `GET /api/admin/surveys/{id}/results[?format=csv]` (also planners);
 * - public: `GET /api/surveys?lon=&lat=` (open today, covering the point — or every open one
 *   without a point) and `GET /api/surveys/{id}`.
 */
import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { clockOf } from '../accounts/authenticate.ts';
import { auditActorOf, requireRole } from '../accounts/authorize.ts';
import { inTenant } from '../accounts/scope.ts';
import { recordAudit } from '../audit/record.ts';
import { jsonBodyLimit } from '../http/body-limit.ts';
import type { AppDeps } from '../http/deps.ts';
import { ApiError, badRequest, notFound } from '../http/errors.ts';
import { createRouter, ErrorSchema, errorResponses } from '../http/openapi.ts';
import { langParam, tenantParam, uuidPathParam } from '../http/params.ts';
import { todayIn, tsOf } from '../needs/queries.ts';
import type { Tenant } from '../tenants/queries.ts';
import {
  areaNames,
  type CampaignRow,
  campaignState,
  listCampaigns,
  openCampaignIds,
  publicCampaign,
  resultsCsv,
  surveyResults,
} from './queries.ts';
import { CampaignInput, checkCampaignLanguages, questionShape } from './schemas.ts';

const CampaignBody = CampaignInput.openapi('SurveyCampaignInput');
const CampaignUpdate = z
  .object({
    campaign: CampaignInput,
    expected_updated_at: z
      .string({ message: 'expected_updated_at must be the updated_at the campaign was read with' })
      .max(40, 'expected_updated_at must be a timestamp')
      .refine((v) => !Number.isNaN(Date.parse(v)), 'expected_updated_at must be a timestamp'),
  })
  .strict()
  .openapi('SurveyCampaignUpdate');

const Localized = z.record(z.string(), z.string());
const AdminCampaign = z
  .object({
    id: z.string(),
    title: Localized,
    intro: Localized,
    area_ids: z.array(z.string()),
    opens_on: z.string(),
    closes_on: z.string(),
    questions: z.array(z.unknown()),
    created_at: z.string(),
    updated_at: z.string(),
    archived_at: z.string().nullable(),
    answers: z.number(),
    state: z.enum(['upcoming', 'open', 'closed', 'archived']),
  })
  .openapi('SurveyCampaign');
const PublicQuestion = z.object({
  key: z.string(),
  kind: z.string(),
  label: z.string(),
  options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
});
const PublicCampaign = z
  .object({
    id: z.string(),
    title: z.string(),
    intro: z.string(),
    opens_on: z.string(),
    closes_on: z.string(),
    open: z.boolean(),
    whole_town: z.boolean(),
    areas: z.array(z.object({ id: z.string(), name: z.string() })),
    questions: z.array(PublicQuestion),
  })
  .openapi('PublicSurveyCampaign');
const Results = z
  .object({
    campaign: z.object({ id: z.string(), title: z.string(), opens_on: z.string(), closes_on: z.string() }),
    total: z.number(),
    areas: z.array(z.object({ id: z.string().nullable(), name: z.string(), total: z.number() })),
    would_help: z.object({ yes: z.number(), no: z.number() }),
    questions: z.array(
      z.object({
        key: z.string(),
        kind: z.string(),
        label: z.string(),
        answered: z.number(),
        counts: z.array(
          z.object({
            value: z.string(),
            label: z.string(),
            count: z.number(),
            by_area: z.record(z.string(), z.number()),
          }),
        ),
      }),
    ),
  })
  .openapi('SurveyResults');

const adminErrors = {
  ...errorResponses,
  401: { description: 'Not signed in', content: { 'application/json': { schema: ErrorSchema } } },
  403: {
    description: 'Not an admin of the tenant',
    content: { 'application/json': { schema: ErrorSchema } },
  },
} as const;

const lonParam = z.coerce
  .number({ message: 'lon must be a number' })
  .min(-180, 'lon must be -180 to 180')
  .max(180, 'lon must be -180 to 180')
  .optional()
  .openapi({ param: { name: 'lon', in: 'query' }, type: 'number' });
const latParam = z.coerce
  .number({ message: 'lat must be a number' })
  .min(-85, 'lat must be -85 to 85')
  .max(85, 'lat must be -85 to 85')
  .optional()
  .openapi({ param: { name: 'lat', in: 'query' }, type: 'number' });

export function surveyRoutes(deps: AppDeps) {
  const app = createRouter();
  const now = clockOf(deps);
  app.use('/admin/surveys', jsonBodyLimit(deps.config.ADMIN_JSON_MAX_BODY_BYTES));
  app.use('/admin/surveys/*', jsonBodyLimit(deps.config.ADMIN_JSON_MAX_BODY_BYTES));

  const adminView = (c: CampaignRow, today: string) => ({ ...c, state: campaignState(c, today) });

  /** the campaign's input checked against the tenant: its languages, its areas */
  async function checkInput(tenant: Tenant, input: CampaignInput) {
    checkCampaignLanguages(input, tenant.locales, tenant.defaultLocale);
    const ids = [...new Set(input.area_ids)];
    if (ids.length) {
      const found = await deps.db
        .selectFrom('area')
        .select('id')
        .where('tenant_id', '=', tenant.id)
        .where('id', 'in', ids)
        .execute();
      const missing = ids.filter((i) => !found.some((f) => f.id === i));
      if (missing.length) throw badRequest(`area_ids: no area ${missing.join(', ')} in this town`);
    }
    return { ...input, area_ids: ids };
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/surveys',
      summary: "The tenant's survey campaigns, with their number of confirmed answers (admin, planner)",
      request: { query: z.object({ tenant: tenantParam }) },
      responses: {
        200: {
          description: 'Campaigns',
          content: { 'application/json': { schema: z.object({ items: z.array(AdminCampaign) }) } },
        },
        ...adminErrors,
      },
    }),
    async (c) => {
      const tenant = await deps.tenants.resolve(c.req.valid('query').tenant);
      await requireRole(c, deps, tenant, ['admin', 'planner']);
      const today = todayIn(tenant.timezone, now());
      c.header('cache-control', 'no-store');
      return c.json(
        { items: (await listCampaigns(deps.db, tenant.id)).map((x) => adminView(x, today)) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/admin/surveys',
      summary: 'Create a survey campaign (admin)',
      request: {
        query: z.object({ tenant: tenantParam }),
        body: { required: true, content: { 'application/json': { schema: CampaignBody } } },
      },
      responses: {
        201: { description: 'Created', content: { 'application/json': { schema: AdminCampaign } } },
        ...adminErrors,
      },
    }),
    async (c) => {
      const tenant = await deps.tenants.resolve(c.req.valid('query').tenant);
      const actor = await requireRole(c, deps, tenant, ['admin']);
      const input = await checkInput(tenant, c.req.valid('json'));
      const id = randomUUID();
      const at = new Date(now());
      await deps.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('survey_campaign')
          .values({
            id,
            tenant_id: tenant.id,
            title: JSON.stringify(input.title),
            intro: JSON.stringify(input.intro ?? {}),
            area_ids: input.area_ids,
            opens_on: input.opens_on,
            closes_on: input.closes_on,
            questions: JSON.stringify(input.questions),
            created_by: actor.accountId,
            created_at: tsOf(at),
            updated_at: tsOf(at),
            archived_at: null,
          })
          .execute();
        await recordAudit(trx, {
          tenantId: tenant.id,
          actor: auditActorOf(actor),
          action: 'survey.create',
          entity: { type: 'survey_campaign', id },
          previous: null,
          next: { ...input },
          summary: `Survey campaign created (${input.opens_on} – ${input.closes_on})`,
          at,
        });
      });
      const [row] = await listCampaigns(deps.db, tenant.id, id);
      return c.json(adminView(row as CampaignRow, todayIn(tenant.timezone, now())), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/admin/surveys/{id}',
      summary:
        "Change a survey campaign (admin); once it has answers, its questions' keys, kinds and options stay (labels may change)",
      request: {
        params: z.object({ id: uuidPathParam('id') }),
        query: z.object({ tenant: tenantParam }),
        body: { required: true, content: { 'application/json': { schema: CampaignUpdate } } },
      },
      responses: {
        200: { description: 'Saved', content: { 'application/json': { schema: AdminCampaign } } },
        ...adminErrors,
        409: {
          description: 'Changed since it was read (stale), or questions of answered campaign (has_answers)',
          content: { 'application/json': { schema: ErrorSchema } },
        },
      },
    }),
    async (c) => {
      const tenant = await deps.tenants.resolve(c.req.valid('query').tenant);
      const actor = await requireRole(c, deps, tenant, ['admin']);
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const input = await checkInput(tenant, body.campaign);
      const at = new Date(now());
      await deps.db.transaction().execute(async (trx) => {
        await sql`SELECT id FROM survey_campaign WHERE id = ${id}::uuid AND tenant_id = ${tenant.id} FOR UPDATE`.execute(
          trx,
        );
        const [before] = await listCampaigns(trx, tenant.id, id);
        if (!before) throw notFound(`No survey campaign ${id} in this town`);
        if (new Date(before.updated_at).getTime() !== new Date(body.expected_updated_at).getTime())
          throw new ApiError(
            409,
            'stale',
            'The campaign was changed since you read it: reload it and make your change again',
          );
        if (before.answers > 0 && questionShape(before.questions) !== questionShape(input.questions))
          throw new ApiError(
            409,
            'has_answers',
            `The campaign has ${before.answers} answers: its questions' keys, kinds and options cannot change any more (labels can)`,
          );
        await trx
          .updateTable('survey_campaign')
          .set({
            title: JSON.stringify(input.title),
            intro: JSON.stringify(input.intro ?? {}),
            area_ids: input.area_ids,
            opens_on: input.opens_on,
            closes_on: input.closes_on,
            questions: JSON.stringify(input.questions),
            updated_at: tsOf(at),
          })
          .where('id', '=', id)
          .where(inTenant(actor))
          .execute();
        const { answers: _a, created_at: _c, updated_at: _u, archived_at: _r, ...prev } = before;
        await recordAudit(trx, {
          tenantId: tenant.id,
          actor: auditActorOf(actor),
          action: 'survey.update',
          entity: { type: 'survey_campaign', id },
          previous: { ...prev },
          next: { id, ...input },
          summary: 'Survey campaign changed',
          at,
        });
      });
      const [row] = await listCampaigns(deps.db, tenant.id, id);
      return c.json(adminView(row as CampaignRow, todayIn(tenant.timezone, now())), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/admin/surveys/{id}',
      summary: 'Archive a survey campaign (admin): it closes to residents, its answers and results stay',
      request: { params: z.object({ id: uuidPathParam('id') }), query: z.object({ tenant: tenantParam }) },
      responses: { 204: { description: 'Archived (or archived already)' }, ...adminErrors },
    }),
    async (c) => {
      const tenant = await deps.tenants.resolve(c.req.valid('query').tenant);
      const actor = await requireRole(c, deps, tenant, ['admin']);
      const { id } = c.req.valid('param');
      const at = new Date(now());
      await deps.db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('survey_campaign')
          .select(['archived_at'])
          .where('id', '=', id)
          .where(inTenant(actor))
          .forUpdate()
          .executeTakeFirst();
        if (!before) throw notFound(`No survey campaign ${id} in this town`);
        if (before.archived_at) return;
        await trx
          .updateTable('survey_campaign')
          .set({ archived_at: at, updated_at: tsOf(at) })
          .where('id', '=', id)
          .where(inTenant(actor))
          .execute();
        await recordAudit(trx, {
          tenantId: tenant.id,
          actor: auditActorOf(actor),
          action: 'survey.archive',
          entity: { type: 'survey_campaign', id },
          previous: { archived_at: null },
          next: { archived_at: at.toISOString() },
          summary: 'Survey campaign archived',
          at,
        });
      });
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/surveys/{id}/results',
      summary:
        "A campaign's results: confirmed answers counted per answer and per neighbourhood (admin, planner); format=csv for a spreadsheet",
      request: {
        params: z.object({ id: uuidPathParam('id') }),
        query: z.object({
          tenant: tenantParam,
          lang: langParam,
          format: z.enum(['json', 'csv'], { message: 'format must be json or csv' }).optional(),
        }),
      },
      responses: {
        200: {
          description: 'Results',
          content: { 'application/json': { schema: Results }, 'text/csv': { schema: z.string() } },
        },
        ...adminErrors,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const tenant = await deps.tenants.resolve(q.tenant);
      await requireRole(c, deps, tenant, ['admin', 'planner']);
      const { id } = c.req.valid('param');
      const [camp] = await listCampaigns(deps.db, tenant.id, id);
      if (!camp) throw notFound(`No survey campaign ${id} in this town`);
      const lang = q.lang ?? tenant.defaultLocale;
      const results = await surveyResults(deps.db, tenant.id, camp, lang, tenant.defaultLocale);
      c.header('cache-control', 'no-store');
      if (q.format === 'csv')
        return c.body(resultsCsv(results, 'outside every neighbourhood'), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="survey-${id}.csv"`,
        }) as never;
      return c.json(results, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/surveys',
      summary: 'Survey campaigns open today: for a point (lon, lat) those covering it, else every open one',
      request: { query: z.object({ lon: lonParam, lat: latParam, lang: langParam, tenant: tenantParam }) },
      responses: {
        200: {
          description: 'Open campaigns',
          content: { 'application/json': { schema: z.object({ items: z.array(PublicCampaign) }) } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      if ((q.lon === undefined) !== (q.lat === undefined))
        throw badRequest('lon and lat go together: give both or neither');
      const tenant = await deps.tenants.resolve(q.tenant);
      const lang = q.lang ?? tenant.defaultLocale;
      const today = todayIn(tenant.timezone, now());
      const point = q.lon !== undefined && q.lat !== undefined ? { lon: q.lon, lat: q.lat } : null;
      const ids = await openCampaignIds(deps.db, tenant.id, today, point);
      const all = (await listCampaigns(deps.db, tenant.id)).filter((x) => ids.includes(x.id));
      const names = await areaNames(deps.db, tenant.id, [...new Set(all.flatMap((x) => x.area_ids))], lang);
      c.header('cache-control', 'public, max-age=60');
      return c.json(
        { items: all.map((x) => publicCampaign(x, lang, tenant.defaultLocale, today, names)) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/surveys/{id}',
      summary:
        'A survey campaign with its questions in a language (`open` tells whether it takes answers today)',
      request: {
        params: z.object({ id: uuidPathParam('id') }),
        query: z.object({ lang: langParam, tenant: tenantParam }),
      },
      responses: {
        200: { description: 'The campaign', content: { 'application/json': { schema: PublicCampaign } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const tenant = await deps.tenants.resolve(q.tenant);
      const [camp] = await listCampaigns(deps.db, tenant.id, c.req.valid('param').id);
      if (!camp || camp.archived_at) throw notFound('No survey campaign has this id');
      const lang = q.lang ?? tenant.defaultLocale;
      const names = await areaNames(deps.db, tenant.id, camp.area_ids, lang);
      c.header('cache-control', 'public, max-age=60');
      return c.json(
        publicCampaign(camp, lang, tenant.defaultLocale, todayIn(tenant.timezone, now()), names),
        200,
      );
    },
  );
  return app;
}
