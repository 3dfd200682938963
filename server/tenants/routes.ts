/** /api/config: what the web app needs to start — the tenant and the map style to use. */
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../http/deps.ts';
import { createRouter, errorResponses } from '../http/openapi.ts';
import { langParam, tenantParam } from '../http/params.ts';
import { pickText } from './queries.ts';

const ConfigSchema = z
  .object({
    tenant: z.object({
      slug: z.string(),
      name: z.string(),
      names: z.record(z.string(), z.string()),
      locales: z.array(z.string()),
      defaultLocale: z.string(),
      timezone: z.string(),
      home: z.object({ center: z.tuple([z.number(), z.number()]), zoom: z.number() }),
      bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
    }),
    mapStyleUrl: z.string(),
    database: z.enum(['postgis', 'pglite']),
    /** e-mail digests can be subscribed to (SMTP_URL is set) */
    mail: z.boolean(),
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
      const style =
        deps.config.MAP_STYLE_URL ?? `/api/basemap/style.json${q.tenant ? `?tenant=${q.tenant}` : ''}`;
      return c.json(
        {
          tenant: {
            slug: t.slug,
            name: pickText(t.name, q.lang ?? t.defaultLocale, t.defaultLocale).text,
            names: t.name,
            locales: t.locales,
            defaultLocale: t.defaultLocale,
            timezone: t.timezone,
            home: t.home,
            bbox: t.bbox,
          },
          mapStyleUrl: style,
          database: deps.databaseKind,
          mail: deps.config.SMTP_URL !== undefined,
        },
        200,
      );
    },
  );
  return app;
}
