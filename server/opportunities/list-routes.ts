/**
 * GET /api/opportunities — the resident's search: filters, time windows, counts per filter value.
 * GET /api/opportunities/{id}/calendar.ics — "add to calendar", the series or one occurrence.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../http/deps.ts';
import { notFound } from '../http/errors.ts';
import { createRouter, errorResponses } from '../http/openapi.ts';
import { intParam, langParam, tenantParam, uuidPathParam } from '../http/params.ts';
import { tenantLinkBase } from '../tenants/links.ts';
import { pickText } from '../tenants/queries.ts';
import { buildIcs } from './calendar.ts';
import { checkFilters, filterShape, inReach, REACH, toSearchQuery } from './filters.ts';
import { nextOccurrencesOfAll } from './occurrences.ts';
import { findOpportunity } from './queries.ts';
import { areaName, schedulesOf, searchOpportunities } from './search.ts';

const Occ = z.object({ start: z.string(), end: z.string() });
const ItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  name_lang: z.string(),
  kind: z.string(),
  categories: z.array(z.string()),
  audiences: z.array(z.string()),
  languages: z.array(z.string()),
  free: z.boolean(),
  wheelchair: z.boolean(),
  place_id: z.string().nullable(),
  place_name: z.string().nullable(),
  lon: z.number(),
  lat: z.number(),
  distance_m: z.number().nullable(),
  next: Occ.nullable(),
  for_you: z.boolean(),
  grant: z
    .object({ deadline: z.string(), amount: z.number(), currency: z.string() })
    .nullable()
    .openapi({ description: 'a grant: apply by the deadline (inclusive), up to the amount' }),
  resident_initiative: z
    .boolean()
    .openapi({ description: "made from a resident's proposal (a resident initiative)" }),
});
const ResultSchema = z
  .object({
    total: z.number(),
    items: z.array(ItemSchema),
    facets: z.object({
      category: z.record(z.string(), z.number()),
      audience: z.record(z.string(), z.number()),
      language: z.record(z.string(), z.number()),
      free: z.number(),
      wheelchair: z.number(),
    }),
  })
  .openapi('OpportunitySearch');

export function opportunityListRoutes(deps: AppDeps) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/opportunities',
      summary: 'Search opportunities: filters, time windows, counts per filter value',
      request: {
        query: z.object({
          ...filterShape(deps.config),
          limit: intParam('limit', 1, 500),
          offset: intParam('offset', 0, 1_000_000),
        }),
      },
      responses: {
        200: {
          description: 'Matching opportunities, soonest (or nearest) first',
          content: { 'application/json': { schema: ResultSchema } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      checkFilters(q);
      const tenant = await deps.tenants.resolve(q.tenant);
      if (q.area && !(await areaName(deps.db, tenant.id, q.area, tenant.defaultLocale)))
        throw notFound(`No neighbourhood or zone with id ${q.area}`);
      const result = await searchOpportunities(deps.db, {
        ...toSearchQuery(q, { tenant, config: deps.config, now: Date.now(), limit: q.limit ?? 100 }),
        offset: q.offset ?? 0,
      });
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/opportunities/{id}/calendar.ics',
      summary: 'iCalendar of an opportunity: the whole series, or one occurrence',
      request: {
        params: z.object({ id: uuidPathParam('id') }),
        query: z.object({
          tenant: tenantParam,
          lang: langParam,
          occurrence: z
            .string()
            .max(40, 'occurrence must be the ISO start time of an occurrence')
            .refine((v) => !Number.isNaN(Date.parse(v)), {
              message: 'occurrence must be the ISO start time of an occurrence',
              abort: true,
            })
            .refine((v) => inReach(Date.parse(v)), `occurrence must be ${REACH}`)
            .optional()
            .openapi({ param: { name: 'occurrence', in: 'query' } }),
        }),
      },
      responses: {
        200: { description: 'text/calendar', content: { 'text/calendar': { schema: z.string() } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      const tenant = await deps.tenants.resolve(q.tenant);
      const row = await findOpportunity(deps.db, tenant.id, id.toLowerCase());
      if (!row) throw notFound(`No opportunity with id ${id}`);
      const schedules = schedulesOf(row, tenant.timezone);
      if (!schedules.length) throw notFound('This opportunity has no dates to add to a calendar');
      const lang = q.lang ?? tenant.defaultLocale;
      const origin = await tenantLinkBase(deps.db, deps.config, tenant, c); // never the request's Host header
      const event = {
        uid: `${row.id}@commons-map`,
        title: pickText(row.title, lang, tenant.defaultLocale).text,
        description: Object.keys(row.description).length
          ? pickText(row.description, lang, tenant.defaultLocale).text
          : null,
        location: [row.place_name, row.place_address].filter(Boolean).join(', ') || null,
        // the web app's link to this activity (web/state/filters.ts reads item=layer:id), in this language
        url: `${origin}/?item=programs:${row.id}${lang !== tenant.defaultLocale ? `&lang=${encodeURIComponent(lang)}` : ''}`,
        lon: Number(row.lon),
        lat: Number(row.lat),
      };
      let body: string;
      if (q.occurrence) {
        const at = Date.parse(q.occurrence);
        const occ = nextOccurrencesOfAll(schedules, at - 60_000, 3).find(
          (o) => Math.abs(Date.parse(o.start) - at) < 60_000,
        );
        if (!occ) throw notFound(`No occurrence starts at ${q.occurrence}`);
        body = buildIcs(event, { occurrence: occ });
      } else {
        body = buildIcs(event, { schedules });
      }
      const filename = `${
        event.title
          .replace(/[^\p{L}\p{N}]+/gu, '-')
          .replace(/^-|-$/g, '')
          .slice(0, 60) || 'event'
      }.ics`;
      return c.body(body, 200, {
        'content-type': 'text/calendar; charset=utf-8',
        'content-disposition': `attachment; filename="${encodeURIComponent(filename)}"`,
      }) as never;
    },
  );
  return app;
}
