/** /api/config: what the web app needs to start — the tenant and the map style to use. */
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../http/deps.ts';
import { createRouter, errorResponses } from '../http/openapi.ts';
import { langParam, tenantParam } from '../http/params.ts';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../http/errors.ts';
import { pageNotFound } from '../http/not-found.ts';
import { tenantHint } from './context.ts';
import { requestPrefix } from './links.ts';
import { pickText } from './queries.ts';
import { tenantClock } from '../settings/queries.ts';

/**
 * A path prefix /t/<slug>/ naming no tenant is a 404 for every path under it (API: JSON; pages:
 * the not-found page), never the default tenant's data nor a 500.
 */
export function unknownTenantPrefix(deps: AppDeps): MiddlewareHandler {
  return async (c, next) => {
    if (tenantHint()?.prefix) {
      try {
        await deps.tenants.resolve(undefined);
      } catch (err) {
        if (!(err instanceof ApiError) || err.status !== 404) throw err;
        if (c.req.path.startsWith('/api/')) throw err;
        return pageNotFound(c, err.message);
      }
    }
    await next();
  };
}

const ConfigSchema = z
  .object({
    tenant: z.object({
      slug: z.string(),
      name: z.string(),
      names: z.record(z.string(), z.string()),
      locales: z.array(z.string()),
      defaultLocale: z.string(),
      timezone: z.string(),
      /** '12h' | '24h' forced by the tenant's settings; null: the custom of the reader's language */
      clock: z.enum(['12h', '24h']).nullable(),
      home: z.object({ center: z.tuple([z.number(), z.number()]), zoom: z.number() }),
      bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
    }),
    mapStyleUrl: z.string(),
    database: z.enum(['postgis', 'pglite']),
    /** e-mail digests can be subscribed to (SMTP_URL is set) */
    mail: z.boolean(),
    /** how the tenant was chosen: ?tenant=, the path prefix /t/<slug>/, the host name, or the default */
    tenantVia: z.enum(['query', 'prefix', 'host', 'default']),
  })
  .openapi('ClientConfig');

export function configRoutes(deps: AppDeps) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/config',
      summary: 'Start-up configuration of the web app',
      request: { query: z.object({ tenant: tenantParam, lang: langParam }) },
      responses: {
        200: {
          description: 'Tenant and map style',
          content: { 'application/json': { schema: ConfigSchema } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const t = await deps.tenants.resolve(q.tenant);
      const hint = tenantHint();
      const via: 'query' | 'prefix' | 'host' | 'default' = q.tenant
        ? 'query'
        : hint?.prefix
          ? 'prefix'
          : (await deps.tenants.byHost(hint?.host))
            ? 'host'
            : 'default';
      // relative, under the request's prefix: the page's own host and tenant
      const style =
        deps.config.MAP_STYLE_URL ??
        `${requestPrefix()}/api/basemap/style.json${q.tenant ? `?tenant=${q.tenant}` : ''}`;
      return c.json(
        {
          tenant: {
            slug: t.slug,
            name: pickText(t.name, q.lang ?? t.defaultLocale, t.defaultLocale).text,
            names: t.name,
            locales: t.locales,
            defaultLocale: t.defaultLocale,
            timezone: t.timezone,
            clock: await tenantClock(deps.db, t.id),
            home: t.home,
            bbox: t.bbox,
          },
          mapStyleUrl: style,
          database: deps.databaseKind,
          mail: deps.config.SMTP_URL !== undefined,
          tenantVia: via,
        },
        200,
      );
    },
  );
  return app;
}
