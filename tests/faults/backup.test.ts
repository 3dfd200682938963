/**
 * Backup and restore reproduce every row (count and md5 of each table ordered by primary key):
 * - embedded: `npm run backup` of a folder no server holds, and of a folder a running server
 *   holds (the copy is asked of the server, after a write through its API), then
 *   `npm run restore` into another DATA_DIR; restore refuses a running server's folder and a
 *   folder with data unless --force (which keeps the old folder);
 * - PostGIS: pg_dump -Fc of a database, pg_restore into a new one (docs/OPERATIONS.md).
 */
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { openDatabase } from '../../server/db/connect.ts';
import { openTestDatabase, type TestDatabase } from '../support/databases.ts';
import { adminQuery, TEST_DATABASE_URL, withDatabase } from '../support/postgis-server.ts';
import { type Checksums, tableChecksums } from '../support/table-checksums.ts';
import { waitFor } from './wait.ts';
import { templateBlob } from '../support/template-key.ts';

const run = promisify(execFile);

/** runs one of our npm scripts' entry files with this environment; never throws */
async function script(file: string, args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', file, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', ...env },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

async function checksumsOf(dataDir: string): Promise<Checksums> {
  const database = await openDatabase({ dataDir });
  try {
    return await tableChecksums(database.db as unknown as Kysely<unknown>);
  } finally {
    await database.close();
  }
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

describe('embedded database: npm run backup / npm run restore', () => {
  // created in beforeAll only, so that a filtered-out run leaves nothing behind
  const tmp = path.join(os.tmpdir(), `cm-backup-${process.pid}-${Date.now().toString(36)}`);
  const original = path.join(tmp, 'data');
  let before: Checksums;

  beforeAll(async () => {
    fs.mkdirSync(tmp, { recursive: true });
    const database = await openDatabase({
      dataDir: original,
      loadDataDir: templateBlob(inject('pgliteTemplate')),
    });
    before = await tableChecksums(database.db as unknown as Kysely<unknown>);
    await database.close();
    expect(before.opportunity?.rows).toBeGreaterThan(0);
  }, 180_000);
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('a folder no server holds: backup, restore into another folder, every row the same', async () => {
    const file = path.join(tmp, 'offline.tar.gz');
    const backup = await script('scripts/backup.ts', ['--out', file], { DATA_DIR: original });
    expect(backup.code, backup.out).toBe(0);
    expect(backup.out).toContain('no server holds it');
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
    // the folder was released again: nothing of the backup's lock is left
    expect(fs.readdirSync(original).filter((n) => n.startsWith('commons-map.lock'))).toEqual([]);

    const restored = path.join(tmp, 'restored');
    const restore = await script('scripts/restore.ts', [file], { DATA_DIR: restored });
    expect(restore.code, restore.out).toBe(0);
    expect(await checksumsOf(restored)).toEqual(before);

    // a folder with data is not replaced without --force; with it, the old one is kept
    const again = await script('scripts/restore.ts', [file], { DATA_DIR: restored });
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/already holds a database.*--force/);
    const forced = await script('scripts/restore.ts', [file, '--force'], { DATA_DIR: restored });
    expect(forced.code, forced.out).toBe(0);
    const kept = fs.readdirSync(tmp).filter((n) => n.startsWith('restored.before-restore-'));
    expect(kept).toHaveLength(1);
    expect(await checksumsOf(restored)).toEqual(before);

    // not a backup at all
    const junk = path.join(tmp, 'junk.tar.gz');
    fs.writeFileSync(junk, 'not a backup');
    const bad = await script('scripts/restore.ts', [junk], { DATA_DIR: path.join(tmp, 'never') });
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/not a backup/);
    expect(fs.existsSync(path.join(tmp, 'never'))).toBe(false);
  }, 300_000);

  describe('while a server holds the folder', () => {
    let server: ChildProcess | undefined;
    let output = '';
    let base = '';
    const TOKEN = 'backup-test-admin-token';

    beforeAll(async () => {
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        cwd: PROJECT_ROOT,
        env: {
          ...process.env,
          DATABASE_URL: '',
          DATA_DIR: original,
          PORT: String(port),
          HOST: '127.0.0.1',
          LOAD_DEMO: 'false',
          LOG_LEVEL: 'warn',
          ADMIN_TOKEN: TOKEN,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      server.stdout?.on('data', (d) => {
        output += String(d);
      });
      server.stderr?.on('data', (d) => {
        output += String(d);
      });
      await waitFor(
        'the server to answer',
        async () => {
          if (server?.exitCode !== null) throw new Error(`the server exited: ${output}`);
          return (await fetch(`${base}/api/health`)).status === 200;
        },
        { timeoutMs: 150_000, everyMs: 250 },
      );
    }, 200_000);
    afterAll(() => {
      if (server?.exitCode === null) server.kill('SIGKILL');
    });

    it('the copy is asked of the server and holds its latest write; restore refuses the held folder', async () => {
      const put = await fetch(`${base}/api/admin/kiosks/backup-lobby`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({
          centre: 'kestrel-rise-community-centre',
          default_language: 'pl',
          languages: ['pl', 'en'],
          idle_seconds: 60,
          layers: ['programs'],
          printer: false,
        }),
      });
      expect(put.status, await put.text()).toBe(200);

      const file = path.join(tmp, 'online.tar.gz');
      const backup = await script('scripts/backup.ts', ['--out', file], { DATA_DIR: original });
      expect(backup.code, backup.out).toBe(0);
      expect(backup.out).toMatch(/holds .*asking it for a copy/);

      const refused = await script('scripts/restore.ts', [file, '--force'], { DATA_DIR: original });
      expect(refused.code).toBe(1);
      expect(refused.out).toMatch(/in use by the Commons Map server.*stop it first/s);

      // stop the server; its folder as it stands is what the copy must reproduce
      server?.kill('SIGTERM');
      await waitFor('the server to stop', async () => server?.exitCode !== null, { timeoutMs: 60_000 });
      const expected = await checksumsOf(original);
      expect(expected.kiosk?.rows).toBe((before.kiosk?.rows ?? 0) + 1);

      const restored = path.join(tmp, 'restored-online');
      const restore = await script('scripts/restore.ts', [file], { DATA_DIR: restored });
      expect(restore.code, restore.out).toBe(0);
      expect(fs.readdirSync(restored).filter((n) => n.startsWith('commons-map.lock'))).toEqual([]);
      expect(await checksumsOf(restored)).toEqual(expected);
    }, 300_000);
  });
});

describe.skipIf(!inject('postgisTemplate'))('PostGIS server: pg_dump -Fc / pg_restore', () => {
  let source: TestDatabase;
  const target = `cm_restore_${process.pid}_${Date.now().toString(36)}`;
  const dumpFile = path.join(os.tmpdir(), `${target}.dump`);

  beforeAll(async () => {
    source = await openTestDatabase('postgis');
  });
  afterAll(async () => {
    await source?.close();
    await adminQuery(TEST_DATABASE_URL as string, `DROP DATABASE IF EXISTS ${target} WITH (FORCE)`);
    fs.rmSync(dumpFile, { force: true });
  });

  it('a dump restored into a new database has every row of every table', async () => {
    const url = source.url as string;
    execFileSync('pg_dump', ['-Fc', '-d', url, '-f', dumpFile], { stdio: 'pipe' });
    await adminQuery(TEST_DATABASE_URL as string, `CREATE DATABASE ${target}`);
    const targetUrl = withDatabase(TEST_DATABASE_URL as string, target);
    execFileSync('pg_restore', ['--exit-on-error', '--no-owner', '-d', targetUrl, dumpFile], { stdio: 'pipe' });

    const restored = await openDatabase({ databaseUrl: targetUrl, dataDir: '', poolSize: 2 });
    try {
      const want = await tableChecksums(source.db as unknown as Kysely<unknown>);
      expect(want.opportunity?.rows).toBeGreaterThan(0);
      expect(await tableChecksums(restored.db as unknown as Kysely<unknown>)).toEqual(want);
    } finally {
      await restored.close();
    }
  }, 300_000);
});
