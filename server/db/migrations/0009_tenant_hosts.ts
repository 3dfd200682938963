/**
 * Tenants served side by side (issue 12, item 4): the host names that choose a tenant. A host
 * belongs to one tenant (lower-case, no port, no trailing dot); a tenant may have several.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE tenant_host (
      host text PRIMARY KEY CHECK (host ~ '^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?)*$' AND length(host) <= 253),
      tenant_id integer NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX tenant_host_tenant ON tenant_host (tenant_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS tenant_host`.execute(db);
}
