import { createRoute, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { AppDeps } from '../http/deps.ts';
import { notFound } from '../http/errors.ts';
import { createRouter, errorResponses } from '../http/openapi.ts';
import { langParam, tenantParam, uuidPathParam } from '../http/params.ts';
import { openingState } from './opening.ts';
import { layerOfPlaceKind } from '../layers/registry.ts';
import { pickText, type Tenant } from '../tenants/queries.ts';
import { findPlace, opportunitiesAt, type PlaceRow } from './queries.ts';

export const PlaceSchema = z
  .object({
    id: z.string(),
    layer: z.string(),
    kind: z.string(),
    name: z.string(),
    address: z.string().nullable(),
    opening_hours: z.string().nullable(),
    opening: z
      .object({
        open_now: z.boolean().nullable(),
        next_change: z.string().nullable(),
        unparsed: z.boolean().optional(),
      })
      .nullable()
      .openapi({ description: "open now, and when that changes, in the tenant's time zone" }),
    accessibility: z.record(z.string(), z.unknown()),
    contact: z.record(z.string(), z.string()),
    attributes: z.record(z.string(), z.unknown()),
    lon: z.number(),
    lat: z.number(),
    geometry: z.unknown(),
    opportunities: z.array(z.object({ id: z.string(), kind: z.string(), title: z.string() })),
  })
  .openapi('Place');

export type PlaceDetail = z.infer<typeof PlaceSchema>;

/** the public detail of a place row (also the back office's preview, whatever its status) */
export async function placeDetail(
  db: Kysely<DB>,
  row: PlaceRow,
  tenant: Pick<Tenant, 'id' | 'defaultLocale' | 'timezone'>,
  lang: string,
): Promise<PlaceDetail> {
  const opps = await opportunitiesAt(db, tenant.id, row.id);
  return {
    id: row.id,
    layer: layerOfPlaceKind(row.kind),
    kind: row.kind,
    name: row.names[lang] ?? row.name,
    address: row.address,
    opening_hours: row.opening_hours,
    opening: openingState(row.opening_hours, tenant.timezone),
    accessibility: row.accessibility,
    contact: row.contact,
    attributes: row.attributes,
    lon: Number(row.lon),
    lat: Number(row.lat),
    geometry: row.geometry,
    opportunities: opps.map((o) => ({
      id: o.id,
      kind: o.kind,
      title: pickText(o.title, lang, tenant.defaultLocale).text,
    })),
  };
}

export function placeRoutes(deps: AppDeps) {
  const app = createRouter();
  const route = createRoute({
    method: 'get',
    path: '/places/{id}',
    summary: 'One place (park, garden, centre…) with what happens there',
    request: {
      params: z.object({ id: uuidPathParam('id') }),
      query: z.object({ lang: langParam, tenant: tenantParam }),
    },
    responses: {
      200: { description: 'The place', content: { 'application/json': { schema: PlaceSchema } } },
      ...errorResponses,
    },
  });
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const q = c.req.valid('query');
    const tenant = await deps.tenants.resolve(q.tenant);
    const row = await findPlace(deps.db, tenant.id, id.toLowerCase());
    if (!row) throw notFound(`No place with id ${id}`);
    return c.json(await placeDetail(deps.db, row, tenant, q.lang ?? tenant.defaultLocale), 200);
  });
  return app;
}
