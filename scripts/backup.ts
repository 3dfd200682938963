/**
 * npm run backup -- [--out FILE]
 *
 * A consistent copy of the embedded database in DATA_DIR, as one gzipped tar, while the server
 * runs or not:
 * - a server holds the folder: the copy is asked of it over loopback (GET /api/admin/local-backup
 *   with the hand-off secret of the folder's lock file) — only the holder may read the folder;
 * - nobody holds it: this process takes the folder's lock, opens it and dumps it itself;
 * - an import holds it: refused (try again when it is done).
 * For a PostGIS server (DATABASE_URL) use pg_dump -Fc; see docs/OPERATIONS.md.
 * Exit code 0 with the file written, 1 when refused, 2 on bad arguments.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.ts';
import { dumpPglite, GZIP_MAGIC, LOCAL_BACKUP_PATH } from '../server/db/backup.ts';
import { openDatabase } from '../server/db/connect.ts';
import { acquireDataDirLock, describeHolder, isStale, readLock } from '../server/db/data-dir-lock.ts';

const USAGE = 'usage: npm run backup -- [--out FILE]   (default: commons-map-backup-<date-time>.tar.gz)';

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

function defaultName(): string {
  const stamp = new Date().toISOString().replace(/[:]/g, '').replace(/\..+$/, '').replace('T', '-');
  return `commons-map-backup-${stamp}.tar.gz`;
}

/** writes to FILE.partial, checks it, then renames: never a half-written backup under its name */
async function writeAtomically(out: string, write: (tmp: string) => Promise<void>): Promise<number> {
  const tmp = `${out}.partial`;
  try {
    await write(tmp);
    const fd = fs.openSync(tmp, 'r');
    const head = Buffer.alloc(2);
    fs.readSync(fd, head, 0, 2, 0);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    if (!head.equals(GZIP_MAGIC)) throw new Error('the copy is not a gzip file');
    fs.renameSync(tmp, out);
    return fs.statSync(out).size;
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

async function fromRunningServer(handoffUrl: string, secret: string, out: string): Promise<number> {
  const res = await fetch(`${handoffUrl}${LOCAL_BACKUP_PATH}`, {
    headers: { authorization: `Bearer ${secret}` },
  });
  if (!res.ok || !res.body) {
    const text = await res.text().catch(() => '');
    throw new Error(`the running server refused the backup: ${res.status} ${text.slice(0, 300)}`);
  }
  const body = res.body as unknown as WebReadableStream<Uint8Array>;
  return writeAtomically(out, (tmp) => pipeline(Readable.fromWeb(body), fs.createWriteStream(tmp)));
}

async function byItself(dataDir: string, out: string): Promise<number> {
  const lock = acquireDataDirLock(dataDir, { role: 'import', command: 'npm run backup' });
  try {
    const database = await openDatabase({ dataDir });
    try {
      const pglite = database.pglite;
      if (!pglite) throw new Error('expected the embedded database');
      const blob = await dumpPglite(pglite);
      return await writeAtomically(out, async (tmp) => {
        fs.writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
      });
    } finally {
      await database.close();
    }
  } finally {
    lock.release();
  }
}

async function main() {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, help: { type: 'boolean', default: false } },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const config = loadConfig();
  if (config.DATABASE_URL) {
    fail(
      'DATABASE_URL is set: back up a PostGIS server with pg_dump, e.g.\n' +
        '  pg_dump -Fc -d "$DATABASE_URL" -f commons-map.dump\n(see docs/OPERATIONS.md)',
      2,
    );
  }
  const dataDir = path.resolve(config.DATA_DIR);
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    fail(`There is no embedded database in ${dataDir} (DATA_DIR) to back up.`, 2);
  }
  const out = path.resolve(values.out ?? defaultName());
  if (fs.existsSync(out)) fail(`${out} already exists; name another file with --out.`, 2);
  const started = Date.now();
  const holder = readLock(dataDir);
  let bytes: number;
  if (holder && !isStale(holder)) {
    if (holder.role !== 'server' || !holder.handoffUrl || !holder.handoffSecret) {
      fail(`${describeHolder(dataDir, holder)}\nThe backup cannot be made now; try again when it is done.`);
    }
    console.error(`The server (pid ${holder.pid}) holds ${dataDir}: asking it for a copy`);
    bytes = await fromRunningServer(holder.handoffUrl, holder.handoffSecret, out);
  } else {
    console.error(`Opening ${dataDir} to copy it (no server holds it)`);
    bytes = await byItself(dataDir, out);
  }
  console.log(
    `Backup of ${dataDir} written to ${out} (${(bytes / 1e6).toFixed(1)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

try {
  await main();
  process.exit(0); // the embedded database's worker would keep the process alive
} catch (err) {
  fail(`Backup failed: ${err instanceof Error ? err.message : String(err)}`);
}
