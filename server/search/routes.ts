/** GET /api/search?q= — places, opportunities, neighbourhoods and streets by name or address. */
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../http/deps.ts';
import { createRouter, errorResponses } from '../http/openapi.ts';
import { intParam, langParam, tenantParam, textProblem } from '../http/params.ts';
import { searchText } from './queries.ts';
import { titleLanguages } from '../opportunities/title-langs.ts';

const Hit = z.object({
  id: z.string(),
  type: z.enum(['place', 'opportunity', 'neighbourhood', 'street']),
  kind: z.string(),
  name: z.string(),
  detail: z.string().nullable(),
  /** an activity's title language when it is not the reader's (the "not in your language" mark); null otherwise */
  name_lang: z.string().nullable(),
  lon: z.number(),
  lat: z.number(),
  score: z.number(),
});

export function searchRoutes(deps: AppDeps) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/search',
      summary: "Search names and addresses in the tenant's data, tolerant of typos and accents",
      request: {
        query: z.object({
          q: z
            .string({ message: 'q is required' })
            .trim()
            .min(2, 'q must be at least 2 characters')
            .max(100, 'q must be at most 100 characters')
            .superRefine((v, ctx) => {
              const problem = textProblem(v);
              if (problem) ctx.addIssue({ code: 'custom', message: `q ${problem}` });
            })
            .openapi({ param: { name: 'q', in: 'query' }, example: 'linden' }),
          tenant: tenantParam,
          lang: langParam,
          limit: intParam('limit', 1, 50),
        }),
      },
      responses: {
        200: { description: 'Best matches first', content: { 'application/json': { schema: z.array(Hit) } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const tenant = await deps.tenants.resolve(q.tenant);
      const hits = await searchText(deps.db, {
        tenantId: tenant.id,
        text: q.q,
        lang: q.lang ?? tenant.defaultLocale,
        defaultLang: tenant.defaultLocale,
        limit: q.limit ?? 10,
      });
      // which activity titles are shown in another language than the reader's (the mark)
      const lang = q.lang ?? tenant.defaultLocale;
      const langs = await titleLanguages(deps.db, {
        tenantId: tenant.id,
        ids: hits.filter((h) => h.type === 'opportunity').map((h) => h.id),
        lang,
        defaultLang: tenant.defaultLocale,
      });
      return c.json(
        hits.map((h) => ({ ...h, name_lang: h.type === 'opportunity' ? (langs.get(h.id) ?? null) : null })),
        200,
      );
    },
  );
  return app;
}
