/**
 * Reach's API: the participation counts import and its batches (admins and planners), the reach
 * figures per neighbourhood and audience (public, as the planner's other figures), and the
 * "unreached" map layer.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { AUDIENCE_CODES } from '../../data/town-format.ts';
import { auditActorOf, requireRole } from '../accounts/authorize.ts';
import { toCsv } from '../analytics/csv.ts';
import type { AppDeps } from '../http/deps.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { createRouter, errorResponses } from '../http/openapi.ts';
import { langParam, tenantParam } from '../http/params.ts';
import { reachFigures, unreached } from './figures.ts';
import { BATCH_RE, deleteBatch, importParticipation, listBatches, MEASURES } from './import.ts';

const Answer = z.record(z.string(), z.unknown());
const batchText = (where: string) =>
  z
    .string()
    .regex(
      BATCH_RE,
      `${where} must be 1–100 letters, digits, spaces, dots, hyphens or underscores, starting with a letter or digit`,
    );
const flag = z
  .enum(['true', 'false', '1', '0'], { message: 'dry_run must be true or false' })
  .transform((v) => v === 'true' || v === '1')
  .optional();
const dateParam = (name: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${name} must be a date YYYY-MM-DD`)
    .refine(
      (s) =>
        !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
      {
        message: `${name} must be a real date`,
      },
    )
    .optional()
    .openapi({ param: { name, in: 'query' }, example: '2026-01-01' });

const reachShape = {
  tenant: tenantParam,
  audience: z
    .enum(AUDIENCE_CODES, { message: `audience must be one of ${AUDIENCE_CODES.join(', ')}` })
    .optional()
    .openapi({ param: { name: 'audience', in: 'query' } }),
  measure: z
    .enum(MEASURES, { message: `measure must be one of ${MEASURES.join(', ')}` })
    .optional()
    .openapi({ param: { name: 'measure', in: 'query' } }),
  from: dateParam('from'),
  to: dateParam('to'),
  lang: langParam,
};
const fromBeforeTo: [
  (q: { from?: string | undefined; to?: string | undefined }) => boolean,
  { message: string; path: string[] },
] = [(q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['to'] }];
const ReachQuery = z.object(reachShape).refine(...fromBeforeTo);

export function reachRoutes(deps: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/admin/participation/import',
      summary:
        'Import participation counts (CSV: programme, period_start, period_end, measure, count, home_neighbourhood?, age_band?, audience?): all or nothing; the batch replaces one of the same name',
      request: {
        query: z.object({
          tenant: tenantParam,
          batch: batchText('batch')
            .optional()
            .openapi({ param: { name: 'batch', in: 'query' } }),
          dry_run: flag.openapi({ param: { name: 'dry_run', in: 'query' } }),
        }),
        body: {
          required: false,
          content: {
            'text/csv': { schema: z.string() },
            'application/json': {
              schema: z.object({
                batch: batchText('batch'),
                csv: z.string().min(1, 'csv must not be empty').max(50_000_000),
                dry_run: z.boolean().optional(),
              }),
            },
          },
        },
      },
      responses: {
        200: { description: 'The import report', content: { 'application/json': { schema: Answer } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const tenant = await deps.tenants.resolve(q.tenant);
      const actor = await requireRole(c, deps, tenant, ['admin', 'planner']);
      const type = (c.req.header('content-type') ?? '').toLowerCase();
      let batch = q.batch;
      let text: string;
      let dryRun = q.dry_run ?? false;
      if (type.includes('json')) {
        const body = c.req.valid('json') as { batch?: string; csv?: string; dry_run?: boolean };
        if (!body.csv || !body.batch) throw badRequest('a JSON body needs batch and csv');
        if (q.batch && q.batch !== body.batch)
          throw badRequest('batch differs between the address and the body');
        batch = body.batch;
        text = body.csv;
        dryRun = body.dry_run ?? dryRun;
      } else if (type.startsWith('text/csv')) {
        text = await c.req.text();
      } else {
        throw badRequest(
          'Send the CSV as the body (content type text/csv, with ?batch=) or as JSON {batch, csv}',
        );
      }
      if (!batch)
        throw badRequest(
          'batch: a batch name is needed (?batch=…): importing the same name again replaces it',
        );
      if (!text.trim()) throw badRequest('The file is empty: a header line and at least one row are needed');
      const report = await importParticipation(deps.db, tenant.id, {
        batch,
        text,
        dryRun,
        actor: auditActorOf(actor),
      });
      return c.json(report as unknown as Record<string, unknown>, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/participation/batches',
      summary: 'The imported batches of participation counts (admin or planner)',
      request: { query: z.object({ tenant: tenantParam }) },
      responses: {
        200: { description: 'Batches', content: { 'application/json': { schema: Answer } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const tenant = await deps.tenants.resolve(c.req.valid('query').tenant);
      await requireRole(c, deps, tenant, ['admin', 'planner']);
      return c.json({ items: await listBatches(deps.db, tenant.id) } as Record<string, unknown>, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/admin/participation/batches/{batch}',
      summary: 'Delete one batch of participation counts (admin or planner)',
      request: {
        params: z.object({ batch: batchText('batch').openapi({ param: { name: 'batch', in: 'path' } }) }),
        query: z.object({ tenant: tenantParam }),
      },
      responses: {
        200: { description: 'Deleted', content: { 'application/json': { schema: Answer } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { batch } = c.req.valid('param');
      const tenant = await deps.tenants.resolve(c.req.valid('query').tenant);
      const actor = await requireRole(c, deps, tenant, ['admin', 'planner']);
      const deleted = await deleteBatch(deps.db, tenant.id, batch, auditActorOf(actor));
      if (!deleted) throw notFound(`No participation batch "${batch}"`);
      return c.json({ batch, deleted }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/planner/reach',
      summary:
        "Reach per neighbourhood: an audience's participants (imported counts) against its residents, ranked from the lowest; the town's figure; published proposals, needs and supports per neighbourhood",
      request: { query: ReachQuery },
      responses: {
        200: { description: 'Reach figures', content: { 'application/json': { schema: Answer } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const tenant = await deps.tenants.resolve(q.tenant);
      const answer = await reachFigures(deps.db, tenant.id, {
        audience: q.audience ?? 'everyone',
        ...(q.measure ? { measure: q.measure } : {}),
        ...(q.from ? { from: q.from } : {}),
        ...(q.to ? { to: q.to } : {}),
        lang: q.lang ?? tenant.defaultLocale,
      });
      return c.json(answer as unknown as Record<string, unknown>, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/planner/reach.csv',
      summary: 'Reach per neighbourhood as CSV (the same parameters and figures as /planner/reach)',
      request: { query: ReachQuery },
      responses: {
        200: {
          description: 'CSV, one row per neighbourhood',
          content: { 'text/csv': { schema: z.string() } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const tenant = await deps.tenants.resolve(q.tenant);
      const a = await reachFigures(deps.db, tenant.id, {
        audience: q.audience ?? 'everyone',
        ...(q.measure ? { measure: q.measure } : {}),
        ...(q.from ? { from: q.from } : {}),
        ...(q.to ? { to: q.to } : {}),
        lang: q.lang ?? tenant.defaultLocale,
      });
      const rows = a.neighbourhoods.map((r) => ({
        rank: r.rank,
        neighbourhood: r.name,
        audience: a.audience,
        measure: a.measure,
        from: a.from,
        to: a.to,
        participants: r.participants,
        audience_population: r.audience_population,
        reach: r.reach,
        not_reached: r.not_reached,
        population: r.population,
        proposals: r.proposals,
        needs: r.needs,
        supports: r.supports,
        town_reach: a.town.reach,
        id: r.id,
      }));
      return c.body(toCsv(rows), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="reach-${a.audience}-${a.measure}.csv"`,
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/layers/unreached',
      summary:
        "The neighbourhoods where an audience's reach is lowest (the lowest fifth, or `bottom` of them), with its residents not reached",
      request: {
        query: z
          .object({
            ...reachShape,
            bottom: z.coerce
              .number({ message: 'bottom must be a number' })
              .int('bottom must be a whole number')
              .min(1, 'bottom must be at least 1')
              .max(1000, 'bottom must be at most 1000')
              .optional()
              .openapi({ param: { name: 'bottom', in: 'query' }, type: 'integer' }),
          })
          .refine(...fromBeforeTo),
      },
      responses: {
        200: { description: 'FeatureCollection', content: { 'application/geo+json': { schema: Answer } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const tenant = await deps.tenants.resolve(q.tenant);
      const answer = await reachFigures(deps.db, tenant.id, {
        audience: q.audience ?? 'everyone',
        ...(q.measure ? { measure: q.measure } : {}),
        ...(q.from ? { from: q.from } : {}),
        ...(q.to ? { to: q.to } : {}),
        lang: q.lang ?? tenant.defaultLocale,
      });
      // without any count of the audience (measure, period) nobody can be said to be unreached: no feature
      const rows = answer.rows ? unreached(answer, q.bottom) : [];
      const geoms = rows.length
        ? await deps.db
            .selectFrom('area')
            .select(['id', (eb) => eb.fn<string>('ST_AsGeoJSON', [eb.ref('geom'), eb.lit(6)]).as('g')])
            .where('tenant_id', '=', tenant.id)
            .where(
              'id',
              'in',
              rows.map((r) => r.id),
            )
            .execute()
        : [];
      const geom = new Map(geoms.map((g) => [g.id, JSON.parse(g.g) as unknown]));
      return c.json(
        {
          type: 'FeatureCollection',
          metadata: {
            audience: answer.audience,
            measure: answer.measure,
            from: answer.from,
            to: answer.to,
            town_reach: answer.town.reach,
            rows: answer.rows,
            ...(answer.rows ? {} : { note: 'No participation counts of this audience, measure and period' }),
          },
          features: rows.map((r) => ({
            type: 'Feature',
            id: r.id,
            geometry: geom.get(r.id) ?? null,
            properties: {
              id: r.id,
              name: r.name,
              audience: answer.audience,
              measure: answer.measure,
              reach: r.reach,
              rank: r.rank,
              participants: r.participants,
              audience_population: r.audience_population,
              not_reached: r.not_reached,
              town_reach: answer.town.reach,
            },
          })),
        } as Record<string, unknown>,
        200,
        { 'content-type': 'application/geo+json' },
      );
    },
  );

  return app;
}
