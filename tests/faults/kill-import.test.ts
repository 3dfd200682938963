/**
 * kill -9 of `npm run import` in the middle of its transaction leaves the database exactly as
 * before (every table's row count and md5), on both databases; the database then opens, migrates
 * and takes the same import again (after a SIGKILL the data folder's lock is taken over).
 *
 * "In the middle": on PostGIS, once the import's backend holds a transaction id (it has written
 * inside its open transaction: pg_stat_activity.backend_xid); on PGlite, once the parser has read
 * every feature (the progress on stderr) and the write-ahead log has changed since.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { type DatabaseKind, openDatabase } from '../../server/db/connect.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { databaseKinds, openTestDatabase, type TestDatabase } from '../support/databases.ts';
import { adminQuery, TEST_DATABASE_URL } from '../support/postgis-server.ts';
import { type Checksums, tableChecksums } from '../support/table-checksums.ts';
import { waitFor } from './wait.ts';
import { templateBlob } from '../support/template-key.ts';

const run = promisify(execFile);
/** enough for the write to last seconds (the kill lands inside it), few enough to import again quickly */
const FEATURES = 12_000;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-kill-import-'));
const input = path.join(tmp, 'gardens.geojson');
const mapping = path.join(tmp, 'gardens.json');
/** makes the CLI believe stderr is a terminal, so that it prints its progress */
const ttyPreload = path.join(tmp, 'tty.mjs');

beforeAll(() => {
  const features = Array.from({ length: FEATURES }, (_, i) => ({
    type: 'Feature',
    properties: { id: `g${i}`, name: `Garden number ${i} of the kill test` },
    geometry: { type: 'Point', coordinates: [4.0 + (i % 300) * 0.001, 53.0 + Math.floor(i / 300) * 0.001] },
  }));
  fs.writeFileSync(input, JSON.stringify({ type: 'FeatureCollection', features }));
  fs.writeFileSync(
    mapping,
    JSON.stringify({ format: 'geojson', source: 'kill-test', layer: 'gardens', fields: { sourceId: 'id', name: 'name' } }),
  );
  fs.writeFileSync(ttyPreload, "Object.defineProperty(process.stderr, 'isTTY', { value: true });\n");
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function startImport(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let out = '';
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      ttyPreload,
      'server/import/cli.ts',
      'geojson',
      input,
      '--tenant',
      'lindmere',
      '--mapping',
      mapping,
    ],
    { cwd: PROJECT_ROOT, env: { ...process.env, LOAD_DEMO: 'false', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (d) => {
    out += String(d);
  });
  child.stderr?.on('data', (d) => {
    out += String(d);
  });
  return { child, output: () => out };
}

async function importToCompletion(env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'server/import/cli.ts', 'geojson', input, '--tenant', 'lindmere', '--mapping', mapping],
      { cwd: PROJECT_ROOT, env: { ...process.env, LOAD_DEMO: 'false', LOG_LEVEL: 'warn', ...env }, maxBuffer: 64 << 20 },
    );
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

/** newest modification time of the files in the write-ahead log */
function walTime(dataDir: string): number {
  const dir = path.join(dataDir, 'pg_wal');
  return Math.max(0, ...fs.readdirSync(dir).map((n) => fs.statSync(path.join(dir, n)).mtimeMs));
}

for (const kind of databaseKinds() as DatabaseKind[]) {
  describe(`kill -9 during an import [${kind}]`, () => {
    let copy: TestDatabase | undefined;
    const dataDir = path.join(tmp, `data-${kind}`);
    let env: Record<string, string>;
    let before: Checksums;

    const checksumsNow = async (): Promise<Checksums> => {
      if (kind === 'postgis') return tableChecksums(copy?.db as unknown as Kysely<unknown>);
      const database = await openDatabase({ dataDir });
      try {
        // the folder still opens (recovering from the kill) and migrates
        await migrateToLatest(database.db as unknown as Kysely<unknown>);
        return await tableChecksums(database.db as unknown as Kysely<unknown>);
      } finally {
        await database.close();
      }
    };

    beforeAll(async () => {
      if (kind === 'postgis') {
        copy = await openTestDatabase('postgis');
        env = { DATABASE_URL: copy.url as string, DATA_DIR: path.join(tmp, 'unused') };
        before = await checksumsNow();
      } else {
        const database = await openDatabase({
          dataDir,
          loadDataDir: templateBlob(inject('pgliteTemplate')),
        });
        before = await tableChecksums(database.db as unknown as Kysely<unknown>);
        await database.close();
        env = { DATABASE_URL: '', DATA_DIR: dataDir };
      }
    }, 180_000);
    afterAll(async () => {
      await copy?.close();
    });

    it('the database is exactly as before, opens, and takes the import afterwards', async () => {
      const { child, output } = startImport(env);
      try {
        if (kind === 'postgis') {
          const dbName = new URL(copy?.url as string).pathname.slice(1);
          await waitFor(
            'the import to write inside its transaction',
            async () => {
              if (child.exitCode !== null) throw new Error(`the import ended before it was killed:\n${output()}`);
              const rows = await adminQuery<{ n: number }>(
                TEST_DATABASE_URL as string,
                `SELECT count(*)::int AS n FROM pg_stat_activity
                  WHERE datname = '${dbName}' AND backend_xid IS NOT NULL`,
              );
              return (rows[0]?.n ?? 0) > 0;
            },
            { timeoutMs: 150_000, everyMs: 50 },
          );
        } else {
          await waitFor(
            'the parser to read every feature',
            async () => {
              if (child.exitCode !== null) throw new Error(`the import ended before it was killed:\n${output()}`);
              return output().includes(`${FEATURES.toLocaleString('en')} read`);
            },
            { timeoutMs: 150_000, everyMs: 50 },
          );
          const parsedAt = walTime(dataDir);
          await waitFor(
            'the write-ahead log to change (the transaction writing)',
            async () => {
              if (child.exitCode !== null) throw new Error(`the import ended before it was killed:\n${output()}`);
              return walTime(dataDir) > parsedAt;
            },
            { timeoutMs: 150_000, everyMs: 20 },
          );
        }
        expect(output()).not.toContain('Imported');
        child.kill('SIGKILL');
        await exited(child);
        expect(child.signalCode).toBe('SIGKILL');
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }

      if (kind === 'postgis') {
        const dbName = new URL(copy?.url as string).pathname.slice(1);
        // the server rolls the transaction back once it sees its client gone
        await waitFor("the killed import's backend to end", async () => {
          const rows = await adminQuery<{ n: number }>(
            TEST_DATABASE_URL as string,
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = '${dbName}' AND backend_xid IS NOT NULL`,
          );
          return rows[0]?.n === 0;
        });
      }
      expect(await checksumsNow()).toEqual(before);

      // the next import opens the database (taking over the dead process's lock) and succeeds
      const again = await importToCompletion(env);
      expect(again.code, again.out).toBe(0);
      const after = await checksumsNow();
      expect(after.place?.rows).toBe((before.place?.rows ?? 0) + FEATURES);
    }, 600_000);
  });
}
