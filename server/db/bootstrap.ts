/**
 * Brings a database to a usable state: open it, run the migrations, and on an empty database
 * load the demo town. Later starts find the data and skip the load.
 */
import type { Kysely } from 'kysely';
import { recomputeAccess } from '../analytics/recompute.ts';
import { loadTown, readTownDir } from '../import/town.ts';
import { countTenants } from '../tenants/queries.ts';
import { type Database, type OpenOptions, openDatabase } from './connect.ts';
import { migrateToLatest } from './migrate.ts';

export interface BootstrapOptions extends OpenOptions {
  loadDemo: boolean;
  demoDir: string;
}

export async function bootstrapDatabase(opts: BootstrapOptions): Promise<Database> {
  const progress = opts.onProgress ?? (() => {});
  const t0 = Date.now();
  const database = await openDatabase(opts);
  try {
    progress(`Database ready (${database.kind}) in ${((Date.now() - t0) / 1000).toFixed(1)} s; migrating`);
    const applied = await migrateToLatest(database.db as unknown as Kysely<unknown>);
    if (applied.length) progress(`Applied migrations: ${applied.join(', ')}`);
    if (opts.loadDemo && (await countTenants(database.db)) === 0) {
      progress(`Empty database: loading the demo town from ${opts.demoDir}`);
      const report = await loadTown(database.db, readTownDir(opts.demoDir), progress);
      progress(`Demo town "${report.tenant}" loaded; computing access for the planner`);
      const tenant = await database.db
        .selectFrom('tenant')
        .select('id')
        .where('slug', '=', report.tenant)
        .executeTakeFirstOrThrow();
      const t = Date.now();
      await recomputeAccess(database.db, tenant.id);
      progress(`Access computed in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    return database;
  } catch (err) {
    await database.close().catch(() => {});
    throw err;
  }
}
