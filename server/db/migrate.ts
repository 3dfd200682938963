/** Runs the migrations (kysely Migrator) with a static list, so bundling or tsx needs no fs scan. */
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import * as init from './migrations/0001_init.ts';
import * as importing from './migrations/0002_import.ts';
import * as search from './migrations/0003_search.ts';
import * as access from './migrations/0004_access.ts';
import * as kiosk from './migrations/0005_kiosk.ts';
import * as occurrences from './migrations/0006_occurrences.ts';
import * as subscriptions from './migrations/0007_subscriptions.ts';
import * as accounts from './migrations/0008_accounts.ts';
import * as tenantHosts from './migrations/0009_tenant_hosts.ts';
import * as searchKnn from './migrations/0010_search_knn.ts';
import * as content from './migrations/0011_content.ts';
import * as placeDrafts from './migrations/0011_place_drafts.ts';
import * as adminSettings from './migrations/0013_admin_settings.ts';
import * as emergency from './migrations/0012_emergency.ts';
import * as participation from './migrations/0014_participation.ts';
import * as participationSecret from './migrations/0015_participation_secret.ts';
import * as participationEmailRetention from './migrations/0020_participation_email_retention.ts';
import * as basemap from './migrations/0021_basemap.ts';
import * as tenantClock from './migrations/0023_tenant_clock.ts';

const MIGRATIONS: Record<string, Migration> = {
  '0001_init': init,
  '0002_import': importing,
  '0003_search': search,
  '0004_access': access,
  '0005_kiosk': kiosk,
  '0006_occurrences': occurrences,
  '0007_subscriptions': subscriptions,
  '0008_accounts': accounts,
  '0009_tenant_hosts': tenantHosts,
  '0010_search_knn': searchKnn,
  '0011_content': content,
  '0011_place_drafts': placeDrafts,
  '0013_admin_settings': adminSettings,
  '0012_emergency': emergency,
  '0014_participation': participation,
  '0015_participation_secret': participationSecret,
  '0020_participation_email_retention': participationEmailRetention,
  '0021_basemap': basemap,
  '0023_tenant_clock': tenantClock,
};

/** the migrations this code ships, in the order they run */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS).sort();

class StaticMigrationProvider implements MigrationProvider {
  constructor(private readonly only?: readonly string[]) {}
  async getMigrations() {
    if (!this.only) return MIGRATIONS;
    const only = new Set(this.only);
    return Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => only.has(name)));
  }
}

/** a Migrator over the shipped migrations, or over a subset of them (tests of an older release) */
export function createMigrator(db: Kysely<unknown>, only?: readonly string[]): Migrator {
  // migrations of parallel work may land out of order (0007 before 0006): run the missing ones
  return new Migrator({ db, provider: new StaticMigrationProvider(only), allowUnorderedMigrations: true });
}

export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const { error, results } = await createMigrator(db).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const cause = error instanceof Error ? error.message : String(error ?? '');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${cause}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export interface MigrationStatus {
  /** recorded in the database's kysely_migration table */
  applied: string[];
  /** shipped by this code, not yet applied */
  pending: string[];
  /** applied in the database but unknown to this code (a newer release ran on it) */
  unknown: string[];
}

/** Compares the database's migration table with the shipped migrations; reads only, never migrates. */
export async function migrationStatus(db: Kysely<unknown>): Promise<MigrationStatus> {
  const table = await sql<{ t: string | null }>`SELECT to_regclass('kysely_migration')::text AS t`.execute(db);
  const applied = table.rows[0]?.t
    ? (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db)).rows.map(
        (r) => r.name,
      )
    : [];
  const have = new Set(applied);
  const shipped = new Set(MIGRATION_NAMES);
  return {
    applied,
    pending: MIGRATION_NAMES.filter((n) => !have.has(n)),
    unknown: applied.filter((n) => !shipped.has(n)),
  };
}
