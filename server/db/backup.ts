/**
 * A consistent copy of the embedded database, made by the process that holds its folder: a
 * checkpoint, then the whole data folder as a gzipped tar while no statement runs (PGlite's
 * `runExclusive`). A transaction in progress at that moment is not in the copy's committed data:
 * opening the copy recovers it as a crash would, to the last commit. The lock file of the
 * folder and write probes are dropped on restore (see scripts/restore.ts).
 */
import type { PGlite } from '@electric-sql/pglite';

/** gzip's magic number: every backup starts with it */
export const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

export async function dumpPglite(pglite: PGlite): Promise<Blob> {
  await pglite.query('CHECKPOINT');
  return pglite.runExclusive(() => pglite.dumpDataDir('gzip'));
}

/** the loopback route through which `npm run backup` asks the running server for a copy */
export const LOCAL_BACKUP_PATH = '/api/admin/local-backup';
