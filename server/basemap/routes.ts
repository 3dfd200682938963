/**
 * The offline basemap: a MapLibre style drawn from the tenant's own data, its vector tiles
 * (server/basemap/tiles.ts), and the GeoJSON of its streets and water. Nothing here needs the
 * internet.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { PROJECT_ROOT } from '../config.ts';
import type { AppDeps } from '../http/deps.ts';
import { badRequest } from '../http/errors.ts';
import { createRouter, errorResponses, preSerializedJson } from '../http/openapi.ts';
import { tenantParam } from '../http/params.ts';
import { requestBase } from '../tenants/links.ts';
import { pickText } from '../tenants/queries.ts';
import { buildBasemapStyle } from './style.ts';
import { basemapTile, MAX_TILE_ZOOM } from './tiles.ts';

/** the plugin's UMD build; it registers itself when imported as a module by MapLibre's worker */
const RTL_PLUGIN_FILE = path.join(
  PROJECT_ROOT,
  'node_modules',
  '@mapbox',
  'mapbox-gl-rtl-text',
  'dist',
  'mapbox-gl-rtl-text.js',
);
let rtlPlugin: Promise<string> | undefined;

const langParam = z
  .string()
  .regex(/^[a-z]{2,3}$/, 'lang must be a language code such as en, he or uk')
  .optional()
  .openapi({ param: { name: 'lang', in: 'query' } });

const tileCoord = (name: string, max: number) =>
  z
    .string()
    .regex(/^\d{1,8}$/, `${name} must be a whole number`)
    .transform(Number)
    .refine((v) => v <= max, `${name} must be at most ${max}`)
    .openapi({ param: { name, in: 'path' }, type: 'integer' });

const KINDS = { 'streets.geojson': 'street', 'water.geojson': 'water' } as const;

export function basemapRoutes(deps: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/basemap/style.json',
      summary: 'MapLibre style of the offline basemap',
      request: { query: z.object({ tenant: tenantParam, lang: langParam }) },
      responses: {
        200: { description: 'MapLibre style (v8)', content: { 'application/json': { schema: z.unknown() } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const tenant = await deps.tenants.resolve(q.tenant);
      const origin = await requestBase(deps.tenants, deps.config, c); // never an unchecked Host header
      const { rows } = await sql<{ osm: boolean }>`
        SELECT EXISTS (SELECT 1 FROM import_run WHERE tenant_id = ${tenant.id} AND format = 'osm') AS osm`.execute(
        deps.db,
      );
      const style = buildBasemapStyle({
        origin,
        query: { ...(q.tenant ? { tenant: q.tenant } : {}), lang: q.lang ?? tenant.defaultLocale },
        osm: rows[0]?.osm === true,
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
      path: '/basemap/tiles/{z}/{x}/{y}',
      summary: 'A vector tile of the offline basemap (y is the tile row followed by .mvt)',
      description:
        'Layers: neighbourhood, green, water, building, street, place, neighbourhood_label; properties ' +
        '`name` (in `lang` where the data has it) and `class`. Streets by class from zoom 10–15, ' +
        `buildings from 14; tiles up to zoom ${MAX_TILE_ZOOM}.`,
      request: {
        params: z.object({
          z: tileCoord('z', MAX_TILE_ZOOM),
          x: tileCoord('x', 2 ** MAX_TILE_ZOOM - 1),
          y: z
            .string()
            .regex(/^\d{1,8}\.mvt$/, 'y must be the tile row followed by .mvt (e.g. 1234.mvt)')
            .openapi({ param: { name: 'y', in: 'path' }, example: '1234.mvt' }),
        }),
        query: z.object({ tenant: tenantParam, lang: langParam }),
      },
      responses: {
        200: {
          description: 'Mapbox vector tile (may be empty)',
          content: { 'application/vnd.mapbox-vector-tile': { schema: z.string().openapi({ format: 'binary' }) } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { z: zoom, x } = c.req.valid('param');
      const y = Number.parseInt(c.req.valid('param').y, 10);
      const q = c.req.valid('query');
      const n = 2 ** zoom;
      if (x >= n || y >= n) throw badRequest(`x and y must be below ${n} at zoom ${zoom}`);
      const tenant = await deps.tenants.resolve(q.tenant);
      const tile = await basemapTile(deps.db, deps.databaseKind, {
        tenantId: tenant.id,
        z: zoom,
        x,
        y,
        lang: q.lang ?? tenant.defaultLocale,
      });
      return new Response(new Uint8Array(tile), {
        status: 200,
        headers: { 'content-type': 'application/vnd.mapbox-vector-tile', 'cache-control': 'public, max-age=300' },
      }) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/basemap/rtl-text.mjs',
      summary: "MapLibre's right-to-left text plugin (@mapbox/mapbox-gl-rtl-text), served by the app",
      responses: {
        200: {
          description: 'JavaScript',
          content: { 'text/javascript': { schema: z.string() } },
        },
      },
    }),
    async (c) => {
      rtlPlugin ??= fs.promises.readFile(RTL_PLUGIN_FILE, 'utf8');
      return c.body(await rtlPlugin, 200, {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'public, max-age=86400',
      }) as never;
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
