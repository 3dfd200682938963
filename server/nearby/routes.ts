import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../http/deps.ts';
import { createRouter, errorResponses } from '../http/openapi.ts';
import {
  audienceParam,
  categoryParam,
  intParam,
  langParam,
  languageParam,
  tenantParam,
} from '../http/params.ts';
import { NEARBY_LAYERS, type NearbyLayer, nearby } from './queries.ts';

const NearbyItemSchema = z
  .object({
    id: z.string(),
    layer: z.enum(NEARBY_LAYERS),
    name: z.string(),
    kind: z.string(),
    distance_m: z.number().openapi({ description: 'exact distance in metres on the WGS84 spheroid' }),
    lon: z.number(),
    lat: z.number(),
  })
  .openapi('NearbyItem');

const coord = (name: 'lon' | 'lat', max: number) =>
  z.coerce
    .number({ message: `${name} must be a number` })
    .refine(Number.isFinite, `${name} must be a finite number`)
    .refine((v) => v >= -max && v <= max, `${name} must be between -${max} and ${max}`)
    .openapi({ param: { name, in: 'query', required: true }, type: 'number' });

const layersParam = z
  .string()
  .optional()
  .transform((raw, ctx): NearbyLayer[] | undefined => {
    if (raw === undefined || raw.trim() === '') return undefined;
    const items = [...new Set(raw.split(',').map((s) => s.trim()))];
    const bad = items.filter((i) => !(NEARBY_LAYERS as readonly string[]).includes(i));
    if (bad.length) {
      ctx.addIssue({ code: 'custom', message: `layers must be among ${NEARBY_LAYERS.join(', ')}` });
      return z.NEVER;
    }
    return items as NearbyLayer[];
  })
  .openapi({ param: { name: 'layers', in: 'query' }, type: 'string', example: 'gardens,programs' });

export function nearbyRoutes(deps: AppDeps) {
  const app = createRouter();
  const cfg = deps.config;
  const route = createRoute({
    method: 'get',
    path: '/nearby',
    summary: 'The nearest gardens, parks, centres and programs within a radius, sorted by distance',
    request: {
      query: z.object({
        lon: coord('lon', 180),
        lat: coord('lat', 90),
        radius_m: intParam('radius_m', 1, cfg.NEARBY_MAX_RADIUS_M),
        limit: intParam('limit', 1, cfg.NEARBY_MAX_LIMIT),
        layers: layersParam,
        category: categoryParam,
        audience: audienceParam,
        language: languageParam,
        lang: langParam,
        tenant: tenantParam,
      }),
    },
    responses: {
      200: {
        description: 'Items sorted by straight-line distance (nearest first)',
        content: { 'application/json': { schema: z.array(NearbyItemSchema) } },
      },
      ...errorResponses,
    },
  });
  app.openapi(route, async (c) => {
    const q = c.req.valid('query');
    const tenant = await deps.tenants.resolve(q.tenant);
    const items = await nearby(deps.db, {
      tenantId: tenant.id,
      lon: q.lon,
      lat: q.lat,
      radiusM: q.radius_m ?? cfg.NEARBY_DEFAULT_RADIUS_M,
      limit: q.limit ?? cfg.NEARBY_DEFAULT_LIMIT,
      layers: q.layers ?? [...NEARBY_LAYERS],
      lang: q.lang ?? tenant.defaultLocale,
      defaultLang: tenant.defaultLocale,
      categories: q.category,
      audiences: q.audience,
      languages: q.language,
    });
    c.header('x-distance-method', 'straight-line');
    return c.json(items, 200);
  });
  return app;
}
