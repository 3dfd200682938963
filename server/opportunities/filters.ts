/**
 * The filters of "what's on", shared by everything that asks it: `GET /api/opportunities`, the
 * calendar and Atom feeds, the e-mail digests (a subscription stores its filters as these query
 * parameters and reads them back through the same schema) and the printable leaflet.
 *
 *   const filters = parseFilters(filterSchema(config), record)   // or c.req.valid('query')
 *   const query = await toSearchQuery(filters, { tenant, config, now, limit })
 */
import { z } from '@hono/zod-openapi';
import { OPPORTUNITY_KINDS } from '../../data/town-format.ts';
import type { Config } from '../config.ts';
import { badRequest } from '../http/errors.ts';
import {
  audienceParam,
  bboxParam,
  categoryParam,
  intParam,
  langParam,
  languageParam,
  tenantParam,
  textParam,
} from '../http/params.ts';
import type { Tenant } from '../tenants/queries.ts';
import { MAX_EXPANSION_YEARS } from './occurrences.ts';
import type { SearchQuery } from './search.ts';
import { MAX_AGE } from './ages.ts';
import { hoursOf, TIMES_OF_DAY, type TimeOfDay, timeWindow, WHEN } from './windows.ts';

const flag = (name: string) =>
  z
    .enum(['true', 'false', '1', '0'], { message: `${name} must be true or false` })
    .transform((v) => v === 'true' || v === '1')
    .optional()
    .openapi({ param: { name, in: 'query' }, type: 'boolean' });

export const YEAR_MS = 366 * 86_400_000;
/** dates a request may ask about: from a year ago to MAX_EXPANSION_YEARS ahead (the expansion's reach) */
export const inReach = (t: number) => {
  const now = Date.now();
  return t >= now - YEAR_MS && t <= now + MAX_EXPANSION_YEARS * YEAR_MS;
};
export const REACH = `within a year before and ${MAX_EXPANSION_YEARS} years after today`;

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

const coordinate = (name: 'lon' | 'lat', max: number) =>
  z.coerce
    .number({ message: `${name} must be a number` })
    .min(-max, `${name} must be between -${max} and ${max}`)
    .max(max, `${name} must be between -${max} and ${max}`)
    .optional();

/** an area (a neighbourhood or a designated zone) of the tenant, by its id */
export const areaParam = z
  .string()
  .regex(
    /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
    'area must be the id of a neighbourhood (a UUID)',
  )
  .transform((v) => v.toLowerCase())
  .optional()
  .openapi({
    param: { name: 'area', in: 'query' },
    description: 'only what lies in this neighbourhood or zone',
  });

/** times of day, comma-separated (morning, afternoon, evening) */
export const timeOfDayParam = z
  .string()
  .max(100, 'time_of_day must be at most 100 characters')
  .optional()
  .transform((raw, ctx): TimeOfDay[] | undefined => {
    if (raw === undefined || raw.trim() === '') return undefined;
    const items = [...new Set(raw.split(',').map((s) => s.trim()))];
    const unknown = items.filter((i) => !(TIMES_OF_DAY as readonly string[]).includes(i));
    if (unknown.length) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown time_of_day ${unknown.map((u) => JSON.stringify(u.slice(0, 20))).join(', ')}; expected any of ${TIMES_OF_DAY.join(', ')}`,
      });
      return z.NEVER;
    }
    return TIMES_OF_DAY.filter((t) => items.includes(t));
  })
  .openapi({
    param: { name: 'time_of_day', in: 'query' },
    type: 'string',
    description:
      "comma-separated; any of morning (starts 5:00–11:59), afternoon (12:00–16:59), evening (17:00–23:59), in the tenant's time zone",
    example: 'morning,evening',
  });

/** the filters as query parameters (without paging); every consumer of "what's on" takes these */
export function filterShape(config: Pick<Config, 'NEARBY_MAX_RADIUS_M'>) {
  return {
    tenant: tenantParam,
    lang: langParam,
    bbox: bboxParam,
    lon: coordinate('lon', 180),
    lat: coordinate('lat', 90),
    radius_m: intParam('radius_m', 1, config.NEARBY_MAX_RADIUS_M),
    area: areaParam,
    category: categoryParam,
    audience: audienceParam,
    language: languageParam,
    when: z
      .enum(WHEN, { message: `when must be one of ${WHEN.join(', ')}` })
      .optional()
      .openapi({ param: { name: 'when', in: 'query' } }),
    from: date('from'),
    to: date('to'),
    time_of_day: timeOfDayParam,
    age: intParam('age', 0, MAX_AGE).openapi({
      param: { name: 'age', in: 'query' },
      type: 'integer',
      description:
        "a person's age in years: only what suits it (the activity's age range, else its audiences' age bands)",
    }),
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
    kind: z
      .enum(OPPORTUNITY_KINDS, { message: `kind must be one of ${OPPORTUNITY_KINDS.join(', ')}` })
      .optional()
      .openapi({ param: { name: 'kind', in: 'query' } }),
    open: flag('open').openapi({
      param: { name: 'open', in: 'query' },
      description: "only grants whose deadline is today or later (the tenant's date)",
    }),
    sort: z
      .enum(['next', 'distance'], { message: 'sort must be next or distance' })
      .optional()
      .openapi({ param: { name: 'sort', in: 'query' } }),
  };
}

export function filterSchema(config: Pick<Config, 'NEARBY_MAX_RADIUS_M'>) {
  return z.object(filterShape(config));
}

export type Filters = z.infer<ReturnType<typeof filterSchema>>;

/** the names of the filter parameters, e.g. to copy them from one URL to another */
export const FILTER_KEYS = Object.keys(filterShape({ NEARBY_MAX_RADIUS_M: 1 })) as (keyof Filters)[];

/**
 * Reads filters from stored or foreign query parameters (a subscription's, a link's) with the
 * same rules as the API; a 400 names the first problem.
 */
export function parseFilters(
  config: Pick<Config, 'NEARBY_MAX_RADIUS_M'>,
  params: Record<string, string | undefined>,
): Filters {
  const r = filterSchema(config).safeParse(params);
  if (!r.success) throw badRequest(r.error.issues[0]?.message ?? 'invalid filters');
  return r.data;
}

/** checks that go across parameters; throws a 400 naming the problem */
export function checkFilters(f: Filters): void {
  if ((f.lon === undefined) !== (f.lat === undefined)) throw badRequest('lon and lat go together');
  if (f.from && f.to && f.from > f.to) throw badRequest('from must not be after to');
  if (f.from && f.to && Date.parse(f.to) - Date.parse(f.from) >= YEAR_MS)
    throw badRequest('from and to may span at most a year');
  if (f.sort === 'distance' && f.lon === undefined) throw badRequest('sort=distance needs lon and lat');
}

/** the search the filters ask for, in the tenant's zone and language */
export function toSearchQuery(
  f: Filters,
  o: {
    tenant: Pick<Tenant, 'id' | 'timezone' | 'defaultLocale'>;
    config: Pick<Config, 'NEARBY_DEFAULT_RADIUS_M'>;
    now: number;
    limit: number;
  },
): SearchQuery {
  checkFilters(f);
  const { tenant, config, now } = o;
  const window = timeWindow(
    f.when,
    { ...(f.from ? { from: f.from } : {}), ...(f.to ? { to: f.to } : {}) },
    now,
    tenant.timezone,
  );
  return {
    tenantId: tenant.id,
    timezone: tenant.timezone,
    lang: f.lang ?? tenant.defaultLocale,
    defaultLang: tenant.defaultLocale,
    bbox: f.bbox,
    near: f.lon !== undefined && f.lat !== undefined ? [f.lon, f.lat] : undefined,
    radiusM: f.radius_m ?? (f.lon !== undefined ? config.NEARBY_DEFAULT_RADIUS_M : undefined),
    areaId: f.area,
    categories: f.category,
    audiences: f.audience,
    languages: f.language,
    free: f.free,
    wheelchair: f.wheelchair,
    happeningNow: f.now,
    window,
    hours: hoursOf(f.time_of_day),
    age: f.age,
    q: f.q,
    prefer: f.prefer,
    kind: f.kind,
    openGrants: f.open,
    today: new Intl.DateTimeFormat('en-CA', {
      timeZone: tenant.timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(now),
    sort: f.sort,
    limit: o.limit,
    now,
  };
}
