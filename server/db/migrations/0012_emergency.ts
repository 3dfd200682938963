/**
 * Emergency mode (issue 12, item 5): per tenant one emergency state (switched on and off by an
 * admin, with a message per tenant language and the affected areas), the marks (places and
 * opportunities the municipality marks for emergencies, with a role and a note per language,
 * prepared while routine runs), and the notices sent to subscribers (one per switch-on and
 * subscription, so repeating a switch sends nothing twice). None of it touches routine tables.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE emergency_state (
      tenant_id integer PRIMARY KEY REFERENCES tenant(id) ON DELETE CASCADE,
      active boolean NOT NULL DEFAULT false,
      -- counts the switch-ons: the key of the notices sent for one
      activation integer NOT NULL DEFAULT 0,
      message jsonb NOT NULL DEFAULT '{}'::jsonb,
      -- the affected areas (area ids of the tenant); empty: the whole town
      area_ids uuid[] NOT NULL DEFAULT '{}',
      started_at timestamptz,
      started_by text,
      started_by_account uuid,
      ended_at timestamptz,
      ended_by text,
      ended_by_account uuid,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE emergency_mark (
      id uuid PRIMARY KEY,
      tenant_id integer NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      place_id uuid REFERENCES place(id) ON DELETE CASCADE,
      opportunity_id uuid REFERENCES opportunity(id) ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN ('shelter', 'distribution_point', 'volunteer_call', 'information_point')),
      note jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((place_id IS NULL) <> (opportunity_id IS NULL))
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX emergency_mark_place ON emergency_mark (tenant_id, place_id) WHERE place_id IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE UNIQUE INDEX emergency_mark_opportunity ON emergency_mark (tenant_id, opportunity_id) WHERE opportunity_id IS NOT NULL`.execute(
    db,
  );
  await sql`
    CREATE TABLE emergency_notice (
      tenant_id integer NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      activation integer NOT NULL,
      subscription_id uuid NOT NULL REFERENCES subscription(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('alert', 'all_clear')),
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      PRIMARY KEY (tenant_id, activation, subscription_id, kind)
    )`.execute(db);
  await sql`CREATE INDEX emergency_notice_subscription ON emergency_notice (subscription_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS emergency_notice`.execute(db);
  await sql`DROP TABLE IF EXISTS emergency_mark`.execute(db);
  await sql`DROP TABLE IF EXISTS emergency_state`.execute(db);
}
