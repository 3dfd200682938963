/**
 * Accounts (issue 12): people who sign in, their organisations and roles per tenant, sessions,
 * one-time sign-in links, personal API tokens, the sign-in throttle and the audit log.
 *
 * Nothing that lets someone sign in is stored in clear: passwords are argon2id hashes (PHC
 * strings), session ids, link tokens and API tokens are SHA-256 hashes (base64url). The CSRF
 * secret of a session is kept in clear: it is no credential on its own (it only accompanies the
 * session cookie) and the web app reads it from GET /api/auth/me.
 *
 * Tenant consistency is enforced by the database where a row names both a tenant and a
 * tenant-owned row: composite foreign keys (tenant_id, organisation_id) and (tenant_id, area_id).
 */
import { type Kysely, sql } from 'kysely';

export const ROLES_SQL = `'admin', 'editor', 'moderator', 'planner', 'block_connector'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE account (
      id uuid PRIMARY KEY,
      email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
      password_hash text,
      operator boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_sign_in_at timestamptz,
      disabled_at timestamptz
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX account_email ON account (lower(email))`.execute(db);

  await sql`
    CREATE TABLE organisation (
      id uuid PRIMARY KEY,
      tenant_id integer NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      slug text NOT NULL CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, slug),
      UNIQUE (tenant_id, id)
    )`.execute(db);
  // the existing opportunity.organisation text stays; the link to an organisation row is new
  // (filled by nothing yet: the back office assigns it). SET NULL (column) keeps tenant_id.
  for (const table of ['opportunity', 'place']) {
    await sql`ALTER TABLE ${sql.table(table)} ADD COLUMN organisation_id uuid`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} ADD CONSTRAINT ${sql.ref(`${table}_organisation_fk`)}
      FOREIGN KEY (tenant_id, organisation_id) REFERENCES organisation (tenant_id, id)
      ON DELETE SET NULL (organisation_id)`.execute(db);
    await sql`CREATE INDEX ${sql.ref(`${table}_organisation`)} ON ${sql.table(table)} (tenant_id, organisation_id)
      WHERE organisation_id IS NOT NULL`.execute(db);
  }
  await sql`CREATE UNIQUE INDEX area_tenant_id ON area (tenant_id, id)`.execute(db);

  await sql`
    CREATE TABLE membership (
      id uuid PRIMARY KEY,
      account_id uuid NOT NULL REFERENCES account(id) ON DELETE CASCADE,
      tenant_id integer NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN (${sql.raw(ROLES_SQL)})),
      organisation_id uuid,
      area_id uuid,
      area_geom geometry(MultiPolygon, 4326),
      created_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (tenant_id, organisation_id) REFERENCES organisation (tenant_id, id) ON DELETE CASCADE,
      FOREIGN KEY (tenant_id, area_id) REFERENCES area (tenant_id, id) ON DELETE CASCADE,
      CONSTRAINT membership_editor_organisation CHECK ((role = 'editor') = (organisation_id IS NOT NULL)),
      CONSTRAINT membership_connector_area
        CHECK ((role = 'block_connector') = (area_id IS NOT NULL OR area_geom IS NOT NULL))
    )`.execute(db);
  await sql`
    CREATE UNIQUE INDEX membership_unique ON membership (
      account_id, tenant_id, role,
      COALESCE(organisation_id, '00000000-0000-0000-0000-000000000000'::uuid),
      COALESCE(area_id, '00000000-0000-0000-0000-000000000000'::uuid)
    ) WHERE area_geom IS NULL`.execute(db);
  await sql`CREATE INDEX membership_tenant ON membership (tenant_id, role)`.execute(db);

  await sql`
    CREATE TABLE session (
      id_hash text PRIMARY KEY,
      account_id uuid NOT NULL REFERENCES account(id) ON DELETE CASCADE,
      tenant_id integer NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      csrf_secret text NOT NULL,
      via text NOT NULL CHECK (via IN ('password', 'link')),
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX session_account ON session (account_id)`.execute(db);
  await sql`CREATE INDEX session_expires ON session (expires_at)`.execute(db);

  await sql`
    CREATE TABLE sign_in_link (
      hash text PRIMARY KEY,
      account_id uuid NOT NULL REFERENCES account(id) ON DELETE CASCADE,
      tenant_id integer NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX sign_in_link_expires ON sign_in_link (expires_at)`.execute(db);

  await sql`
    CREATE TABLE api_token (
      id uuid PRIMARY KEY,
      hash text NOT NULL UNIQUE,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      account_id uuid NOT NULL REFERENCES account(id) ON DELETE CASCADE,
      tenant_id integer NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN (${sql.raw(ROLES_SQL)})),
      created_at timestamptz NOT NULL,
      last_used_at timestamptz,
      expires_at timestamptz,
      revoked_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX api_token_account ON api_token (account_id)`.execute(db);

  // sign-in throttle: one row per attempt, keyed by a hash of the account's address or of the
  // client's address (so addresses of unknown accounts are not stored); old rows are pruned
  await sql`
    CREATE TABLE sign_in_attempt (
      id bigserial PRIMARY KEY,
      key_hash text NOT NULL,
      purpose text NOT NULL CHECK (purpose IN ('password', 'link')),
      at timestamptz NOT NULL,
      succeeded boolean NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX sign_in_attempt_key ON sign_in_attempt (key_hash, purpose, at)`.execute(db);
  await sql`CREATE INDEX sign_in_attempt_at ON sign_in_attempt (at)`.execute(db);

  await sql`
    CREATE TABLE audit_entry (
      id bigserial PRIMARY KEY,
      tenant_id integer REFERENCES tenant(id) ON DELETE CASCADE,
      at timestamptz NOT NULL DEFAULT now(),
      actor_kind text NOT NULL CHECK (actor_kind IN ('account', 'token', 'admin_token', 'system', 'import', 'anonymous')),
      actor_account_id uuid REFERENCES account(id) ON DELETE SET NULL,
      actor_token_id uuid REFERENCES api_token(id) ON DELETE SET NULL,
      actor_label text,
      action text NOT NULL CHECK (action ~ '^[a-z][a-z0-9_.-]{0,63}$'),
      entity_type text NOT NULL CHECK (entity_type ~ '^[a-z][a-z0-9_]{0,63}$'),
      entity_id text,
      previous jsonb,
      new jsonb,
      summary text NOT NULL DEFAULT ''
    )`.execute(db);
  await sql`CREATE INDEX audit_entry_tenant ON audit_entry (tenant_id, id DESC)`.execute(db);
  await sql`CREATE INDEX audit_entry_entity ON audit_entry (tenant_id, entity_type, entity_id, id DESC)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['audit_entry', 'sign_in_attempt', 'api_token', 'sign_in_link', 'session', 'membership'])
    await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
  await sql`DROP INDEX IF EXISTS area_tenant_id`.execute(db);
  for (const table of ['opportunity', 'place'])
    await sql`ALTER TABLE ${sql.table(table)} DROP COLUMN IF EXISTS organisation_id`.execute(db);
  await sql`DROP TABLE IF EXISTS organisation`.execute(db);
  await sql`DROP TABLE IF EXISTS account`.execute(db);
}
