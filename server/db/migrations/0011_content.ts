/**
 * The back office's content (issue 12): places get a status like opportunities (existing rows stay
 * published), a draft opportunity may not have a location yet (published ones must), and the
 * back office's lists (newest change first, by status) have their indexes. Rows made in the back
 * office carry source 'admin' and their own id as source_id.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // on a large town the checks and indexes take a while: the statement timeout must not cut them
  await sql`SET LOCAL statement_timeout = 0`.execute(db);
  await sql`
    ALTER TABLE place ADD COLUMN status text NOT NULL DEFAULT 'published'
      CONSTRAINT place_status_check CHECK (status IN ('draft', 'pending', 'published', 'archived'))`.execute(
    db,
  );
  await sql`ALTER TABLE opportunity ALTER COLUMN geom DROP NOT NULL`.execute(db);
  await sql`
    ALTER TABLE opportunity ADD CONSTRAINT opportunity_published_located
      CHECK (status <> 'published' OR geom IS NOT NULL)`.execute(db);
  await sql`CREATE INDEX opportunity_tenant_updated ON opportunity (tenant_id, updated_at DESC, id)`.execute(
    db,
  );
  await sql`CREATE INDEX place_tenant_updated ON place (tenant_id, updated_at DESC, id)`.execute(db);
  await sql`CREATE INDEX opportunity_tenant_status ON opportunity (tenant_id, status)`.execute(db);
  await sql`CREATE INDEX place_tenant_status ON place (tenant_id, status)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const i of [
    'opportunity_tenant_updated',
    'place_tenant_updated',
    'opportunity_tenant_status',
    'place_tenant_status',
  ])
    await sql`DROP INDEX IF EXISTS ${sql.id(i)}`.execute(db);
  await sql`ALTER TABLE opportunity DROP CONSTRAINT IF EXISTS opportunity_published_located`.execute(db);
  await sql`DELETE FROM opportunity WHERE geom IS NULL`.execute(db);
  await sql`ALTER TABLE opportunity ALTER COLUMN geom SET NOT NULL`.execute(db);
  await sql`ALTER TABLE place DROP COLUMN IF EXISTS status`.execute(db);
}
