/**
 * GET /api/opportunities — the resident's search: filters, time windows, counts per filter value.
 * GET /api/opportunities/{id}/calendar.ics — "add to calendar", the series or one occurrence.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../http/deps.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { createRouter, errorResponses } from '../http/openapi.ts';
import {
  audienceParam,
  bboxParam,
  categoryParam,
  intParam,
  langParam,
  languageParam,
  tenantParam,
  textParam,
  uuidPathParam,
} from '../http/params.ts';
import { publicBase } from '../http/public-url.ts';
import { pickText } from '../tenants/queries.ts';
import { buildIcs } from './calendar.ts';
import { MAX_EXPANSION_YEARS, nextOccurrencesOfAll } from './occurrences.ts';
import { findOpportunity } from './queries.ts';
import { schedulesOf, searchOpportunities } from './search.ts';
import { timeWindow, WHEN } from './windows.ts';

const flag = (name: string) =>
  z
    .enum(['true', 'false', '1', '0'], { message: `${name} must be true or false` })
    .transform((v) => v === 'true' || v === '1')
    .optional()
    .openapi({ param: { name, in: 'query' }, type: 'boolean' });

const YEAR_MS = 366 * 86_400_000;
/** dates a request may ask about: from a year ago to MAX_EXPANSION_YEARS ahead (the expansion's reach) */
const inReach = (t: number) => {
  const now = Date.now();
  return t >= now - YEAR_MS && t <= now + MAX_EXPANSION_YEARS * YEAR_MS;
};
const REACH = `within a year before and ${MAX_EXPANSION_YEARS} years after today`;

const date = (name: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${name} must be a date YYYY-MM-DD`)
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), {
      message: `${name} is not a valid date`,
      abort: true,
    })
    .refine((v) => inReach(Date.parse(`${v}T00:00:00Z`)), `${name} must be ${REACH}`)
    .optional()
    .openapi({ param: { name, in: 'query' } });

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
          tenant: tenantParam,
          lang: langParam,
          bbox: bboxParam,
          lon: z.coerce
            .number({ message: 'lon must be a number' })
            .min(-180, 'lon must be between -180 and 180')
            .max(180, 'lon must be between -180 and 180')
            .optional(),
          lat: z.coerce
            .number({ message: 'lat must be a number' })
            .min(-90, 'lat must be between -90 and 90')
            .max(90, 'lat must be between -90 and 90')
            .optional(),
          radius_m: intParam('radius_m', 1, deps.config.NEARBY_MAX_RADIUS_M),
          category: categoryParam,
          audience: audienceParam,
          language: languageParam,
          when: z
            .enum(WHEN, { message: `when must be one of ${WHEN.join(', ')}` })
            .optional()
            .openapi({ param: { name: 'when', in: 'query' } }),
          from: date('from'),
          to: date('to'),
          free: flag('free'),
          wheelchair: flag('wheelchair'),
          now: flag('now'),
          q: textParam('q', 200)
            .optional()
            .openapi({ param: { name: 'q', in: 'query' } }),
          prefer: audienceParam.openapi({
            param: { name: 'prefer', in: 'query' },
            description: "audiences to rank first (the resident's choice)",
          }),
          sort: z
            .enum(['next', 'distance'], { message: 'sort must be next or distance' })
            .optional()
            .openapi({ param: { name: 'sort', in: 'query' } }),
          limit: intParam('limit', 1, 500),
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
      if ((q.lon === undefined) !== (q.lat === undefined)) throw badRequest('lon and lat go together');
      if (q.from && q.to && q.from > q.to) throw badRequest('from must not be after to');
      if (q.from && q.to && Date.parse(q.to) - Date.parse(q.from) >= YEAR_MS)
        throw badRequest('from and to may span at most a year');
      if (q.sort === 'distance' && q.lon === undefined) throw badRequest('sort=distance needs lon and lat');
      const tenant = await deps.tenants.resolve(q.tenant);
      const now = Date.now();
      const window = timeWindow(
        q.when,
        { ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}) },
        now,
        tenant.timezone,
      );
      const result = await searchOpportunities(deps.db, {
        tenantId: tenant.id,
        timezone: tenant.timezone,
        lang: q.lang ?? tenant.defaultLocale,
        defaultLang: tenant.defaultLocale,
        bbox: q.bbox,
        near: q.lon !== undefined && q.lat !== undefined ? [q.lon, q.lat] : undefined,
        radiusM: q.radius_m ?? (q.lon !== undefined ? deps.config.NEARBY_DEFAULT_RADIUS_M : undefined),
        categories: q.category,
        audiences: q.audience,
        languages: q.language,
        free: q.free,
        wheelchair: q.wheelchair,
        happeningNow: q.now,
        window,
        q: q.q,
        prefer: q.prefer,
        sort: q.sort,
        limit: q.limit ?? 100,
        now,
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
      const origin = publicBase(deps.config, c); // never the request's Host header
      const event = {
        uid: `${row.id}@commons-map`,
        title: pickText(row.title, lang, tenant.defaultLocale).text,
        description: Object.keys(row.description).length
          ? pickText(row.description, lang, tenant.defaultLocale).text
          : null,
        location: [row.place_name, row.place_address].filter(Boolean).join(', ') || null,
        url: `${origin}/?item=${row.id}`,
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
