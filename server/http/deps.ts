/** What every resource's routes are built with. */
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { DatabaseKind } from '../db/connect.ts';
import type { DB } from '../db/schema.ts';
import type { Logger } from '../logger.ts';
import type { TenantResolver } from '../tenants/queries.ts';

export interface AppDeps {
  db: Kysely<DB>;
  databaseKind: DatabaseKind;
  /** the embedded database's folder, checked by /api/ready; unset in memory and for PostGIS */
  dataDir?: string;
  /** a consistent copy of the embedded database (GET /api/admin/local-backup); unset: none */
  dumpDatabase?: () => Promise<Blob>;
  /**
   * the per-run secret of `npm run import`'s hand-off to this server (from the data folder's
   * lock file); unset: POST /api/admin/local-import is off
   */
  localImportSecret?: string;
  config: Config;
  tenants: TenantResolver;
  log: Logger;
  /** the clock of sessions, links and the sign-in throttle (ms since the epoch); tests move it */
  now?: () => number;
}
