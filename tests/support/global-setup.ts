/**
 * Runs once before the suite: builds the database templates the test files copy (an embedded
 * PGlite dump and, when TEST_DATABASE_URL is set, a template database on the PostGIS server),
 * and builds the web app for the browser tests. In CI a missing PostGIS server or browser is a
 * failure, not a skip.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { PROJECT_ROOT } from '../../server/config.ts';
import { bootstrapDatabase } from '../../server/db/bootstrap.ts';
import { filterTar, slimPostgisBundle } from '../../server/db/postgis-bundle.ts';
import { adminQuery, TEST_DATABASE_URL, templateName, withDatabase } from './postgis-server.ts';
import { templateKey } from './template-key.ts';
import { ensureWebBuild } from './web-build.ts';

const CACHE_DIR = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'commons-map');
const DEMO_DIR = path.join(PROJECT_ROOT, 'data', 'demo');

/**
 * The embedded template: a dump of the demo town's data folder, which every test file (and every
 * data folder of the fault tests' child processes) loads. Loading it is most of what opening a
 * test database costs, so it is made cheap to load: not compressed (gunzipping 72 MB took ~1 s per
 * open), and without the write-ahead log's spare segments — after the checkpoint only the segment
 * holding it is read; the others (16 MB each, two of three) are segments PostgreSQL recycled for
 * later writes and makes again when it needs them.
 */
async function buildPgliteTemplate(key: string): Promise<string> {
  const file = path.join(CACHE_DIR, `pglite-${key}.tar`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const db = await bootstrapDatabase({ dataDir: 'memory://', loadDemo: true, demoDir: DEMO_DIR });
  const client = getPglite(db);
  await client.exec('CHECKPOINT');
  const { rows } = await client.query<{ segment: string }>(
    'SELECT pg_walfile_name(redo_lsn) AS segment FROM pg_control_checkpoint()',
  );
  const needed = rows[0]?.segment;
  if (!needed) throw new Error('the template has no checkpoint to start from');
  const dump = Buffer.from(await (await client.dumpDataDir('none')).arrayBuffer());
  const spare = new RegExp(`(^|/)pg_wal/(?!${needed}$)[0-9A-F]{24}$`);
  const tmp = `${file}.${process.pid}.tmp`;
  const trimmed = filterTar(dump, spare);
  // the segment the database starts from must be in it (a template that cannot start would fail
  // every file)
  if (!trimmed.includes(Buffer.from(`pg_wal/${needed}`)))
    throw new Error(`the template lost its write-ahead log segment ${needed}`);
  fs.writeFileSync(tmp, trimmed);
  fs.renameSync(tmp, file);
  await db.close();
  return file;
}

function getPglite(db: Awaited<ReturnType<typeof bootstrapDatabase>>) {
  if (!db.pglite) throw new Error('expected an embedded database');
  return db.pglite;
}

async function buildPostgisTemplate(url: string, key: string): Promise<string> {
  const name = templateName(key);
  const exists = await adminQuery(url, `SELECT 1 FROM pg_database WHERE datname = '${name}'`);
  if (exists.length) return name;
  const building = `${name}_building`;
  try {
    await adminQuery(url, `DROP DATABASE IF EXISTS ${building}`);
  } catch (err) {
    // another suite on the same server (another checkout) is building this very template: use
    // theirs when it is ready rather than fail (55006: the database is in use)
    if ((err as { code?: string }).code !== '55006') throw err;
    const deadline = Date.now() + 15 * 60_000;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 2000));
      if ((await adminQuery(url, `SELECT 1 FROM pg_database WHERE datname = '${name}'`)).length) return name;
    }
    throw err;
  }
  await adminQuery(url, `CREATE DATABASE ${building}`);
  const db = await bootstrapDatabase({
    databaseUrl: withDatabase(url, building),
    dataDir: '',
    loadDemo: true,
    demoDir: DEMO_DIR,
    poolSize: 2,
  });
  await db.close();
  await adminQuery(url, `ALTER DATABASE ${building} RENAME TO ${name}`);
  await adminQuery(
    url,
    `COMMENT ON DATABASE ${name} IS 'commons-map test template built ${new Date().toISOString()}'`,
  );
  // Old templates of earlier versions of the schema or data are no longer needed; those built in
  // the last day may belong to another checkout's suite running on the same server: kept.
  const stale = await adminQuery<{ datname: string }>(
    url,
    `SELECT d.datname FROM pg_database d
     WHERE d.datname LIKE 'cm_template_%' AND d.datname <> '${name}'
       AND COALESCE(substring(shobj_description(d.oid, 'pg_database') FROM 'built (.*)$')::timestamptz, '-infinity')
           < now() - interval '1 day'`,
  );
  for (const s of stale) await adminQuery(url, `DROP DATABASE IF EXISTS ${s.datname}`);
  return name;
}

export default async function setup(project: TestProject) {
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  const key = templateKey();
  const started = Date.now();
  if (!TEST_DATABASE_URL && ci)
    throw new Error(
      'CI=true but TEST_DATABASE_URL is not set: the suite must also run against a PostGIS server',
    );
  if (!TEST_DATABASE_URL)
    console.warn('TEST_DATABASE_URL is not set: database tests run on the embedded PGlite only.');
  // both at once: the embedded one works in this process, the server's mostly in the server
  // (a fresh clone builds both: ~85 s one after the other, ~68 s together, measured at load ~10)
  const [pgliteTemplate, postgisTemplate] = await Promise.all([
    buildPgliteTemplate(key),
    TEST_DATABASE_URL ? buildPostgisTemplate(TEST_DATABASE_URL, key) : null,
  ]);
  // SKIP_WEB_BUILD=1 for quick runs of the API tests alone; the browser tests need the build.
  if (process.env.SKIP_WEB_BUILD !== '1' || ci) await ensureWebBuild();
  // the embedded databases' smaller PostGIS bundle (server/db/postgis-bundle.ts), built here once
  // rather than by the first file of each worker at the same time
  slimPostgisBundle();
  console.log(`Test templates ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  project.provide('pgliteTemplate', pgliteTemplate);
  project.provide('postgisTemplate', postgisTemplate);
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgisTemplate: string | null;
  }
}
