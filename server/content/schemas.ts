/** The back office's answers (records, summaries, history), for the types and the OpenAPI document. */
import { z } from '@hono/zod-openapi';
import { LOCALES } from '../../data/town-format.ts';
import { ScheduleInputSchema } from './schedule.ts';
import {
  AccessibilitySchema,
  ContactSchema,
  GeometrySchema,
  GrantSchema,
  LocationSchema,
  STATUSES,
} from './validation.ts';

const Localized = z.partialRecord(z.enum(LOCALES), z.string());
const OrgRef = z.object({ id: z.string(), name: z.string() }).nullable();
const DateSpan = z.object({ start: z.string(), end: z.string() });

export const OpportunityRecordSchema = z
  .object({
    id: z.string(),
    status: z.enum(STATUSES),
    updated_at: z.string().openapi({ description: 'send it back as expected_updated_at' }),
    kind: z.string(),
    title: Localized,
    description: Localized,
    categories: z.array(z.string()),
    audiences: z.array(z.string()),
    languages: z.array(z.string()),
    age_min: z.number().nullable(),
    age_max: z.number().nullable(),
    cost: z.object({
      free: z.boolean(),
      amount: z.number().optional(),
      currency: z.string().optional(),
      note: z.string().optional(),
    }),
    accessibility: AccessibilitySchema,
    registration: z.object({ required: z.boolean() }).catchall(z.unknown()),
    contact: ContactSchema,
    organisation_id: z.string().nullable(),
    place_id: z.string().nullable(),
    location: LocationSchema.nullable(),
    schedules: z.array(ScheduleInputSchema),
    organisation: OrgRef,
    place: z.object({ id: z.string(), name: z.string(), lon: z.number(), lat: z.number() }).nullable(),
    missing_languages: z.array(z.string()),
    next_dates: z.array(DateSpan),
    source: z.string(),
    grant: GrantSchema.nullable(),
    eligibility: z.string().nullable(),
  })
  .openapi('OpportunityRecord');
export type OpportunityRecord = z.infer<typeof OpportunityRecordSchema>;

export const OpportunitySummarySchema = z
  .object({
    id: z.string(),
    title: Localized,
    status: z.enum(STATUSES),
    kind: z.string(),
    organisation: OrgRef,
    place: z.object({ id: z.string(), name: z.string() }).nullable(),
    updated_at: z.string(),
    missing_languages: z.array(z.string()),
    next_date: DateSpan.nullable(),
  })
  .openapi('OpportunitySummary');
export type OpportunitySummary = z.infer<typeof OpportunitySummarySchema>;

export const PlaceRecordSchema = z
  .object({
    id: z.string(),
    status: z.enum(STATUSES),
    updated_at: z.string(),
    kind: z.string(),
    name: z.string(),
    names: Localized,
    address: z.string().nullable(),
    location: LocationSchema.nullable(),
    geometry: GeometrySchema.nullable(),
    opening_hours: z.string().nullable(),
    accessibility: AccessibilitySchema,
    contact: ContactSchema,
    organisation_id: z.string().nullable(),
    organisation: OrgRef,
    source: z.string(),
  })
  .openapi('PlaceRecord');
export type PlaceRecord = z.infer<typeof PlaceRecordSchema>;

export const PlaceSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.string(),
    status: z.enum(STATUSES),
    address: z.string().nullable(),
    organisation: OrgRef,
    updated_at: z.string(),
    source: z.string(),
  })
  .openapi('PlaceSummary');
export type PlaceSummary = z.infer<typeof PlaceSummarySchema>;

export const HistorySchema = z
  .object({
    items: z.array(
      z.object({
        id: z.number(),
        at: z.string(),
        actor_label: z.string().nullable(),
        action: z.string(),
        summary: z.string(),
        changes: z.array(z.object({ field: z.string(), previous: z.unknown(), next: z.unknown() })),
      }),
    ),
  })
  .openapi('ContentHistory');
export type History = z.infer<typeof HistorySchema>;
