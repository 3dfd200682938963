/** Runs the migrations (kysely Migrator) with a static list, so bundling or tsx needs no fs scan. */
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as init from './migrations/0001_init.ts';
import * as importing from './migrations/0002_import.ts';
import * as search from './migrations/0003_search.ts';
import * as access from './migrations/0004_access.ts';
import * as kiosk from './migrations/0005_kiosk.ts';

const MIGRATIONS: Record<string, Migration> = {
  '0001_init': init,
  '0002_import': importing,
  '0003_search': search,
  '0004_access': access,
  '0005_kiosk': kiosk,
};

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations() {
    return MIGRATIONS;
  }
}

export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider() });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const cause = error instanceof Error ? error.message : String(error ?? '');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${cause}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
