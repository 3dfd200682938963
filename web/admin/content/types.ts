/**
 * The content API's shapes as the pages see them (/work/notes content contract; the server's zod
 * schemas are the authority). Kept here so the pages build without the server's modules.
 */
export const CONTENT_LANGS = ['en', 'fr', 'he', 'pl', 'uk', 'ru'] as const;
export type Lang = (typeof CONTENT_LANGS)[number];
export type LocalizedText = Partial<Record<Lang, string>>;
export const STATUSES = ['draft', 'pending', 'published', 'archived'] as const;
export type Status = (typeof STATUSES)[number];
export const KINDS = ['program', 'event', 'volunteering', 'group', 'service', 'grant'] as const;
export type Kind = (typeof KINDS)[number];

export interface ScheduleInput {
  /** local wall time 'YYYY-MM-DDTHH:MM' in the tenant's time zone */
  dtstart: string;
  duration_minutes: number;
  /** RFC 5545 RRULE body without 'RRULE:' and without DTSTART; null = one date */
  rrule: string | null;
  /** local 'YYYY-MM-DDTHH:MM' */
  exdates: string[];
}

export interface Accessibility {
  wheelchair?: 'yes' | 'limited' | 'no';
  step_free?: boolean;
  toilets?: boolean;
  hearing_loop?: boolean;
  note?: string;
}
export interface Contact {
  phone?: string;
  email?: string;
  website?: string;
}

export interface OpportunityInput {
  kind: Kind;
  title: LocalizedText;
  description: LocalizedText;
  categories: string[];
  audiences: string[];
  languages: string[];
  age_min: number | null;
  age_max: number | null;
  cost: { free: boolean; amount?: number; currency?: string; note?: string };
  accessibility: Accessibility;
  registration: { required: boolean; url?: string; phone?: string; email?: string; note?: string };
  contact: Contact;
  organisation_id: string | null;
  place_id: string | null;
  location: { lon: number; lat: number } | null;
  schedules: ScheduleInput[];
  /** kind grant: the deadline to apply (YYYY-MM-DD, inclusive), the most it gives, its currency */
  grant?: { deadline: string; amount: number; currency: string } | null;
  /** who may apply or take part */
  eligibility?: string | null;
}

export interface Occurrence {
  start: string;
  end: string;
}

export interface OpportunityRecord extends OpportunityInput {
  id: string;
  status: Status;
  updated_at: string;
  organisation: { id: string; name: string } | null;
  place: { id: string; name: string; lon: number; lat: number } | null;
  missing_languages: Lang[];
  next_dates: Occurrence[];
  source: string;
}

export interface OpportunitySummary {
  id: string;
  title: LocalizedText;
  status: Status;
  kind: string;
  organisation: { id: string; name: string } | null;
  place: { id: string; name: string } | null;
  updated_at: string;
  missing_languages: Lang[];
  next_date: Occurrence | null;
}

export interface PlaceInput {
  kind: string;
  name: string;
  names: LocalizedText;
  address: string | null;
  location: { lon: number; lat: number } | null;
  geometry: unknown | null;
  opening_hours: string | null;
  accessibility: Accessibility;
  contact: Contact;
  organisation_id: string | null;
}

export interface PlaceRecord extends PlaceInput {
  id: string;
  status: Status;
  updated_at: string;
  organisation: { id: string; name: string } | null;
  source: string;
}

export interface PlaceSummary {
  id: string;
  name: string;
  status: Status;
  kind: string;
  organisation: { id: string; name: string } | null;
  updated_at: string;
  address?: string | null;
  missing_languages?: Lang[];
}

export interface HistoryEntry {
  id: string;
  at: string;
  actor_label: string;
  action: string;
  summary: string;
  changes: { field: string; previous: unknown; next: unknown }[];
}

export interface OrganisationOption {
  id: string;
  slug: string;
  name: string;
}

/** a text in the page's language, else the town's default, else any there is */
export function pickText(t: LocalizedText, lang: string, fallback: string): string {
  const v = t as Record<string, string | undefined>;
  return v[lang]?.trim() || v[fallback]?.trim() || Object.values(v).find((x) => x?.trim()) || '';
}

/** the review of pending items (GET /api/admin/review…, server/content/review.ts) */
export type ReviewType = 'opportunity' | 'place';
export interface ReviewItem {
  type: ReviewType;
  id: string;
  kind: string;
  /** an activity's title, a place's names */
  title: LocalizedText;
  name: string;
  organisation: { id: string; name: string } | null;
  sent_at: string;
  sent_by: string | null;
  updated_at: string;
}
export interface ReturnedItem {
  type: ReviewType;
  id: string;
  reason: string;
  at: string;
  by: string | null;
}
