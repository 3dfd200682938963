/**
 * GET /api/ready: 200 when the database answers, the migrations are current and the data folder
 * takes writes; 503 naming each failed check otherwise. /api/health and /api/ready never hang on
 * a database that does not answer. The data folder is tested on a real tmpfs mount (read-only,
 * then full) when this machine lets us mount one; the write probe's handling of a full disk and
 * a read-only file system is also tested with simulated errors, which needs no mount.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { OpenAPIHono } from '@hono/zod-openapi';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig, PROJECT_ROOT } from '../../server/config.ts';
import { type Database, openDatabase } from '../../server/db/connect.ts';
import type { ProbeFs } from '../../server/db/data-dir-probe.ts';
import { MIGRATION_NAMES } from '../../server/db/migrate.ts';
import type { DB } from '../../server/db/schema.ts';
import type { AppDeps } from '../../server/http/deps.ts';
import { toErrorResponse } from '../../server/http/errors.ts';
import { healthRoutes, type ReadyAnswer } from '../../server/http/health.ts';
import { createLogger } from '../../server/logger.ts';
import { TenantResolver } from '../../server/tenants/queries.ts';
import { describeEachDatabase, type testApp } from '../support/databases.ts';
import { templateBlob } from '../support/template-key.ts';

const log = createLogger('silent');

function healthApp(
  deps: Partial<AppDeps> & Pick<AppDeps, 'db' | 'databaseKind'>,
  probeFs?: ProbeFs,
  timeoutMs = 10_000, // a busy machine must not turn a slow answer into a failed check
) {
  const full: AppDeps = {
    config: loadConfig({ LOG_LEVEL: 'silent', HEALTH_TIMEOUT_MS: String(timeoutMs) }),
    tenants: new TenantResolver(deps.db, undefined),
    log,
    ...deps,
  };
  const app = new OpenAPIHono();
  app.route('/api', healthRoutes(full, probeFs ? { probeFs } : {}));
  app.onError((err, c) => toErrorResponse(err, c, log));
  return app;
}

async function ready(app: { request(p: string): Response | Promise<Response> }) {
  const res = await app.request('/api/ready');
  return { status: res.status, body: (await res.json()) as ReadyAnswer, headers: res.headers };
}

describeEachDatabase('GET /api/ready', (ctx) => {
  it('200 on a migrated database; the data folder check says why there is none', async () => {
    const { status, body } = await ready(ctx.app);
    expect(status).toBe(200);
    expect(body.status).toBe('ready');
    expect(body.reasons).toEqual([]);
    expect(body.checks.database.ok).toBe(true);
    expect(body.checks.migrations).toMatchObject({ ok: true, pending: [], unknown: [] });
    expect(body.checks.data_folder.path).toBeNull();
    expect(body.checks.data_folder.detail).toMatch(
      ctx.kind === 'postgis' ? /the data lives on the PostGIS server/ : /in memory/,
    );
  });

  it('503 naming a pending migration', async () => {
    const last = MIGRATION_NAMES[MIGRATION_NAMES.length - 1] as string;
    const db = ctx.database.db as unknown as Kysely<{
      kysely_migration: { name: string; timestamp: string };
    }>;
    const row = await db
      .selectFrom('kysely_migration')
      .selectAll()
      .where('name', '=', last)
      .executeTakeFirstOrThrow();
    await db.deleteFrom('kysely_migration').where('name', '=', last).execute();
    try {
      const { status, body, headers } = await ready(ctx.app);
      expect(status).toBe(503);
      expect(body.status).toBe('not_ready');
      expect(body.checks.migrations.pending).toEqual([last]);
      expect(body.reasons).toEqual([`migrations pending: ${last}`]);
      expect(headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await db.insertInto('kysely_migration').values(row).execute();
    }
    expect((await ready(ctx.app)).status).toBe(200);
  });

  it('503 when the database holds a migration this code does not know (a newer release ran on it)', async () => {
    const db = ctx.database.db as unknown as Kysely<{
      kysely_migration: { name: string; timestamp: string };
    }>;
    await db
      .insertInto('kysely_migration')
      .values({ name: '9999_from_the_future', timestamp: new Date().toISOString() })
      .execute();
    try {
      const { status, body } = await ready(ctx.app);
      expect(status).toBe(503);
      expect(body.checks.migrations.unknown).toEqual(['9999_from_the_future']);
      expect(body.reasons[0]).toMatch(/does not know.*9999_from_the_future/);
    } finally {
      await db.deleteFrom('kysely_migration').where('name', '=', '9999_from_the_future').execute();
    }
  });

  it('503 "data folder not writable" when the disk is full or read-only (simulated in the write probe)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-ready-'));
    try {
      const failing = (code: string): ProbeFs => ({
        async writeSyncRemove() {
          throw Object.assign(new Error(`${code}: simulated`), { code });
        },
      });
      const deps = { db: ctx.database.db, databaseKind: ctx.kind, dataDir: dir };
      const full = await ready(healthApp(deps, failing('ENOSPC')));
      expect(full.status).toBe(503);
      expect(full.body.checks.data_folder).toMatchObject({ ok: false, path: dir });
      expect(full.body.reasons).toEqual([
        'data folder not writable: no space left on the device (disk full) [ENOSPC]',
      ]);
      expect(full.body.checks.database.ok).toBe(true); // only the folder fails
      const ro = await ready(healthApp(deps, failing('EROFS')));
      expect(ro.status).toBe(503);
      expect(ro.body.reasons[0]).toMatch(/^data folder not writable: .*read-only file system \[EROFS\]$/);
      // the real probe on a writable folder passes, and leaves nothing behind
      const ok = await ready(healthApp(deps));
      expect(ok.status).toBe(200);
      expect(ok.body.checks.data_folder).toEqual({ ok: true, path: dir, detail: 'data folder writable' });
      expect(fs.readdirSync(dir)).toEqual([]);
      // a folder that has disappeared
      fs.rmSync(dir, { recursive: true });
      const gone = await ready(healthApp(deps));
      expect(gone.status).toBe(503);
      expect(gone.body.reasons[0]).toMatch(/does not exist \[ENOENT\]/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('health and readiness never hang on a database that does not answer', () => {
  const sockets: net.Socket[] = [];
  let silent: net.Server;
  let silentPort = 0;
  let refusedPort = 0;
  beforeAll(async () => {
    // accepts connections and never says a word: a server that hangs
    silent = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    silentPort = (silent.address() as net.AddressInfo).port;
    // a port nothing listens on
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    refusedPort = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => silent.close(r));
  });

  for (const [what, port] of [
    ['refused', () => refusedPort],
    ['silent', () => silentPort],
  ] as const) {
    it(`a ${what} connection: /api/health and /api/ready answer 503 within the bound`, async () => {
      const pool = new pg.Pool({
        host: '127.0.0.1',
        port: port(),
        user: 'x',
        connectionTimeoutMillis: 5000,
        max: 2,
      });
      pool.on('error', () => {});
      const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
      try {
        const app = healthApp({ db, databaseKind: 'postgis' }, undefined, 300);
        const t0 = Date.now();
        const health = await app.request('/api/health');
        expect(health.status).toBe(503);
        const r = await ready(app);
        expect(r.status).toBe(503);
        expect(r.body.reasons[0]).toMatch(/^database unreachable: /);
        expect(r.body.checks.migrations.detail).toMatch(/not checked/);
        // HEALTH_TIMEOUT_MS is 300 ms here; a generous liveness bound, not a speed target
        expect(Date.now() - t0).toBeLessThan(10_000);
      } finally {
        await db.destroy().catch(() => {});
      }
    });
  }
});

/** a tmpfs we may mount (root on Linux, with the capability); null where mounting is refused */
function tryMountTmpfs(dir: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** whether this machine lets us mount a tmpfs: tried once on a scratch folder, unmounted at once */
function canMountTmpfs(): boolean {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-mnt-probe-'));
  try {
    if (!tryMountTmpfs(dir, '1m')) return false;
    execFileSync('umount', [dir]);
    return true;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const mounted = canMountTmpfs();
if (!mounted) {
  console.warn('tmpfs cannot be mounted here: the read-only and full-disk cases run on the simulated probe only');
}
// mounted in beforeAll only, so that a filtered-out run leaves no mount behind
const mountRoot = path.join(os.tmpdir(), `cm-mnt-${process.pid}-${Date.now().toString(36)}`);

describe.skipIf(!mounted)('a real data folder that turns read-only, then fills up [pglite on tmpfs]', () => {
  const dataDir = path.join(mountRoot, 'data');
  const filler = path.join(mountRoot, 'filler');
  let database: Database;
  let app: ReturnType<typeof testApp>;
  // a read-only bind mount of the folder over itself: new writes through its path fail with EROFS
  // while the files PGlite already holds open stay as they are (a remount of the whole tmpfs
  // read-only is refused while files are open for writing)
  const readOnly = (dir: string) => {
    execFileSync('mount', ['--bind', dir, dir]);
    execFileSync('mount', ['-o', 'remount,bind,ro', dir]);
  };
  const writable = (dir: string) => execFileSync('umount', [dir]);

  beforeAll(async () => {
    fs.mkdirSync(mountRoot, { recursive: true });
    if (!tryMountTmpfs(mountRoot, '192m')) throw new Error(`cannot mount a tmpfs on ${mountRoot}`);
    database = await openDatabase({
      dataDir,
      loadDataDir: templateBlob(inject('pgliteTemplate')),
    });
    expect(database.dataDir).toBe(dataDir);
    const { createApp } = await import('../../server/app.ts');
    app = createApp({
      db: database.db,
      databaseKind: database.kind,
      dataDir,
      config: loadConfig({ LOG_LEVEL: 'silent' }),
      tenants: new TenantResolver(database.db, undefined),
      log,
    });
  });
  afterAll(async () => {
    await database?.close().catch(() => {});
    for (const dir of [dataDir, path.join(mountRoot, 'readonly')]) {
      try {
        writable(dir);
      } catch {}
    }
    execFileSync('umount', ['-l', mountRoot]);
    fs.rmSync(mountRoot, { recursive: true, force: true });
  });

  it('ready, then 503 while read-only (requests 503, never 500), then ready again', async () => {
    expect((await ready(app)).status).toBe(200);
    readOnly(dataDir);
    try {
      const r = await ready(app);
      expect(r.status).toBe(503);
      expect(r.body.reasons).toEqual([
        'data folder not writable: the folder is on a read-only file system [EROFS]',
      ]);
      expect(r.body.checks.data_folder.path).toBe(dataDir);
      // PGlite opens its files for writing even to read them: a request needing one it has not
      // opened yet fails, and says so with a 503 (never a 500)
      const layer = await app.request('/api/layers/parks');
      if (layer.status !== 200) {
        expect(layer.status).toBe(503);
        expect(((await layer.json()) as { error: { code: string } }).error.code).toBe('storage_unavailable');
      }
    } finally {
      writable(dataDir);
    }
    expect((await ready(app)).status).toBe(200);
    expect((await app.request('/api/layers/parks')).status).toBe(200);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM tenant`.execute(database.db);
    expect(rows[0]?.n).toBeGreaterThan(0);
  });

  it('503 "disk full" when no space is left, ready again once space is freed', async () => {
    const fd = fs.openSync(filler, 'w');
    const chunk = Buffer.alloc(1024 * 1024, 1);
    try {
      for (;;) fs.writeSync(fd, chunk);
    } catch (err) {
      expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
    }
    // the last partial megabyte: fill to the very end
    try {
      for (;;) fs.writeSync(fd, chunk, 0, 4096);
    } catch {}
    fs.closeSync(fd);
    try {
      const r = await ready(app);
      expect(r.status).toBe(503);
      expect(r.body.reasons).toEqual([
        'data folder not writable: no space left on the device (disk full) [ENOSPC]',
      ]);
    } finally {
      fs.rmSync(filler);
    }
    expect((await ready(app)).status).toBe(200);
  });

  it('a read-only DATA_DIR stops the server at start-up with a message naming the folder, no stack trace', async () => {
    const readOnlyDir = path.join(mountRoot, 'readonly');
    fs.mkdirSync(readOnlyDir);
    readOnly(readOnlyDir);
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        cwd: PROJECT_ROOT,
        env: {
          ...process.env,
          DATA_DIR: readOnlyDir,
          DATABASE_URL: '',
          PORT: '0',
          HOST: '127.0.0.1',
          LOAD_DEMO: 'false',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d) => {
        out += String(d);
      });
      child.stderr.on('data', (d) => {
        out += String(d);
      });
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).not.toBe(0);
      expect(out).toContain(readOnlyDir);
      expect(out).toMatch(/read-only file system \[EROFS\]/);
      expect(out).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      writable(readOnlyDir);
    }
  });
});
