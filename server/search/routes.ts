/** GET /api/search?q= — places, opportunities, neighbourhoods and streets by name or address. */
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../http/deps.ts';
import { createRouter, errorResponses } from '../http/openapi.ts';
import { intParam, langParam, tenantParam, textProblem } from '../http/params.ts';
import { searchAll } from './queries.ts';
import { titleLanguages } from '../opportunities/title-langs.ts';

const Hit = z.object({
  id: z.string().openapi({ description: "the item's id; a category's code" }),
  type: z.enum(['place', 'opportunity', 'neighbourhood', 'street', 'category']),
  kind: z.string(),
  name: z.string(),
  detail: z.string().nullable().openapi({ description: "a place's address" }),
  lon: z.number().nullable().openapi({ description: 'null for a category' }),
  lat: z.number().nullable(),
  /** an activity's title language when it is not the reader's (the "not in your language" mark); null otherwise */
  name_lang: z.string().nullable(),
  score: z.number(),
  place: z.string().nullable().openapi({ description: "an activity's place" }),
  area: z.string().nullable().openapi({ description: 'the neighbourhood of a place or an activity' }),
  next: z.string().nullable().openapi({ description: "an activity's next date, ISO 8601 in the town's zone" }),
  after: z.string().nullable().openapi({ description: 'the date after the next one' }),
});

export function searchRoutes(deps: AppDeps) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/search',
      summary:
        "Search names and addresses in the tenant's data, and categories and kinds of place by their words in any language, tolerant of typos and accents",
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
      const hits = await searchAll(deps.db, {
        tenantId: tenant.id,
        text: q.q,
        lang: q.lang ?? tenant.defaultLocale,
        defaultLang: tenant.defaultLocale,
        limit: q.limit ?? 10,
        timezone: tenant.timezone,
        now: Date.now(),
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
