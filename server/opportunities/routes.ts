import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../http/deps.ts';
import { notFound } from '../http/errors.ts';
import { createRouter, errorResponses } from '../http/openapi.ts';
import { intParam, langParam, tenantParam, uuidPathParam } from '../http/params.ts';
import { layerOfPlaceKind } from '../layers/registry.ts';
import { pickText, type Tenant } from '../tenants/queries.ts';
import { opportunitySupports } from '../needs/queries.ts';
import { residentInitiativeOf } from '../proposals/join.ts';
import { nextOccurrencesOfAll } from './occurrences.ts';
import { findOpportunity, type OpportunityRow } from './queries.ts';
import { schedulesOf } from './search.ts';

const OccurrenceSchema = z.object({ start: z.string(), end: z.string() });
export const GrantOut = z.object({ deadline: z.string(), amount: z.number(), currency: z.string() });

/** the grant of a row with a deadline, an amount and a currency, else null */
export function grantOf(r: {
  grant_deadline: string | null;
  grant_amount: string | number | null;
  grant_currency: string | null;
}): z.infer<typeof GrantOut> | null {
  return r.grant_deadline && r.grant_amount !== null && r.grant_currency
    ? { deadline: r.grant_deadline, amount: Number(r.grant_amount), currency: r.grant_currency }
    : null;
}

export const OpportunitySchema = z
  .object({
    id: z.string(),
    layer: z.literal('programs'),
    kind: z.string(),
    title: z.string(),
    title_lang: z
      .string()
      .openapi({ description: 'language of `title`; differs from `lang` when it fell back' }),
    titles: z.record(z.string(), z.string()),
    description: z.string().nullable(),
    description_lang: z.string().nullable(),
    categories: z.array(z.string()),
    audiences: z.array(z.string()),
    languages: z.array(z.string()),
    age_min: z.number().nullable(),
    age_max: z.number().nullable(),
    cost: z.object({ free: z.boolean() }).loose(),
    registration: z.record(z.string(), z.unknown()),
    schedule: z
      .object({
        dtstart: z.string(),
        duration_minutes: z.number(),
        rrule: z.string().nullable(),
        timezone: z.string(),
      })
      .nullable(),
    next_occurrences: z.array(OccurrenceSchema),
    place: z
      .object({
        id: z.string(),
        layer: z.string(),
        name: z.string(),
        kind: z.string(),
        address: z.string().nullable(),
        lon: z.number(),
        lat: z.number(),
      })
      .nullable(),
    lon: z.number().nullable().openapi({ description: "null only in the back office's preview of a draft without a location" }),
    lat: z.number().nullable(),
    grant: GrantOut.nullable().openapi({ description: 'a grant: apply by the deadline (inclusive), up to the amount' }),
    eligibility: z.string().nullable(),
    // a resident initiative (issue 13, server/proposals/join.ts): the mark and its join link
    resident_initiative: z.boolean().optional(),
    join: z
      .object({ platform: z.string(), private: z.boolean(), url: z.string().optional() })
      .nullable()
      .optional()
      .openapi({ description: 'url only when not private: GET /api/opportunities/{id}/join-link gives it' }),
    // the proposal a resident initiative came from, and its supports (POST /api/supports)
    proposal_id: z.string().optional(),
    supports: z.number().optional(),
  })
  .openapi('Opportunity');

export type OpportunityDetail = z.infer<typeof OpportunitySchema>;

/** the public detail of an opportunity row (also the back office's preview, whatever its status) */
export function opportunityDetail(
  row: OpportunityRow,
  tenant: Pick<Tenant, 'defaultLocale' | 'timezone'>,
  lang: string,
  occurrences: number,
  now: number = Date.now(),
): OpportunityDetail {
  const title = pickText(row.title, lang, tenant.defaultLocale);
  const hasDescription = Object.keys(row.description).length > 0;
  const description = pickText(row.description, lang, tenant.defaultLocale);
  const schedule =
    row.dtstart && row.duration_minutes
      ? {
          dtstart: row.dtstart.replace(' ', 'T'),
          duration_minutes: row.duration_minutes,
          rrule: row.rrule,
          timezone: row.timezone ?? tenant.timezone,
        }
      : null;
  const allSchedules = schedulesOf(row, tenant.timezone);
  return {
    id: row.id,
    layer: 'programs' as const,
    kind: row.kind,
    title: title.text,
    title_lang: title.lang,
    titles: row.title,
    description: hasDescription ? description.text : null,
    description_lang: hasDescription ? description.lang : null,
    categories: row.categories,
    audiences: row.audiences,
    languages: row.languages,
    age_min: row.age_min,
    age_max: row.age_max,
    cost: row.cost,
    registration: row.registration,
    schedule,
    next_occurrences: nextOccurrencesOfAll(allSchedules, now, occurrences),
    place:
      row.place_id && row.place_kind && row.place_name
        ? {
            id: row.place_id,
            layer: layerOfPlaceKind(row.place_kind),
            name: pickText(row.place_names, lang, lang).text || row.place_name,
            kind: row.place_kind,
            address: row.place_address,
            lon: Number(row.place_lon),
            lat: Number(row.place_lat),
          }
        : null,
    lon: row.lon === null ? null : Number(row.lon),
    lat: row.lat === null ? null : Number(row.lat),
    grant: grantOf(row),
    eligibility: row.eligibility,
  };
}

export function opportunityRoutes(deps: AppDeps) {
  const app = createRouter();
  const route = createRoute({
    method: 'get',
    path: '/opportunities/{id}',
    summary: 'One opportunity, with its place and next occurrences',
    request: {
      params: z.object({ id: uuidPathParam('id') }),
      query: z.object({ lang: langParam, tenant: tenantParam, occurrences: intParam('occurrences', 0, 50) }),
    },
    responses: {
      200: { description: 'The opportunity', content: { 'application/json': { schema: OpportunitySchema } } },
      ...errorResponses,
    },
  });
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const q = c.req.valid('query');
    const tenant = await deps.tenants.resolve(q.tenant);
    const row = await findOpportunity(deps.db, tenant.id, id.toLowerCase());
    if (!row) throw notFound(`No opportunity with id ${id}`);
    const resident = await residentInitiativeOf(deps.db, tenant.id, row.id);
    const supports = resident ? await opportunitySupports(deps.db, tenant.id, row.id) : null;
    return c.json(
      {
        ...opportunityDetail(row, tenant, q.lang ?? tenant.defaultLocale, q.occurrences ?? 5),
        ...resident,
        ...supports,
      },
      200,
    );
  });
  return app;
}
