/**
 * What the back office sends for places and opportunities, validated at the edge with zod: codes
 * from the taxonomy (data/town-format.ts, data/taxonomy), languages, coordinates in range, texts
 * without control characters, schedules (./schedule.ts), OSM opening hours (the opening_hours
 * package). Every message names the field, so a 400 tells the page which input to mark.
 */
import { z } from '@hono/zod-openapi';
import OpeningHours from 'opening_hours';
import {
  AUDIENCE_CODES,
  CATEGORY_CODES,
  LOCALES,
  OPPORTUNITY_KINDS,
  PLACE_KINDS,
} from '../../data/town-format.ts';
import { textProblem } from '../http/params.ts';
import { SchedulesSchema } from './schedule.ts';

export const STATUSES = ['draft', 'pending', 'published', 'archived'] as const;
export type Status = (typeof STATUSES)[number];

/** free text without control characters or lone surrogates, trimmed */
export const text = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .superRefine((v, ctx) => {
      const p = textProblem(v);
      if (p) ctx.addIssue({ code: 'custom', message: p });
    })
    .transform((v) => v.trim());

const localized = (max: number) =>
  z
    .partialRecord(z.enum(LOCALES), text(max), {
      error: `an object of texts by language (${LOCALES.join(', ')})`,
    })
    .transform(
      (o) =>
        Object.fromEntries(Object.entries(o).filter(([, v]) => v)) as Partial<
          Record<(typeof LOCALES)[number], string>
        >,
    );

const unique = <T>(a: T[]) => [...new Set(a)];

export const LocationSchema = z
  .object({
    lon: z.number().min(-180, 'must be -180 to 180').max(180, 'must be -180 to 180'),
    lat: z.number().min(-90, 'must be -90 to 90').max(90, 'must be -90 to 90'),
  })
  .openapi('Location');

const email = z.string().max(254).email('must be an e-mail address');
const url = z
  .string()
  .max(2000)
  .url('must be a web address')
  .refine((v) => /^https?:\/\//i.test(v), 'must start with http:// or https://');
const phone = z
  .string()
  .max(50)
  .regex(/^[+0-9 ()./-]{3,50}$/, 'must be a telephone number (digits, spaces, + ( ) - . /)');

export const AccessibilitySchema = z
  .object({
    wheelchair: z.enum(['yes', 'limited', 'no']).optional(),
    step_free: z.boolean().optional(),
    toilets: z.boolean().optional(),
    hearing_loop: z.boolean().optional(),
    note: text(1000).optional(),
  })
  .openapi('Accessibility');

export const ContactSchema = z
  .object({ phone: phone.optional(), email: email.optional(), website: url.optional() })
  .openapi('Contact');

const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a UUID');

const title = localized(300).refine(
  (o) => Object.keys(o).length > 0,
  'give a title in at least one language',
);

export const GrantSchema = z
  .object({
    deadline: z
      .string({ error: 'grant.deadline must be a date YYYY-MM-DD' })
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'grant.deadline must be a date YYYY-MM-DD')
      .refine((v) => {
        const d = new Date(`${v}T00:00:00Z`);
        return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v) && v >= '2000-01-01' && v <= '2100-12-31';
      }, 'grant.deadline is not a real date between 2000 and 2100'),
    amount: z
      .number({ error: 'grant.amount must be a number' })
      .min(0, 'grant.amount must not be negative')
      .max(1_000_000_000, 'grant.amount is too large')
      .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, 'grant.amount has at most two decimals'),
    currency: z
      .string({ error: 'grant.currency must be an ISO 4217 code such as EUR' })
      .regex(/^[A-Z]{3}$/, 'grant.currency must be an ISO 4217 code such as EUR'),
  })
  .strict()
  .openapi('Grant');
export type Grant = z.infer<typeof GrantSchema>;

export const OpportunityFields = {
  kind: z.enum(OPPORTUNITY_KINDS, { error: `must be one of ${OPPORTUNITY_KINDS.join(', ')}` }),
  title,
  description: localized(10_000),
  categories: z
    .array(z.enum(CATEGORY_CODES, { error: `must be one of ${CATEGORY_CODES.join(', ')}` }))
    .max(CATEGORY_CODES.length)
    .transform(unique),
  audiences: z
    .array(z.enum(AUDIENCE_CODES, { error: `must be one of ${AUDIENCE_CODES.join(', ')}` }))
    .max(AUDIENCE_CODES.length)
    .transform(unique),
  languages: z
    .array(
      z
        .string()
        .regex(/^[a-z]{2}$/i, 'must be an ISO 639-1 code such as en, uk, he')
        .transform((v) => v.toLowerCase()),
    )
    .max(30)
    .transform(unique),
  age_min: z.number().int('must be whole years').min(0).max(120).nullable(),
  age_max: z.number().int('must be whole years').min(0).max(120).nullable(),
  cost: z.object({
    free: z.boolean({ error: 'cost.free is required (true or false)' }),
    amount: z.number().min(0).max(1_000_000).optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR')
      .optional(),
    note: text(500).optional(),
  }),
  accessibility: AccessibilitySchema,
  registration: z.object({
    required: z.boolean({ error: 'registration.required is required (true or false)' }),
    url: url.optional(),
    phone: phone.optional(),
    email: email.optional(),
    note: text(1000).optional(),
  }),
  contact: ContactSchema,
  organisation_id: uuid.nullable(),
  place_id: uuid.nullable(),
  location: LocationSchema.nullable(),
  schedules: SchedulesSchema,
  /** a grant's deadline to apply (a local date, inclusive), the most it gives, and its currency */
  grant: GrantSchema.nullable(),
  /** who may apply or take part (free text; grants, services) */
  eligibility: text(2000)
    .transform((v) => v || null)
    .nullable(),
};

/** a new opportunity: kind and title are required, the rest has defaults */
export const OpportunityInputSchema = z
  .object({
    ...OpportunityFields,
    description: OpportunityFields.description.default({}),
    categories: OpportunityFields.categories.default([]),
    audiences: OpportunityFields.audiences.default([]),
    languages: OpportunityFields.languages.default([]),
    age_min: OpportunityFields.age_min.default(null),
    age_max: OpportunityFields.age_max.default(null),
    cost: OpportunityFields.cost.default({ free: true }),
    accessibility: OpportunityFields.accessibility.default({}),
    registration: OpportunityFields.registration.default({ required: false }),
    contact: OpportunityFields.contact.default({}),
    organisation_id: OpportunityFields.organisation_id.default(null),
    place_id: OpportunityFields.place_id.default(null),
    location: OpportunityFields.location.default(null),
    schedules: OpportunityFields.schedules.default([]),
    grant: OpportunityFields.grant.default(null),
    eligibility: OpportunityFields.eligibility.default(null),
  })
  .openapi('OpportunityInput');
export type OpportunityInput = z.infer<typeof OpportunityInputSchema>;

/** the updated_at the client read (a stale one is 409, a malformed one 400) */
export const expectedUpdatedAt = z
  .string({ error: 'expected_updated_at is required: the updated_at of the record you edited' })
  .max(40)
  .refine(
    (v) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}T/.test(v),
    "must be an ISO date-time (the record's updated_at)",
  );

export const OpportunityPatchSchema = z
  .object({ ...OpportunityFields, expected_updated_at: expectedUpdatedAt })
  .partial()
  .required({ expected_updated_at: true })
  .openapi('OpportunityPatch');
export type OpportunityPatch = z.infer<typeof OpportunityPatchSchema>;

/** a GeoJSON polygon or multipolygon in WGS84, of bounded size */
const position = z.tuple([
  z.number().min(-180, 'longitude must be -180 to 180').max(180, 'longitude must be -180 to 180'),
  z.number().min(-90, 'latitude must be -90 to 90').max(90, 'latitude must be -90 to 90'),
]);
const ring = z
  .array(position)
  .min(4, 'a ring needs at least 4 positions')
  .max(10_000, 'at most 10 000 positions')
  .refine((r) => {
    const a = r[0];
    const b = r[r.length - 1];
    return !!a && !!b && a[0] === b[0] && a[1] === b[1];
  }, 'a ring must end where it starts');
export const GeometrySchema = z
  .union(
    [
      z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1).max(100) }),
      z.object({
        type: z.literal('MultiPolygon'),
        coordinates: z.array(z.array(ring).min(1).max(100)).min(1).max(100),
      }),
    ],
    { error: 'must be a GeoJSON Polygon or MultiPolygon' },
  )
  .openapi('PlaceGeometry');

export function openingHoursProblem(v: string): string | null {
  try {
    new OpeningHours(v, null, 0);
    return null;
  } catch (err) {
    return `not valid OSM opening_hours: ${String((err as Error).message ?? err)
      .split('\n')[0]
      ?.slice(0, 200)}`;
  }
}

const openingHours = text(500)
  .superRefine((v, ctx) => {
    const p = v ? openingHoursProblem(v) : null;
    if (p) ctx.addIssue({ code: 'custom', message: p });
  })
  .transform((v) => v || null);

export const PlaceFields = {
  kind: z.enum(PLACE_KINDS, { error: `must be one of ${PLACE_KINDS.join(', ')}` }),
  name: text(200).refine((v) => v.length > 0, 'give a name'),
  names: localized(200),
  address: text(300)
    .transform((v) => v || null)
    .nullable(),
  location: LocationSchema.nullable(),
  geometry: GeometrySchema.nullable(),
  opening_hours: openingHours.nullable(),
  accessibility: AccessibilitySchema,
  contact: ContactSchema,
  organisation_id: uuid.nullable(),
};

export const PlaceInputSchema = z
  .object({
    ...PlaceFields,
    names: PlaceFields.names.default({}),
    address: PlaceFields.address.default(null),
    location: PlaceFields.location.default(null),
    geometry: PlaceFields.geometry.default(null),
    opening_hours: PlaceFields.opening_hours.default(null),
    accessibility: PlaceFields.accessibility.default({}),
    contact: PlaceFields.contact.default({}),
    organisation_id: PlaceFields.organisation_id.default(null),
  })
  .openapi('PlaceInput');
export type PlaceInput = z.infer<typeof PlaceInputSchema>;

export const PlacePatchSchema = z
  .object({ ...PlaceFields, expected_updated_at: expectedUpdatedAt })
  .partial()
  .required({ expected_updated_at: true })
  .openapi('PlacePatch');
export type PlacePatch = z.infer<typeof PlacePatchSchema>;

export const StatusChangeSchema = z
  .object({
    status: z.enum(STATUSES, { error: `must be one of ${STATUSES.join(', ')}` }),
    expected_updated_at: expectedUpdatedAt,
  })
  .openapi('StatusChange');
