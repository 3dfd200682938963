/**
 * Opens the database: a PostGIS server through `pg` when DATABASE_URL is set, otherwise PGlite +
 * PostGIS in-process, persisted in DATA_DIR. Both give the same Kysely<DB>; nothing above this
 * module knows which one it got, except through `capabilities`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PGlite, type PGliteInterface } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { postgis } from '@electric-sql/pglite-postgis';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { ensureWritableDataDir } from './data-dir-probe.ts';
import { defaultPostgisBundle } from './postgis-bundle.ts';
import type { DB } from './schema.ts';

export type DatabaseKind = 'postgis' | 'pglite';

export interface Database {
  db: Kysely<DB>;
  kind: DatabaseKind;
  /** the embedded instance, when kind is pglite (dumps for test templates and backups) */
  pglite?: PGlite;
  /** the embedded database's folder on disk; undefined in memory and for a PostGIS server */
  dataDir?: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** PGlite data folder; `memory://` keeps everything in memory */
  dataDir: string;
  poolSize?: number;
  statementTimeoutMs?: number;
  /** PostGIS: longest wait for a new connection (a server that is away fails fast, no hang) */
  connectTimeoutMs?: number;
  /** PostGIS: a pooled connection was lost (server restart, terminated backend); logged, never fatal */
  onConnectionError?: (err: Error) => void;
  /** PGlite only: start from this dumped data folder (tests use a migrated template) */
  loadDataDir?: Blob;
  /**
   * PGlite only: this PostGIS bundle (a .tar.gz); by default the package's own without the
   * raster, topology and upgrade files (server/db/postgis-bundle.ts)
   */
  postgisBundle?: string;
  onProgress?: (msg: string) => void;
}

// Dates and timestamps without a zone are wall times: keep them as the strings PostgreSQL sends,
// so that neither driver shifts them into the Node process's own time zone.
const TIMESTAMP_OID = 1114;
const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;
const asText = (v: string) => v;
const asNumber = (v: string) => Number(v);

pg.types.setTypeParser(TIMESTAMP_OID, asText);
pg.types.setTypeParser(DATE_OID, asText);
pg.types.setTypeParser(INT8_OID, asNumber); // counts and bigserial ids stay well below 2^53
pg.types.setTypeParser(NUMERIC_OID, asNumber);

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts) : openPglite(opts);
}

async function openPostgres(url: string, opts: OpenOptions): Promise<Database> {
  opts.onProgress?.(`Connecting to PostGIS server at ${redact(url)}`);
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    statement_timeout: opts.statementTimeoutMs ?? 15_000,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
    // a dead peer is found by TCP keep-alive instead of leaving a connection hanging
    keepAlive: true,
  });
  // A server restart or a terminated backend makes idle connections emit 'error'; unhandled, that
  // event ends the process. The pool drops such a connection and opens a new one when next needed,
  // so the error is only logged. A connection checked out at that moment (inside a transaction)
  // gets the same listener: its query fails with a connection error (→ 503), the pool discards it.
  const onConnectionError =
    opts.onConnectionError ??
    ((err: Error) => process.stderr.write(`[warn] database connection lost: ${err.message}\n`));
  pool.on('error', (err) => onConnectionError(err));
  pool.on('connect', (client) => {
    client.on('error', (err) => onConnectionError(err));
  });
  // Fail fast with a readable message instead of at the first request.
  const client = await pool.connect().catch((err: unknown) => {
    throw new Error(`Cannot connect to DATABASE_URL (${redact(url)}): ${(err as Error).message}`, {
      cause: err,
    });
  });
  client.release();
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgis', close: () => db.destroy() };
}

async function openPglite(opts: OpenOptions): Promise<Database> {
  const inMemory = opts.dataDir.startsWith('memory://');
  // a read-only or full data folder stops the start with a message naming it, not a stack trace
  if (!inMemory) await ensureWritableDataDir(opts.dataDir);
  const fresh = inMemory || !fs.existsSync(path.join(opts.dataDir, 'PG_VERSION'));
  opts.onProgress?.(
    fresh && !opts.loadDataDir
      ? `Creating the embedded PostGIS database in ${opts.dataDir} (first start: this takes a few seconds)`
      : `Opening the embedded PostGIS database${inMemory ? '' : ` in ${opts.dataDir}`}`,
  );
  const client = await PGlite.create({
    dataDir: opts.dataDir,
    extensions: {
      postgis: postgisExtension(opts.postgisBundle ?? defaultPostgisBundle()),
      pg_trgm,
      unaccent,
    },
    ...(opts.loadDataDir && fresh ? { loadDataDir: opts.loadDataDir } : {}),
    parsers: { [TIMESTAMP_OID]: asText, [DATE_OID]: asText, [INT8_OID]: asNumber, [NUMERIC_OID]: asNumber },
  });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(client) });
  return {
    db,
    kind: 'pglite',
    pglite: client,
    ...(inMemory ? {} : { dataDir: opts.dataDir }),
    close: () => db.destroy(),
  };
}

/** the PostGIS extension of pglite-postgis, its files read from another bundle when given */
function postgisExtension(file: string | null): typeof postgis {
  if (!file) return postgis;
  return {
    ...postgis,
    setup: async (pg: PGliteInterface, emscriptenOpts: unknown) => ({
      ...(await postgis.setup(pg, emscriptenOpts)),
      bundlePath: pathToFileURL(file),
    }),
  };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
