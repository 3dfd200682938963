import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../http/deps.ts';
import { createRouter, errorResponses, preSerializedJson } from '../http/openapi.ts';
import {
  audienceParam,
  bboxParam,
  categoryParam,
  intParam,
  langParam,
  languageParam,
  tenantParam,
} from '../http/params.ts';
import { featureCollectionText, layerFeatures } from './queries.ts';
import { LAYERS } from './registry.ts';

const FeatureCollectionSchema = z
  .object({
    type: z.literal('FeatureCollection'),
    truncated: z.boolean(),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        id: z.string(),
        geometry: z.unknown(),
        properties: z
          .object({ id: z.string(), name: z.string(), layer: z.string(), kind: z.string() })
          .loose(),
      }),
    ),
  })
  .openapi('FeatureCollection');

export function layerRoutes(deps: AppDeps) {
  const app = createRouter();
  const route = createRoute({
    method: 'get',
    path: '/layers/{layer}',
    summary: 'Features of a layer as GeoJSON, optionally within a bbox',
    request: {
      params: z.object({
        layer: z
          .enum(LAYERS, { message: `layer must be one of ${LAYERS.join(', ')}` })
          .openapi({ param: { name: 'layer', in: 'path' } }),
      }),
      query: z.object({
        bbox: bboxParam,
        limit: intParam('limit', 1, deps.config.LAYER_MAX_LIMIT),
        category: categoryParam,
        audience: audienceParam,
        language: languageParam,
        lang: langParam,
        tenant: tenantParam,
      }),
    },
    responses: {
      200: {
        description: 'GeoJSON FeatureCollection; `truncated` is true when `limit` cut the answer',
        content: { 'application/geo+json': { schema: FeatureCollectionSchema } },
      },
      ...errorResponses,
    },
  });
  app.openapi(route, async (c) => {
    const { layer } = c.req.valid('param');
    const q = c.req.valid('query');
    const tenant = await deps.tenants.resolve(q.tenant);
    const result = await layerFeatures(deps.db, {
      tenantId: tenant.id,
      layer,
      bbox: q.bbox,
      limit: q.limit ?? deps.config.LAYER_DEFAULT_LIMIT,
      lang: q.lang ?? tenant.defaultLocale,
      defaultLang: tenant.defaultLocale,
      categories: q.category,
      audiences: q.audience,
      languages: q.language,
    });
    return preSerializedJson(c, featureCollectionText(result), 'application/geo+json; charset=utf-8', {
      'cache-control': 'public, max-age=60',
    });
  });
  return app;
}
