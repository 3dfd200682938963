/**
 * The on-disk format of a town (the demo town in `data/demo/`, or a generated benchmark town).
 * The generator in `data/generator/` writes it; `server/import/town.ts` validates and loads it.
 *
 * Files in a town folder:
 *   town.json                 Tenant (metadata)
 *   neighbourhoods.geojson    FeatureCollection<Polygon|MultiPolygon, NeighbourhoodProps>
 *   zones.geojson             FeatureCollection<Polygon|MultiPolygon, ZoneProps>
 *   places.geojson            FeatureCollection<Point|Polygon|MultiPolygon, PlaceProps>
 *   opportunities.json        Opportunity[]   (one JSON array)
 *   streets.geojson           FeatureCollection<LineString, StreetProps>
 *   water.geojson             FeatureCollection<Polygon|MultiPolygon, WaterProps>
 * All coordinates are WGS84 lon/lat (EPSG:4326).
 */
import { z } from 'zod';

export const LOCALES = ['en', 'fr', 'he', 'pl', 'uk', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];

/** Text per language; at least one language. Keys are BCP-47 primary language tags. */
export const LocalizedText = z
  .record(z.string().regex(/^[a-z]{2,3}$/), z.string().min(1))
  .refine((v) => Object.keys(v).length > 0, 'at least one language');
export type LocalizedText = z.infer<typeof LocalizedText>;

export const CATEGORY_CODES = [
  'gardening',
  'parks-nature',
  'sport',
  'culture',
  'learning',
  'volunteering',
  'social',
  'family-children',
  'health-wellbeing',
  'food-support',
  'co-working',
  'civic',
  'support-services',
  'grants',
] as const;
export const AUDIENCE_CODES = [
  'everyone',
  'seniors',
  'adults-50',
  'young-families',
  'new-parents',
  'youth',
  'newcomers',
  'disabilities',
  'remote-workers',
] as const;
export const PLACE_KINDS = [
  'park',
  'community_garden',
  'community_centre',
  'library',
  'playground',
  'coworking',
] as const;
export const OPPORTUNITY_KINDS = ['program', 'event', 'volunteering', 'group', 'service', 'grant'] as const;
export const AGE_BANDS = ['0-4', '5-14', '15-19', '20-29', '30-49', '50-64', '65-79', '80+'] as const;

export const TownTenant = z.object({
  slug: z.string().regex(/^[a-z0-9-]+$/),
  name: LocalizedText,
  locales: z.array(z.string()).min(1),
  defaultLocale: z.string(),
  timezone: z.string(), // IANA, e.g. "Europe/Warsaw"
  home: z.object({ center: z.tuple([z.number(), z.number()]), zoom: z.number() }),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  source: z.string(), // e.g. "demo-generator"
  fictional: z.boolean(),
});
export type TownTenant = z.infer<typeof TownTenant>;

export const NeighbourhoodProps = z.object({
  source_id: z.string(),
  name: z.string(),
  names: LocalizedText.optional(),
  population: z.number().int().nonnegative(),
  /** keys are AGE_BANDS; values sum to `population` */
  population_by_age: z.record(z.enum(AGE_BANDS), z.number().int().nonnegative()),
  /** other census figures, e.g. median_household_income, low_income_share (0..1), households */
  census: z.record(z.string(), z.number()).default({}),
});

export const ZoneProps = z.object({
  source_id: z.string(),
  kind: z.enum(['degraded_zone', 'revitalization_zone']),
  name: z.string(),
  names: LocalizedText.optional(),
  designation: z.string(), // the official act/decision designating it
  programme: z.string().optional(),
  valid_from: z.string().date().optional(),
  valid_to: z.string().date().optional(),
});

export const PlaceProps = z.object({
  source_id: z.string(),
  kind: z.enum(PLACE_KINDS),
  name: z.string(),
  names: LocalizedText.optional(),
  address: z.string().optional(),
  opening_hours: z.string().optional(), // OSM opening_hours syntax
  accessibility: z
    .object({
      wheelchair: z.enum(['yes', 'limited', 'no']).optional(),
      step_free: z.boolean().optional(),
      toilets: z.boolean().optional(),
      hearing_loop: z.boolean().optional(),
    })
    .default({}),
  contact: z
    .object({ phone: z.string().optional(), email: z.string().optional(), website: z.string().optional() })
    .default({}),
  attributes: z.record(z.string(), z.unknown()).default({}), // e.g. plots, area_ha
});

export const Opportunity = z.object({
  source_id: z.string(),
  kind: z.enum(OPPORTUNITY_KINDS),
  /** source_id of the place where it happens; null when it has its own point */
  place_source_id: z.string().nullable(),
  /** own location, required when place_source_id is null */
  point: z.tuple([z.number(), z.number()]).nullable(),
  title: LocalizedText,
  description: LocalizedText.optional(),
  categories: z.array(z.enum(CATEGORY_CODES)).min(1),
  audiences: z.array(z.enum(AUDIENCE_CODES)).min(1),
  languages: z.array(z.string()).min(1), // languages spoken, e.g. ["en","uk"]
  age_min: z.number().int().nullable(),
  age_max: z.number().int().nullable(),
  cost: z.object({ free: z.boolean(), amount: z.number().optional(), currency: z.string().optional(), note: z.string().optional() }),
  registration: z.object({
    required: z.boolean(),
    url: z.string().optional(),
    phone: z.string().optional(),
    email: z.string().optional(),
  }),
  /** iCalendar-style schedule in the tenant's time zone; null for always-available services */
  schedule: z
    .object({
      dtstart: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/), // local wall time, no offset
      duration_minutes: z.number().int().positive(),
      rrule: z.string().nullable(), // e.g. "FREQ=WEEKLY;BYDAY=TU,TH" (no DTSTART inside); null = one-off
      timezone: z.string(),
    })
    .nullable(),
  status: z.enum(['draft', 'pending', 'published', 'archived']).default('published'),
});
export type Opportunity = z.infer<typeof Opportunity>;

export const StreetProps = z.object({
  name: z.string().optional(),
  highway: z.enum(['primary', 'secondary', 'tertiary', 'residential', 'footway', 'path']),
});
export const WaterProps = z.object({ name: z.string().optional(), kind: z.enum(['river', 'lake', 'pond']) });

export type NeighbourhoodProps = z.infer<typeof NeighbourhoodProps>;
export type ZoneProps = z.infer<typeof ZoneProps>;
export type PlaceProps = z.infer<typeof PlaceProps>;
export type StreetProps = z.infer<typeof StreetProps>;
export type WaterProps = z.infer<typeof WaterProps>;
