/**
 * The offline basemap: a MapLibre style drawn from the tenant's own data, and the GeoJSON of its
 * streets and water. Nothing here needs the internet.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { AppDeps } from '../http/deps.ts';
import { createRouter, errorResponses, preSerializedJson } from '../http/openapi.ts';
import { tenantParam } from '../http/params.ts';
import { requestBase } from '../tenants/links.ts';
import { pickText } from '../tenants/queries.ts';
import { buildBasemapStyle } from './style.ts';

const KINDS = { 'streets.geojson': 'street', 'water.geojson': 'water' } as const;

export function basemapRoutes(deps: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/basemap/style.json',
      summary: 'MapLibre style of the offline basemap',
      request: { query: z.object({ tenant: tenantParam }) },
      responses: {
        200: { description: 'MapLibre style (v8)', content: { 'application/json': { schema: z.unknown() } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const tenant = await deps.tenants.resolve(q.tenant);
      const origin = await requestBase(deps.tenants, deps.config, c); // never an unchecked Host header
      const style = buildBasemapStyle({
        origin,
        tenant: {
          name: pickText(tenant.name, tenant.defaultLocale, tenant.defaultLocale).text,
          home: tenant.home,
          bbox: tenant.bbox ?? [-180, -85, 180, 85],
        },
      });
      c.header('cache-control', 'public, max-age=300');
      return c.json(style as unknown, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/basemap/{file}',
      summary: 'Streets or water of the tenant as GeoJSON',
      request: {
        params: z.object({
          file: z
            .enum(['streets.geojson', 'water.geojson'], {
              message: 'file must be streets.geojson or water.geojson',
            })
            .openapi({ param: { name: 'file', in: 'path' } }),
        }),
        query: z.object({ tenant: tenantParam }),
      },
      responses: {
        200: {
          description: 'GeoJSON FeatureCollection',
          content: { 'application/geo+json': { schema: z.unknown() } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { file } = c.req.valid('param');
      const q = c.req.valid('query');
      const tenant = await deps.tenants.resolve(q.tenant);
      const { rows } = await sql<{ f: string }>`
        SELECT json_build_object('type', 'Feature', 'id', b.id,
          'geometry', ST_AsGeoJSON(b.geom, 6)::json,
          'properties', json_build_object(${KINDS[file] === 'street' ? 'highway' : 'kind'}::text, b.class, 'name', b.name)
        )::text AS f
        FROM basemap_feature b
        WHERE b.tenant_id = ${tenant.id} AND b.kind = ${KINDS[file]}
        ORDER BY b.id`.execute(deps.db);
      return preSerializedJson(
        c,
        `{"type":"FeatureCollection","features":[${rows.map((r) => r.f).join(',')}]}`,
        'application/geo+json; charset=utf-8',
        { 'cache-control': 'public, max-age=300' },
      );
    },
  );
  return app;
}
