/**
 * Issue 14, items 2 and 3: the basemap of any imported city. `basemap_feature` holds, besides the
 * demo town's streets and water, what an OpenStreetMap extract brings: green spaces, buildings
 * and place names (a point per place), each with its names per language from OSM `name:xx`
 * (`names`, like area.names and place.names). Rows are replaced per (tenant, source): an import
 * of a newer extract replaces the older one's basemap, the demo town keeps its own ('town').
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE basemap_feature DROP CONSTRAINT IF EXISTS basemap_feature_kind_check`.execute(db);
  await sql`ALTER TABLE basemap_feature ADD CONSTRAINT basemap_feature_kind_check
    CHECK (kind IN ('street', 'water', 'green', 'building', 'place'))`.execute(db);
  await sql`ALTER TABLE basemap_feature ADD COLUMN names jsonb NOT NULL DEFAULT '{}'::jsonb`.execute(db);
  await sql`ALTER TABLE basemap_feature ADD COLUMN source text NOT NULL DEFAULT 'town'`.execute(db);
  await sql`ALTER TABLE basemap_feature ADD COLUMN source_id text`.execute(db);
  await sql`CREATE INDEX basemap_feature_tenant_source ON basemap_feature (tenant_id, source)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM basemap_feature WHERE kind NOT IN ('street', 'water')`.execute(db);
  await sql`DROP INDEX IF EXISTS basemap_feature_tenant_source`.execute(db);
  for (const c of ['names', 'source', 'source_id'])
    await sql`ALTER TABLE basemap_feature DROP COLUMN IF EXISTS ${sql.ref(c)}`.execute(db);
  await sql`ALTER TABLE basemap_feature DROP CONSTRAINT IF EXISTS basemap_feature_kind_check`.execute(db);
  await sql`ALTER TABLE basemap_feature ADD CONSTRAINT basemap_feature_kind_check CHECK (kind IN ('street', 'water'))`.execute(
    db,
  );
}
