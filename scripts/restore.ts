/**
 * npm run restore -- FILE [--force]
 *
 * Restores a backup made by `npm run backup` into DATA_DIR. Never while a server or an import
 * holds the folder (its lock); a folder that already holds data is only replaced with --force,
 * and then kept beside it as DATA_DIR.before-restore-<date-time> until you delete it.
 * The backup is unpacked and opened in a new folder beside DATA_DIR first (the database checks
 * itself as it starts: a damaged file stops here, DATA_DIR untouched), then swapped in.
 * For a PostGIS server (DATABASE_URL) use pg_restore; see docs/OPERATIONS.md.
 * Exit code 0 when restored, 1 when refused or the backup is unusable, 2 on bad arguments.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Kysely, sql } from 'kysely';
import { loadConfig } from '../server/config.ts';
import { GZIP_MAGIC } from '../server/db/backup.ts';
import { openDatabase } from '../server/db/connect.ts';
import {
  acquireDataDirLock,
  describeHolder,
  isStale,
  LOCK_FILE_NAME,
  readLock,
} from '../server/db/data-dir-lock.ts';
import { migrationStatus } from '../server/db/migrate.ts';

const USAGE = 'usage: npm run restore -- FILE [--force]';

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

const stamp = () => new Date().toISOString().replace(/[:]/g, '').replace(/\..+$/, '').replace('T', '-');

/** a folder with nothing in it but, at most, our own lock */
function isEmptyFolder(dir: string): boolean {
  if (!fs.existsSync(dir)) return true;
  return fs.readdirSync(dir).every((n) => n === LOCK_FILE_NAME || n.startsWith(`${LOCK_FILE_NAME}.`));
}

/** unpacks and opens the backup in `dir`; returns what it holds */
async function unpackAndCheck(file: string, dir: string): Promise<{ tenants: number; migrations: number }> {
  const database = await openDatabase({ dataDir: dir, loadDataDir: new Blob([fs.readFileSync(file)]) });
  try {
    const db = database.db as unknown as Kysely<unknown>;
    const status = await migrationStatus(db);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM tenant`.execute(db);
    return { tenants: rows[0]?.n ?? 0, migrations: status.applied.length };
  } finally {
    await database.close();
  }
}

/** the copy carried the lock and write probes of the folder it was made from: not ours */
function dropForeignFiles(dir: string) {
  for (const n of fs.readdirSync(dir)) {
    if (n === LOCK_FILE_NAME || n.startsWith(`${LOCK_FILE_NAME}.`) || n.startsWith('.write-probe-'))
      fs.rmSync(path.join(dir, n), { recursive: true, force: true });
  }
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { force: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const [fileArg] = positionals;
  if (!fileArg || positionals.length > 1) fail(USAGE, 2);
  const config = loadConfig();
  if (config.DATABASE_URL) {
    fail(
      'DATABASE_URL is set: restore a PostGIS server with pg_restore, e.g.\n' +
        '  createdb -h HOST -U USER commons && pg_restore -d postgres://USER@HOST/commons commons-map.dump\n' +
        '(see docs/OPERATIONS.md)',
      2,
    );
  }
  const file = path.resolve(fileArg);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) fail(`${file} does not exist.`, 2);
  const head = Buffer.alloc(2);
  const fd = fs.openSync(file, 'r');
  fs.readSync(fd, head, 0, 2, 0);
  fs.closeSync(fd);
  if (!head.equals(GZIP_MAGIC)) fail(`${file} is not a backup made by npm run backup (not a gzipped tar).`);

  const dataDir = path.resolve(config.DATA_DIR);
  const holder = readLock(dataDir);
  if (holder && !isStale(holder)) {
    fail(`${describeHolder(dataDir, holder)}\nA restore never runs while the folder is in use: stop it first.`);
  }
  if (!isEmptyFolder(dataDir) && !values.force) {
    fail(
      `${dataDir} (DATA_DIR) already holds a database. Restoring would replace it: run again with --force ` +
        '(the current folder is kept beside it), or set DATA_DIR to an empty folder.',
    );
  }

  // held for the whole restore: no server or import may open the folder meanwhile
  const lock = acquireDataDirLock(dataDir, { role: 'import', command: 'npm run restore' });
  const staging = `${dataDir}.restoring-${process.pid}`;
  try {
    fs.rmSync(staging, { recursive: true, force: true });
    const started = Date.now();
    console.error(`Unpacking ${file} into ${staging} and opening it`);
    let found: { tenants: number; migrations: number };
    try {
      found = await unpackAndCheck(file, staging);
    } catch (err) {
      throw new Error(`the backup cannot be opened (${(err as Error).message}); ${dataDir} is untouched`, {
        cause: err,
      });
    }
    dropForeignFiles(staging);

    const keep = isEmptyFolder(dataDir) ? null : `${dataDir}.before-restore-${stamp()}`;
    lock.release();
    if (keep) fs.renameSync(dataDir, keep);
    else fs.rmSync(dataDir, { recursive: true, force: true });
    fs.renameSync(staging, dataDir);
    console.log(
      `Restored ${file} into ${dataDir} in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
        `${found.tenants} tenant${found.tenants === 1 ? '' : 's'}, ${found.migrations} migrations applied ` +
        '(a newer release migrates it further at its next start).',
    );
    if (keep) console.log(`The folder it replaced is kept as ${keep}; delete it once you are satisfied.`);
  } finally {
    lock.release();
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

try {
  await main();
  process.exit(0); // the embedded database's worker would keep the process alive
} catch (err) {
  fail(`Restore failed: ${err instanceof Error ? err.message : String(err)}`);
}
