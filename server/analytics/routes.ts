/**
 * The planner's API: access metrics and the underserved index per neighbourhood (JSON, CSV,
 * GeoJSON), one neighbourhood's profile, the what-if of a new site, the sets one can measure, and
 * the admin's "recompute now".
 */
import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { AUDIENCE_CODES } from '../../data/town-format.ts';
import { requireRole } from '../accounts/authorize.ts';
import { jsonBodyLimit } from '../http/body-limit.ts';
import type { AppDeps } from '../http/deps.ts';
import { createRouter, errorResponses, preSerializedJson } from '../http/openapi.ts';
import { langParam, tenantParam, uuidPathParam } from '../http/params.ts';
import { toCsv } from './csv.ts';
import { AUDIENCES, type MetricsAnswer, measureMeta, neighbourhoodMetrics } from './metrics.ts';
import { neighbourhoodProfile } from './profile.ts';
import { recomputeAccess } from './recompute.ts';
import { parseSetKey, SET_LAYERS, setKey, standardSets } from './sets.ts';
import { DEFAULT_WEIGHTS, FORMULA, PRIORITY_CLASSES } from './underserved.ts';
import { whatIf } from './what-if.ts';

const setParam = z
  .string()
  .max(120)
  .optional()
  .openapi({
    param: { name: 'set', in: 'query' },
    example: 'programs:audience=seniors',
    description: `a layer (${SET_LAYERS.join(', ')}) or programs:audience=…,category=…,language=…`,
  });
const audienceParam = z
  .enum(AUDIENCE_CODES, { message: `audience must be one of ${AUDIENCE_CODES.join(', ')}` })
  .optional()
  .openapi({ param: { name: 'audience', in: 'query' } });
const minutesParam = z.coerce
  .number({ message: 'minutes must be a number' })
  .positive('minutes must be more than 0')
  .max(40, 'minutes must be at most 40')
  .optional()
  .openapi({ param: { name: 'minutes', in: 'query' }, example: 10 });
const weightParam = (name: string) =>
  z.coerce
    .number({ message: `${name} must be a number` })
    .min(0, `${name} must be at least 0`)
    .max(10, `${name} must be at most 10`)
    .optional()
    .openapi({ param: { name, in: 'query' } });

const MetricsQuery = z.object({
  set: setParam,
  audience: audienceParam,
  minutes: minutesParam,
  w_gap: weightParam('w_gap'),
  w_density: weightParam('w_density'),
  w_vulnerability: weightParam('w_vulnerability'),
  tenant: tenantParam,
  lang: langParam,
});
type MetricsQueryT = z.infer<typeof MetricsQuery>;

const Position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)], {
  message: 'a position is [longitude, latitude]',
});
const Ring = z
  .array(Position)
  .min(4, 'a ring needs at least 4 positions')
  .refine(
    (r) => r[0]?.[0] === r[r.length - 1]?.[0] && r[0]?.[1] === r[r.length - 1]?.[1],
    'a ring must end where it starts',
  );
const Geometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Point'), coordinates: Position }),
  z.object({ type: z.literal('Polygon'), coordinates: z.array(Ring).min(1).max(50) }),
  z.object({
    type: z.literal('MultiPolygon'),
    coordinates: z.array(z.array(Ring).min(1).max(50)).min(1).max(50),
  }),
]);

/** positions in a GeoJSON geometry's coordinates, counted without building anything; stops past `max` */
export function countPositions(coords: unknown, max: number): number {
  let n = 0;
  const walk = (v: unknown): void => {
    if (n > max || !Array.isArray(v)) return;
    if (v.length > 0 && typeof v[0] === 'number') {
      n += 1;
      return;
    }
    for (const item of v) {
      walk(item);
      if (n > max) return;
    }
  };
  walk(coords);
  return n;
}

/** the what-if's geometry, refused before it is parsed when it has more than `maxVertices` positions */
function siteGeometry(maxVertices: number) {
  return z.preprocess((g, ctx) => {
    const coords = (g as { coordinates?: unknown } | null)?.coordinates;
    if (countPositions(coords, maxVertices) > maxVertices) {
      ctx.addIssue({
        code: 'custom',
        message: `a site may have at most ${maxVertices} vertices`,
        input: g,
      });
      return z.NEVER;
    }
    return g;
  }, Geometry);
}

const Answer = z.record(z.string(), z.unknown());

async function metricsFor(deps: AppDeps, q: MetricsQueryT): Promise<MetricsAnswer> {
  const tenant = await deps.tenants.resolve(q.tenant);
  return neighbourhoodMetrics(deps.db, tenant.id, {
    set: parseSetKey(q.set ?? 'parks'),
    audience: q.audience ?? 'everyone',
    minutes: q.minutes ?? 10,
    weights: {
      gap: q.w_gap ?? DEFAULT_WEIGHTS.gap,
      density: q.w_density ?? DEFAULT_WEIGHTS.density,
      vulnerability: q.w_vulnerability ?? DEFAULT_WEIGHTS.vulnerability,
    },
    lang: q.lang ?? tenant.defaultLocale,
  });
}

/** the table as CSV rows: one per neighbourhood, the index's parts as columns */
function tableRows(m: MetricsAnswer) {
  return m.neighbourhoods.map((r) => ({
    rank: r.rank,
    neighbourhood: r.name,
    priority: r.priority,
    score: r.score,
    population: r.population,
    audience: m.audience,
    audience_population: r.audience_population,
    within_reach: r.within,
    beyond_reach: r.beyond,
    share_within: r.share,
    sites: r.sites,
    sites_per_1000: r.sites_per_1000,
    park_ha: r.park_ha,
    park_ha_per_1000: r.park_ha_per_1000,
    centre_distance_m: r.centre_distance_m,
    density_per_km2: r.density_per_km2,
    seniors_share: r.seniors_share,
    low_income_share: r.low_income_share,
    degraded_share: r.degraded_share,
    gap: r.components.gap,
    density_index: r.components.density,
    vulnerability_index: r.components.vulnerability,
    population_source: r.population_source,
    set: m.set,
    minutes: m.minutes,
    threshold_m: m.threshold_m,
    method: m.method,
    id: r.id,
  }));
}

export function plannerRoutes(deps: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/planner/sets',
      summary:
        'What access can be measured to, the audiences with their walking speeds, and when it was computed',
      request: { query: z.object({ tenant: tenantParam }) },
      responses: {
        200: { description: 'Sets and audiences', content: { 'application/json': { schema: Answer } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const tenant = await deps.tenants.resolve(c.req.valid('query').tenant);
      const state = await deps.db
        .selectFrom('access_state')
        .select(['computed_at', 'cell_m', 'cap_m', 'walk_network', 'sample_count', 'duration_ms'])
        .where('tenant_id', '=', tenant.id)
        .executeTakeFirst();
      return c.json(
        {
          layers: SET_LAYERS,
          standard: standardSets().map(setKey),
          audiences: AUDIENCES,
          priority_classes: PRIORITY_CLASSES,
          default_weights: DEFAULT_WEIGHTS,
          formula: FORMULA,
          state: state ? { ...state, computed_at: new Date(state.computed_at).toISOString() } : null,
        } as Record<string, unknown>,
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/planner/neighbourhoods',
      summary: 'Access metrics and the underserved index per neighbourhood, ranked',
      request: { query: MetricsQuery },
      responses: {
        200: {
          description: 'Ranked neighbourhoods with the method, notes and formula',
          content: { 'application/json': { schema: Answer } },
        },
        ...errorResponses,
      },
    }),
    async (c) =>
      c.json((await metricsFor(deps, c.req.valid('query'))) as unknown as Record<string, unknown>, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/planner/neighbourhoods.csv',
      summary: 'The ranked table as CSV',
      request: { query: MetricsQuery },
      responses: {
        200: {
          description: 'CSV, one row per neighbourhood',
          content: { 'text/csv': { schema: z.string() } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const m = await metricsFor(deps, c.req.valid('query'));
      const name = `access-${m.set.replace(/[^a-z0-9]+/gi, '-')}-${m.audience}-${m.minutes}min.csv`;
      return c.body(toCsv(tableRows(m)), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${name}"`,
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/planner/neighbourhoods.geojson',
      summary: 'The ranked table as GeoJSON: each neighbourhood with its metrics',
      request: { query: MetricsQuery },
      responses: {
        200: { description: 'FeatureCollection', content: { 'application/geo+json': { schema: Answer } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const m = await metricsFor(deps, q);
      const tenant = await deps.tenants.resolve(q.tenant);
      const { rows } = await sql<{ id: string; g: string }>`
        SELECT id, ST_AsGeoJSON(geom, 6) AS g FROM area WHERE tenant_id = ${tenant.id} AND kind = 'neighbourhood'`.execute(
        deps.db,
      );
      const geom = new Map(rows.map((r) => [r.id, r.g]));
      const props = new Map(tableRows(m).map((r) => [r.id, r]));
      const features = m.neighbourhoods.map(
        (r) =>
          `{"type":"Feature","id":${JSON.stringify(r.id)},"geometry":${geom.get(r.id) ?? 'null'},"properties":${JSON.stringify(props.get(r.id))}}`,
      );
      const meta = JSON.stringify(measureMeta(m));
      const name = `access-${m.set.replace(/[^a-z0-9]+/gi, '-')}-${m.audience}-${m.minutes}min.geojson`;
      return preSerializedJson(
        c,
        `{"type":"FeatureCollection","metadata":${meta},"features":[${features.join(',')}]}`,
        'application/geo+json',
        {
          'content-disposition': `attachment; filename="${name}"`,
        },
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/planner/neighbourhoods/{id}',
      summary: "One neighbourhood's profile: population by age, its sites, access per audience and per layer",
      request: { params: z.object({ id: uuidPathParam('id') }), query: MetricsQuery },
      responses: {
        200: { description: 'Profile', content: { 'application/json': { schema: Answer } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      const m = await metricsFor(deps, q);
      const tenant = await deps.tenants.resolve(q.tenant);
      const profile = await neighbourhoodProfile(deps.db, tenant.id, m, id);
      return c.json(profile as unknown as Record<string, unknown>, 200);
    },
  );

  // the body is refused by its size before it is read: a site is a few kilobytes
  app.use('/planner/what-if', jsonBodyLimit(deps.config.WHAT_IF_MAX_BODY_BYTES));
  app.openapi(
    createRoute({
      method: 'post',
      path: '/planner/what-if',
      summary:
        'Residents a hypothetical new site (point or polygon) would newly bring within reach, per neighbourhood and audience',
      request: {
        query: z.object({ tenant: tenantParam, lang: langParam }),
        body: {
          content: {
            'application/json': {
              schema: z.object({
                set: z.string().max(120).optional(),
                minutes: z
                  .number({ message: 'minutes must be a number' })
                  .positive('minutes must be more than 0')
                  .max(40, 'minutes must be at most 40')
                  .optional(),
                geometry: siteGeometry(deps.config.WHAT_IF_MAX_VERTICES),
              }),
            },
          },
          required: true,
        },
      },
      responses: {
        200: { description: 'Newly within reach', content: { 'application/json': { schema: Answer } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const body = c.req.valid('json');
      const tenant = await deps.tenants.resolve(q.tenant);
      const answer = await whatIf(deps.db, tenant.id, {
        set: parseSetKey(body.set ?? 'parks'),
        minutes: body.minutes ?? 10,
        geometry: body.geometry as GeoJSON.Point | GeoJSON.Polygon | GeoJSON.MultiPolygon,
        lang: q.lang ?? tenant.defaultLocale,
        timeoutMs: deps.config.WHAT_IF_TIMEOUT_MS,
      });
      return c.json(answer as unknown as Record<string, unknown>, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/admin/analytics/recompute',
      summary: 'Recompute the stored access results now (admin or planner)',
      request: { query: z.object({ tenant: tenantParam }) },
      responses: {
        200: { description: 'Done', content: { 'application/json': { schema: Answer } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const tenant = await deps.tenants.resolve(c.req.valid('query').tenant);
      await requireRole(c, deps, tenant, ['admin', 'planner']);
      const started = Date.now();
      const ctx = await recomputeAccess(deps.db, tenant.id);
      return c.json(
        {
          tenant: tenant.slug,
          samples: ctx.samples.length,
          walk_network: ctx.network !== null,
          duration_ms: Date.now() - started,
        },
        200,
      );
    },
  );

  return app;
}
