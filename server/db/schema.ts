/**
 * Typed schema of the database, as created by the migrations in ./migrations.
 * Geometry columns are typed `string` (they are only ever read through ST_AsGeoJSON/ST_X… in SQL).
 */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Geometry = ColumnType<string, string, string>;
type Json<T extends object | null> = JSONColumnType<T, string, string>;

export type LocalizedText = Record<string, string>;

export interface TenantTable {
  id: Generated<number>;
  slug: string;
  name: Json<LocalizedText>;
  locales: string[];
  default_locale: string;
  timezone: string;
  home: Json<{ center: [number, number]; zoom: number }>;
  bbox: number[] | null;
  source: string | null;
  fictional: Generated<boolean>;
  created_at: Generated<Timestamp>;
}

export type AreaKind = 'neighbourhood' | 'degraded_zone' | 'revitalization_zone' | 'population_unit';

export interface AreaTable {
  id: string;
  tenant_id: number;
  kind: AreaKind;
  name: string;
  names: Json<LocalizedText>;
  population: number | null;
  population_by_age: Json<Record<string, number>> | null;
  census: Json<Record<string, number>>;
  designation: string | null;
  programme: string | null;
  valid_from: string | null;
  valid_to: string | null;
  source: string;
  source_id: string;
  geom: Geometry;
  updated_at: Generated<Timestamp>;
}

export interface PlaceTable {
  id: string;
  tenant_id: number;
  kind: string;
  name: string;
  names: Json<LocalizedText>;
  address: string | null;
  opening_hours: string | null;
  accessibility: Json<Record<string, unknown>>;
  contact: Json<Record<string, string>>;
  attributes: Json<Record<string, unknown>>;
  source: string;
  source_id: string;
  /** null only for a draft place without a point yet (migration 0011_place_drafts) */
  geom: ColumnType<string | null, string | null, string | null>;
  /** a point on the place (ST_PointOnSurface): where its label and its programs sit */
  anchor: ColumnType<string | null, string | null, string | null>;
  /** the organisation row that owns it (migration 0008; filled by the back office) */
  organisation_id: Generated<string | null>;
  /** migration 0011: only published places are public (existing and imported rows: published) */
  status: Generated<OpportunityStatus>;
  updated_at: Generated<Timestamp>;
}

export type OpportunityStatus = 'draft' | 'pending' | 'published' | 'archived';

export interface OpportunityTable {
  id: string;
  tenant_id: number;
  place_id: string | null;
  kind: string;
  title: Json<LocalizedText>;
  description: Json<LocalizedText>;
  categories: string[];
  audiences: string[];
  languages: string[];
  age_min: number | null;
  age_max: number | null;
  cost: Json<{ free: boolean; amount?: number; currency?: string; note?: string }>;
  is_free: boolean;
  registration: Json<Record<string, unknown>>;
  /** local wall time in `timezone` */
  dtstart: string | null;
  duration_minutes: number | null;
  rrule: string | null;
  timezone: string | null;
  status: OpportunityStatus;
  eligibility: Generated<string | null>;
  accessibility: Generated<Record<string, unknown>>;
  contact: Generated<Record<string, string>>;
  organisation: Generated<string | null>;
  /** the organisation row that owns it (migration 0008; filled by the back office) */
  organisation_id: Generated<string | null>;
  /** every schedule (the first is also in dtstart/duration_minutes/rrule/timezone), with exdates */
  schedules: Generated<unknown[]>;
  attributes: Generated<Record<string, unknown>>;
  source: string;
  source_id: string;
  /** null only for a draft without a location yet (migration 0011); published rows have one */
  geom: ColumnType<string | null, string | null, string | null>;
  /** grants (migration 0014): the deadline to apply and the amount */
  grant_deadline: Generated<string | null>;
  grant_amount: Generated<string | number | null>;
  grant_currency: Generated<string | null>;
  updated_at: Generated<Timestamp>;
}

export interface BasemapFeatureTable {
  id: Generated<string>;
  tenant_id: number;
  /** street, water, green space, building, or a place name's point (migration 0021) */
  kind: 'street' | 'water' | 'green' | 'building' | 'place';
  class: string;
  name: string | null;
  /** names per language from OSM `name:xx` (migration 0021) */
  names: Generated<Record<string, string>>;
  /** the import that brought it: 'town' for the demo town, the import's source otherwise */
  source: Generated<string>;
  source_id: Generated<string | null>;
  geom: Geometry;
}

export interface WalkNodeTable {
  id: Generated<string>;
  tenant_id: number;
  source: string;
  source_id: string;
  geom: Geometry;
}

export interface WalkEdgeTable {
  id: Generated<string>;
  tenant_id: number;
  source: string;
  source_id: string;
  from_node: string;
  to_node: string;
  length_m: number;
  highway: string;
  name: string | null;
  geom: Geometry;
}

export interface ImportRunTable {
  id: Generated<string>;
  tenant_id: number;
  format: string;
  source: string;
  file: string;
  started_at: Date | string;
  finished_at: Generated<Timestamp>;
  report: Json<Record<string, unknown>>;
}

export interface AccessSampleTable {
  tenant_id: number;
  idx: number;
  area_id: string;
  population: number;
  x: number;
  y: number;
  geom: Geometry;
}

export interface AccessSetTable {
  tenant_id: number;
  set_key: string;
  method: 'network' | 'straight-line';
  site_count: number;
  distances: (number | null)[];
  centres: Json<Record<string, { lon: number; lat: number; distance_m: number | null }>>;
  /** sites of the set per neighbourhood (by where the site's point lies) */
  counts: Json<Record<string, number>>;
  network_share: number;
  computed_at: Timestamp;
}

export interface AccessStateTable {
  tenant_id: number;
  srid: number;
  cell_m: number;
  cap_m: number;
  sample_count: number;
  walk_network: boolean;
  population_sources: Json<Record<string, 'units' | 'uniform'>>;
  facts: Json<Record<string, { area_km2: number; park_ha: number; degraded_share: number }>>;
  duration_ms: number;
  computed_at: Timestamp;
}

export interface KioskTable {
  id: Generated<string>;
  tenant_id: number;
  slug: string;
  place_id: string;
  default_language: string;
  languages: string[];
  idle_seconds: number;
  layers: string[];
  radius_m: number;
  printer: boolean;
  updated_at: Timestamp;
}

export interface SubscriptionTable {
  id: string;
  tenant_id: number;
  email: string;
  language: string;
  frequency: 'weekly' | 'daily';
  filters: Json<Record<string, string>>;
  /** inserted by default as now() */
  created_at: Timestamp;
  confirmed_at: Timestamp | null;
  last_sent_at: Timestamp | null;
  /** the end of the period the last digest covered: what starts later is new */
  covered_until: Timestamp | null;
}

export interface SubscriptionTokenTable {
  /** SHA-256 of the token (base64url); the token itself is only in the mail */
  hash: string;
  subscription_id: string;
  purpose: 'confirm' | 'manage';
  /** inserted by default as now() */
  created_at: Timestamp;
}

export interface DB {
  subscription: SubscriptionTable;
  subscription_token: SubscriptionTokenTable;
  kiosk: KioskTable;
  access_sample: AccessSampleTable;
  access_set: AccessSetTable;
  access_state: AccessStateTable;
  tenant: TenantTable;
  tenant_setting: TenantSettingTable;
  area: AreaTable;
  place: PlaceTable;
  opportunity: OpportunityTable;
  basemap_feature: BasemapFeatureTable;
  walk_node: WalkNodeTable;
  walk_edge: WalkEdgeTable;
  import_run: ImportRunTable;
  occurrence: OccurrenceTable;
  occurrence_horizon: OccurrenceHorizonTable;
  account: AccountTable;
  organisation: OrganisationTable;
  membership: MembershipTable;
  session: SessionTable;
  sign_in_link: SignInLinkTable;
  api_token: ApiTokenTable;
  sign_in_attempt: SignInAttemptTable;
  audit_entry: AuditEntryTable;
  tenant_host: TenantHostTable;
  emergency_state: EmergencyStateTable;
  emergency_mark: EmergencyMarkTable;
  emergency_notice: EmergencyNoticeTable;
  survey_campaign: SurveyCampaignTable;
  funding_call: FundingCallTable;
  proposal: ProposalTable;
  need: NeedTable;
  support: SupportTable;
  participation_token: ParticipationTokenTable;
  connector_application: ConnectorApplicationTable;
  connector_alert: ConnectorAlertTable;
  connector_review: ConnectorReviewTable;
  participation_count: ParticipationCountTable;
  moderation_block: ModerationBlockTable;
  install_secret: InstallSecretTable;
}

/** a host name that chooses a tenant (migration 0009) */
export interface TenantHostTable {
  host: string;
  tenant_id: number;
  created_at: Generated<Timestamp>;
}

/** one stored occurrence of an opportunity's schedule (migration 0006) */
export interface OccurrenceTable {
  tenant_id: number;
  opportunity_id: string;
  /** which of the opportunity's schedules (its index) */
  schedule_no: number;
  starts_at: Timestamp;
  ends_at: Timestamp;
  /** the hour of starts_at on the tenant's wall clock (when=evenings) */
  local_hour: number;
  /** the schedule's zone (the offset the dates are written with) */
  timezone: string;
  /** the first occurrence after the horizon (kept so the next date stays exact) */
  beyond: Generated<boolean>;
}

/** the span a tenant's stored occurrences answer exactly */
export interface OccurrenceHorizonTable {
  tenant_id: number;
  from_at: Timestamp;
  until_at: Timestamp;
  horizon_days: number;
  refreshed_at: Generated<Timestamp>;
}

// ---- accounts (migration 0008) ----

/** the roles of a membership (docs/ADMIN.md has what each may do) */
export type Role = 'admin' | 'editor' | 'moderator' | 'planner' | 'block_connector';

export interface AccountTable {
  id: string;
  email: string;
  /** argon2id PHC string; null: signs in by e-mailed link only */
  password_hash: string | null;
  /** spans tenants: acts as admin of every tenant */
  operator: Generated<boolean>;
  created_at: Timestamp;
  last_sign_in_at: Timestamp | null;
  disabled_at: Timestamp | null;
}

export interface OrganisationTable {
  id: string;
  tenant_id: number;
  slug: string;
  name: string;
  created_at: Timestamp;
  /** how to reach the organisation (migration 0013) */
  contact: Generated<string | null>;
  /** archived organisations take no new editors (migration 0013) */
  archived_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface MembershipTable {
  id: string;
  account_id: string;
  tenant_id: number;
  role: Role;
  /** set exactly for editors */
  organisation_id: string | null;
  /** block connectors: an area of the tenant, or a drawn polygon (area_geom) */
  area_id: string | null;
  area_geom: Geometry | null;
  created_at: Timestamp;
}

export interface SessionTable {
  /** SHA-256 of the cookie's value (base64url) */
  id_hash: string;
  account_id: string;
  tenant_id: number;
  csrf_secret: string;
  via: 'password' | 'link';
  created_at: Timestamp;
  /** absolute expiry */
  expires_at: Timestamp;
  /** idle expiry counts from here */
  last_seen_at: Timestamp;
}

export interface SignInLinkTable {
  hash: string;
  account_id: string;
  tenant_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface ApiTokenTable {
  id: string;
  hash: string;
  name: string;
  account_id: string;
  tenant_id: number;
  role: Role;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface SignInAttemptTable {
  id: Generated<number>;
  key_hash: string;
  purpose: 'password' | 'link';
  at: Timestamp;
  succeeded: boolean;
}

export type AuditActorKind = 'account' | 'token' | 'admin_token' | 'system' | 'import' | 'anonymous';

export interface AuditEntryTable {
  /** bigserial, read as a number (both drivers parse int8) */
  id: Generated<number>;
  tenant_id: number | null;
  at: Timestamp;
  actor_kind: AuditActorKind;
  actor_account_id: string | null;
  actor_token_id: string | null;
  actor_label: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  previous: Json<Record<string, unknown>> | null;
  new: Json<Record<string, unknown>> | null;
  summary: Generated<string>;
}

/** a tenant's settings beyond its row (migration 0013); null: the install-wide default */
export interface TenantSettingTable {
  tenant_id: number;
  contact_email: string | null;
  digest_weekday: number | null;
  digest_hour: number | null;
  updated_at: Timestamp;
  /** migration 0023: '12h' | '24h' forces the clock of the town's pages; null: the language's custom */
  clock: Generated<'12h' | '24h' | null>;
}

/** emergency mode (migration 0012): one row per tenant once an admin has touched it */
export interface EmergencyStateTable {
  tenant_id: number;
  active: Generated<boolean>;
  activation: Generated<number>;
  message: Json<LocalizedText>;
  area_ids: Generated<string[]>;
  started_at: Timestamp | null;
  started_by: string | null;
  started_by_account: string | null;
  ended_at: Timestamp | null;
  ended_by: string | null;
  ended_by_account: string | null;
  updated_at: Timestamp;
}

export type EmergencyRole = 'shelter' | 'distribution_point' | 'volunteer_call' | 'information_point';

export interface EmergencyMarkTable {
  id: string;
  tenant_id: number;
  place_id: string | null;
  opportunity_id: string | null;
  role: EmergencyRole;
  note: Json<LocalizedText>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EmergencyNoticeTable {
  tenant_id: number;
  activation: number;
  subscription_id: string;
  kind: 'alert' | 'all_clear';
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

// ---- residents' participation (migration 0014; docs/PARTICIPATION.md) ----

/** numeric(14,2): the drivers hand back a string; cast in SQL (`::float8`) or Number() it */
type Numeric = ColumnType<string | number, string | number, string | number>;

/** a resident's submission, from the form to the map */
export type SubmissionStatus = 'unconfirmed' | 'pending' | 'returned' | 'published' | 'rejected' | 'withdrawn';

export interface SurveyCampaignTable {
  id: string;
  tenant_id: number;
  title: Json<LocalizedText>;
  intro: Json<LocalizedText>;
  area_ids: string[];
  opens_on: string;
  closes_on: string;
  questions: Json<
    {
      key: string;
      kind: 'text' | 'audiences' | 'yes_no' | 'choice';
      label: LocalizedText;
      options?: { value: string; label: LocalizedText }[];
    }[]
  >;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  archived_at: Timestamp | null;
}

export interface FundingCallTable {
  id: string;
  tenant_id: number;
  title: Json<LocalizedText>;
  description: Json<LocalizedText>;
  rules: Json<LocalizedText>;
  budget: Numeric;
  currency: string;
  max_amount: Numeric | null;
  area_ids: string[];
  submissions_open: Timestamp;
  submissions_close: Timestamp;
  supports_open: Timestamp;
  supports_close: Timestamp;
  residents_only: Generated<boolean>;
  status: Generated<'draft' | 'open' | 'decided' | 'archived'>;
  decided_at: Timestamp | null;
  decided_by: string | null;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface ProposalTable {
  id: string;
  tenant_id: number;
  kind: 'activity' | 'initiative' | 'group';
  status: Generated<SubmissionStatus>;
  title: Json<LocalizedText>;
  description: Json<LocalizedText>;
  language: string;
  categories: Generated<string[]>;
  audiences: Generated<string[]>;
  languages: Generated<string[]>;
  age_min: number | null;
  age_max: number | null;
  schedules: Json<unknown[]>;
  join_url: string | null;
  join_platform: 'whatsapp' | 'telegram' | 'signal' | 'facebook' | 'website' | 'other' | null;
  join_private: Generated<boolean>;
  public_contact: Json<Record<string, string>>;
  geom: ColumnType<string | null, string | null, string | null>;
  area_id: string | null;
  zone_ids: Generated<string[]>;
  /** cleared PARTICIPATION_EMAIL_RETENTION_DAYS after the last mail (migration 0020) */
  email: string | null;
  /** the address's domain, kept when the address is cleared (migration 0020) */
  email_domain: string | null;
  email_hash: string;
  client_hash: string | null;
  return_reason: string | null;
  reject_reason: string | null;
  opportunity_id: string | null;
  call_id: string | null;
  cost: Numeric | null;
  cost_note: string | null;
  funded_at: Timestamp | null;
  funded_amount: Numeric | null;
  created_at: Generated<Timestamp>;
  confirmed_at: Timestamp | null;
  submitted_at: Timestamp | null;
  decided_at: Timestamp | null;
  decided_by: string | null;
  updated_at: Generated<Timestamp>;
}

export interface NeedTable {
  id: string;
  tenant_id: number;
  status: Generated<SubmissionStatus>;
  text: string;
  language: string;
  audiences: Generated<string[]>;
  /** where it was pinned: never public */
  geom: Geometry;
  /** coarsened to about 100 m: the only location that is published */
  public_geom: Geometry;
  area_id: string | null;
  zone_ids: Generated<string[]>;
  campaign_id: string | null;
  answers: Json<Record<string, unknown>>;
  would_help: boolean | null;
  /** cleared PARTICIPATION_EMAIL_RETENTION_DAYS after the last mail (migration 0020) */
  email: string | null;
  /** the address's domain, kept when the address is cleared (migration 0020) */
  email_domain: string | null;
  email_hash: string;
  client_hash: string | null;
  return_reason: string | null;
  reject_reason: string | null;
  created_at: Generated<Timestamp>;
  confirmed_at: Timestamp | null;
  submitted_at: Timestamp | null;
  decided_at: Timestamp | null;
  decided_by: string | null;
  updated_at: Generated<Timestamp>;
}

export interface SupportTable {
  id: string;
  tenant_id: number;
  target_type: 'proposal' | 'need';
  target_id: string;
  email_hash: string;
  /** kept until the support is confirmed, then cleared */
  email: string | null;
  language: string;
  lives_in_area: boolean | null;
  status: Generated<'unconfirmed' | 'confirmed' | 'withdrawn'>;
  client_hash: string | null;
  created_at: Generated<Timestamp>;
  confirmed_at: Timestamp | null;
  withdrawn_at: Timestamp | null;
}

export type ParticipationTarget = 'proposal' | 'need' | 'support' | 'connector_application';

export interface ParticipationTokenTable {
  /** SHA-256 of the token (base64url); the token itself is only in the mail */
  hash: string;
  tenant_id: number;
  purpose: 'confirm' | 'edit' | 'withdraw';
  target_type: ParticipationTarget;
  target_id: string;
  created_at: Generated<Timestamp>;
  expires_at: Timestamp | null;
  used_at: Timestamp | null;
}

export interface ConnectorApplicationTable {
  id: string;
  tenant_id: number;
  email: string;
  email_hash: string;
  name: string;
  language: string;
  message: string | null;
  block_ids: Generated<string[]>;
  geom: Geometry;
  status: Generated<'unconfirmed' | 'pending' | 'approved' | 'declined'>;
  decline_reason: string | null;
  membership_id: string | null;
  client_hash: string | null;
  created_at: Generated<Timestamp>;
  confirmed_at: Timestamp | null;
  decided_at: Timestamp | null;
  decided_by: string | null;
}

export interface ConnectorAlertTable {
  membership_id: string;
  tenant_id: number;
  target_type: 'proposal' | 'need' | 'opportunity';
  target_id: string;
  created_at: Generated<Timestamp>;
  sent_at: Timestamp | null;
}

export interface ConnectorReviewTable {
  id: string;
  tenant_id: number;
  account_id: string;
  target_type: 'proposal' | 'need' | 'opportunity' | 'place';
  target_id: string;
  verdict: 'confirm' | 'flag';
  note: string | null;
  created_at: Generated<Timestamp>;
  resolved_at: Timestamp | null;
  resolved_by: string | null;
}

export interface ParticipationCountTable {
  id: string;
  tenant_id: number;
  batch: string;
  opportunity_id: string | null;
  programme: string;
  period_start: string;
  period_end: string;
  measure: 'registrations' | 'attendance' | 'participants';
  count: number;
  home_area_id: string | null;
  age_band: string | null;
  audience: string | null;
  created_at: Generated<Timestamp>;
}

export interface ModerationBlockTable {
  id: string;
  tenant_id: number;
  kind: 'address' | 'email_domain';
  value: string;
  reason: string | null;
  created_by: string | null;
  created_at: Generated<Timestamp>;
}

/** install-wide secrets kept in the database (migration 0015): `participation` (client hashes) */
export interface InstallSecretTable {
  name: string;
  value: string;
  created_at: Generated<Timestamp>;
}
