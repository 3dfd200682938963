/**
 * Residents start things (issue 13): proposals (activities, initiatives, groups) and needs that
 * residents submit without an account, confirmed by e-mail and moderated; supports (one per
 * confirmed e-mail and item); survey campaigns an admin opens for an area and a period; funding
 * calls (an equal-opportunities micro-budget: budget, area, windows, rules); block connectors'
 * applications, alerts and reviews; participation counts imported for the planner's reach; and
 * moderators' blocks of abusive addresses and e-mail domains. Grants get a deadline and an amount.
 *
 * Personal data stays in these tables only: an e-mail address is kept with the row it confirms
 * (for the mails of each step) and a SHA-256 of the normalised address (`email_hash`, keyed by
 * the tenant) for "one per e-mail" and the limits; a client address only as a salted hash (`client_hash`).
 * docs/PARTICIPATION.md says what is kept and for how long.
 */
import { type Kysely, sql } from 'kysely';

const STATUS = `'unconfirmed', 'pending', 'returned', 'published', 'rejected', 'withdrawn'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`SET LOCAL statement_timeout = 0`.execute(db);

  // grants are opportunities of kind 'grant' with a deadline and an amount (eligibility exists)
  await sql`ALTER TABLE opportunity ADD COLUMN grant_deadline date`.execute(db);
  await sql`ALTER TABLE opportunity ADD COLUMN grant_amount numeric(14, 2)`.execute(db);
  await sql`ALTER TABLE opportunity ADD COLUMN grant_currency text`.execute(db);

  await sql`
    CREATE TABLE survey_campaign (
      id uuid PRIMARY KEY,
      tenant_id integer NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      title jsonb NOT NULL DEFAULT '{}'::jsonb,
      intro jsonb NOT NULL DEFAULT '{}'::jsonb,
      -- areas of the tenant it is open for; empty: the whole town
      area_ids uuid[] NOT NULL DEFAULT '{}',
      opens_on date NOT NULL,
      closes_on date NOT NULL CHECK (closes_on >= opens_on),
      -- [{key, kind: 'text'|'audiences'|'yes_no'|'choice', label: {lang: text}, options?: [...]}]
      questions jsonb NOT NULL DEFAULT '[]'::jsonb,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX survey_campaign_tenant ON survey_campaign (tenant_id, opens_on)`.execute(db);

  await sql`
    CREATE TABLE funding_call (
      id uuid PRIMARY KEY,
      tenant_id integer NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      title jsonb NOT NULL DEFAULT '{}'::jsonb,
      description jsonb NOT NULL DEFAULT '{}'::jsonb,
      rules jsonb NOT NULL DEFAULT '{}'::jsonb,
      budget numeric(14, 2) NOT NULL CHECK (budget > 0),
      currency text NOT NULL,
      -- the most one initiative may ask for; null: up to the budget
      max_amount numeric(14, 2) CHECK (max_amount IS NULL OR max_amount > 0),
      -- areas of the tenant (often a designated zone); empty: the whole town
      area_ids uuid[] NOT NULL DEFAULT '{}',
      submissions_open timestamptz NOT NULL,
      submissions_close timestamptz NOT NULL CHECK (submissions_close > submissions_open),
      supports_open timestamptz NOT NULL,
      supports_close timestamptz NOT NULL CHECK (supports_close > supports_open),
      -- supports count only from those who declare they live in the call's area
      residents_only boolean NOT NULL DEFAULT false,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'decided', 'archived')),
      decided_at timestamptz,
      decided_by uuid,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX funding_call_tenant ON funding_call (tenant_id, status)`.execute(db);

  await sql`
    CREATE TABLE proposal (
      id uuid PRIMARY KEY,
      tenant_id integer NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('activity', 'initiative', 'group')),
      status text NOT NULL DEFAULT 'unconfirmed' CHECK (status IN (${sql.raw(STATUS)})),
      title jsonb NOT NULL DEFAULT '{}'::jsonb,
      description jsonb NOT NULL DEFAULT '{}'::jsonb,
      -- the proposer's language: the mails of each step are in it
      language text NOT NULL,
      categories text[] NOT NULL DEFAULT '{}',
      audiences text[] NOT NULL DEFAULT '{}',
      languages text[] NOT NULL DEFAULT '{}',
      age_min integer,
      age_max integer,
      -- the content API's ScheduleInput list (server/content/schemas.ts)
      schedules jsonb NOT NULL DEFAULT '[]'::jsonb,
      -- a group's join link; a private one is shown only on request, never in feeds or indexes
      join_url text,
      join_platform text CHECK (join_platform IN ('whatsapp', 'telegram', 'signal', 'facebook', 'website', 'other')),
      join_private boolean NOT NULL DEFAULT false,
      -- what the proposer agreed to show (organiser name, public e-mail or phone)
      public_contact jsonb NOT NULL DEFAULT '{}'::jsonb,
      -- a point, or only a neighbourhood (area_id chosen, geom null)
      geom geometry(Point, 4326),
      area_id uuid REFERENCES area(id) ON DELETE SET NULL,
      -- the designated zones (degraded / revitalisation) it falls in
      zone_ids uuid[] NOT NULL DEFAULT '{}',
      email text NOT NULL,
      email_hash text NOT NULL,
      client_hash text,
      return_reason text,
      reject_reason text,
      -- the ordinary opportunity it became when published (source 'proposal', source_id = id)
      opportunity_id uuid REFERENCES opportunity(id) ON DELETE SET NULL,
      -- a submission to a funding call, with its cost
      call_id uuid REFERENCES funding_call(id) ON DELETE CASCADE,
      cost numeric(14, 2) CHECK (cost IS NULL OR cost >= 0),
      cost_note text,
      funded_at timestamptz,
      funded_amount numeric(14, 2),
      created_at timestamptz NOT NULL DEFAULT now(),
      confirmed_at timestamptz,
      submitted_at timestamptz,
      decided_at timestamptz,
      decided_by uuid,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (call_id IS NULL OR cost IS NOT NULL)
    )`.execute(db);
  await sql`CREATE INDEX proposal_tenant_status ON proposal (tenant_id, status, submitted_at)`.execute(db);
  await sql`CREATE INDEX proposal_email ON proposal (tenant_id, email_hash, created_at)`.execute(db);
  await sql`CREATE INDEX proposal_call ON proposal (call_id) WHERE call_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX proposal_geom ON proposal USING gist (geom)`.execute(db);

  await sql`
    CREATE TABLE need (
      id uuid PRIMARY KEY,
      tenant_id integer NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      status text NOT NULL DEFAULT 'unconfirmed' CHECK (status IN (${sql.raw(STATUS)})),
      text text NOT NULL,
      language text NOT NULL,
      audiences text[] NOT NULL DEFAULT '{}',
      -- where it was pinned: never public
      geom geometry(Point, 4326) NOT NULL,
      -- the published location, coarsened to about 100 m (server/participation/places.ts)
      public_geom geometry(Point, 4326) NOT NULL,
      area_id uuid REFERENCES area(id) ON DELETE SET NULL,
      zone_ids uuid[] NOT NULL DEFAULT '{}',
      -- an answer to a survey campaign: its answers by question key
      campaign_id uuid REFERENCES survey_campaign(id) ON DELETE SET NULL,
      answers jsonb NOT NULL DEFAULT '{}'::jsonb,
      would_help boolean,
      email text NOT NULL,
      email_hash text NOT NULL,
      client_hash text,
      return_reason text,
      reject_reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      confirmed_at timestamptz,
      submitted_at timestamptz,
      decided_at timestamptz,
      decided_by uuid,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX need_tenant_status ON need (tenant_id, status, submitted_at)`.execute(db);
  await sql`CREATE INDEX need_email ON need (tenant_id, email_hash, created_at)`.execute(db);
  await sql`CREATE INDEX need_public_geom ON need USING gist (public_geom)`.execute(db);
  await sql`CREATE INDEX need_campaign ON need (campaign_id) WHERE campaign_id IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE support (
      id uuid PRIMARY KEY,
      tenant_id integer NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      target_type text NOT NULL CHECK (target_type IN ('proposal', 'need')),
      target_id uuid NOT NULL,
      email_hash text NOT NULL,
      -- kept until confirmed (the confirmation mail), then cleared
      email text,
      language text NOT NULL,
      -- declared by the supporter (calls limited to residents of their area)
      lives_in_area boolean,
      status text NOT NULL DEFAULT 'unconfirmed' CHECK (status IN ('unconfirmed', 'confirmed', 'withdrawn')),
      client_hash text,
      created_at timestamptz NOT NULL DEFAULT now(),
      confirmed_at timestamptz,
      withdrawn_at timestamptz,
      UNIQUE (tenant_id, target_type, target_id, email_hash)
    )`.execute(db);
  await sql`CREATE INDEX support_target ON support (target_type, target_id, status)`.execute(db);

  // one-time links in the mails: only their SHA-256 here (server/subscriptions/tokens.ts)
  await sql`
    CREATE TABLE participation_token (
      hash text PRIMARY KEY,
      tenant_id integer NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      purpose text NOT NULL CHECK (purpose IN ('confirm', 'edit', 'withdraw')),
      target_type text NOT NULL CHECK (target_type IN ('proposal', 'need', 'support', 'connector_application')),
      target_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz,
      used_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX participation_token_target ON participation_token (target_type, target_id)`.execute(
    db,
  );

  await sql`
    CREATE TABLE connector_application (
      id uuid PRIMARY KEY,
      tenant_id integer NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      email text NOT NULL,
      email_hash text NOT NULL,
      name text NOT NULL,
      language text NOT NULL,
      message text,
      -- the area to steward: drawn (geom) or chosen blocks (block_ids, areas of the tenant), as one shape
      block_ids uuid[] NOT NULL DEFAULT '{}',
      geom geometry(MultiPolygon, 4326) NOT NULL,
      status text NOT NULL DEFAULT 'unconfirmed' CHECK (status IN ('unconfirmed', 'pending', 'approved', 'declined')),
      decline_reason text,
      membership_id uuid REFERENCES membership(id) ON DELETE SET NULL,
      client_hash text,
      created_at timestamptz NOT NULL DEFAULT now(),
      confirmed_at timestamptz,
      decided_at timestamptz,
      decided_by uuid
    )`.execute(db);
  await sql`CREATE INDEX connector_application_tenant ON connector_application (tenant_id, status)`.execute(
    db,
  );

  // the alerts a block connector was sent (once per item), and what they confirmed or flagged
  await sql`
    CREATE TABLE connector_alert (
      membership_id uuid NOT NULL REFERENCES membership(id) ON DELETE CASCADE,
      tenant_id integer NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      target_type text NOT NULL CHECK (target_type IN ('proposal', 'need', 'opportunity')),
      target_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      PRIMARY KEY (membership_id, target_type, target_id)
    )`.execute(db);
  await sql`
    CREATE TABLE connector_review (
      id uuid PRIMARY KEY,
      tenant_id integer NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      account_id uuid NOT NULL REFERENCES account(id) ON DELETE CASCADE,
      target_type text NOT NULL CHECK (target_type IN ('proposal', 'need', 'opportunity', 'place')),
      target_id uuid NOT NULL,
      verdict text NOT NULL CHECK (verdict IN ('confirm', 'flag')),
      note text,
      created_at timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz,
      resolved_by uuid
    )`.execute(db);
  await sql`CREATE INDEX connector_review_open ON connector_review (tenant_id, resolved_at, created_at)`.execute(
    db,
  );

  // participation counts imported for the planner's reach (registrations or attendance)
  await sql`
    CREATE TABLE participation_count (
      id uuid PRIMARY KEY,
      tenant_id integer NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      -- one import (a CSV file): re-importing the same batch replaces it
      batch text NOT NULL,
      opportunity_id uuid REFERENCES opportunity(id) ON DELETE SET NULL,
      programme text NOT NULL,
      period_start date NOT NULL,
      period_end date NOT NULL CHECK (period_end >= period_start),
      measure text NOT NULL CHECK (measure IN ('registrations', 'attendance', 'participants')),
      count integer NOT NULL CHECK (count >= 0),
      home_area_id uuid REFERENCES area(id) ON DELETE SET NULL,
      age_band text,
      audience text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX participation_count_tenant ON participation_count (tenant_id, batch)`.execute(db);
  await sql`CREATE INDEX participation_count_area ON participation_count (tenant_id, home_area_id)`.execute(
    db,
  );

  await sql`
    CREATE TABLE moderation_block (
      id uuid PRIMARY KEY,
      tenant_id integer NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      -- 'address': a client address (IPv4/IPv6, or a CIDR range); 'email_domain': example.org
      kind text NOT NULL CHECK (kind IN ('address', 'email_domain')),
      value text NOT NULL,
      reason text,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, kind, value)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'moderation_block',
    'participation_count',
    'connector_review',
    'connector_alert',
    'connector_application',
    'participation_token',
    'support',
    'need',
    'proposal',
    'funding_call',
    'survey_campaign',
  ])
    await sql`DROP TABLE IF EXISTS ${sql.id(t)}`.execute(db);
  for (const c of ['grant_deadline', 'grant_amount', 'grant_currency'])
    await sql`ALTER TABLE opportunity DROP COLUMN IF EXISTS ${sql.id(c)}`.execute(db);
}
