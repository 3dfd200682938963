/**
 * GET /api/admin/local-backup — `npm run backup` asking the server that holds the embedded data
 * folder for a consistent copy of it (only the holder may open the folder; see
 * server/db/data-dir-lock.ts and server/db/backup.ts). The same guard as the local import: a
 * loopback connection without proxy headers, and the per-run secret of the folder's lock file.
 * Answers the gzipped tar of the data folder (application/gzip). Off (404) when the server holds
 * no data folder (in memory, or on a PostGIS server: back that up with pg_dump).
 */
import { Hono } from 'hono';
import { LOCAL_BACKUP_PATH } from '../db/backup.ts';
import type { AppDeps } from '../http/deps.ts';
import { ApiError } from '../http/errors.ts';
import { requireLocalCaller } from './local-import-routes.ts';

export function localBackupRoutes(deps: AppDeps) {
  const app = new Hono();
  app.get(LOCAL_BACKUP_PATH.replace(/^\/api/, ''), async (c) => {
    const secret = deps.localImportSecret;
    const dump = deps.dumpDatabase;
    if (!secret || !dump) {
      throw new ApiError(
        404,
        'not_found',
        'No local backup here: this server does not hold an embedded data folder',
      );
    }
    requireLocalCaller(c, secret);
    const started = Date.now();
    const blob = await dump();
    deps.log.info('local backup', { bytes: blob.size, ms: Date.now() - started });
    return c.body(await blob.arrayBuffer(), 200, {
      'content-type': 'application/gzip',
      'cache-control': 'no-store',
      'content-length': String(blob.size),
    });
  });
  return app;
}
