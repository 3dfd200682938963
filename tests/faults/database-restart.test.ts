/**
 * The PostGIS server stops and starts again while the API serves (a throw-away cluster this test
 * creates): the server process stays up, answers 503 database_unavailable (with Retry-After) and
 * /api/health, /api/ready 503 while the database is away — never a 500, a hang or an exit — and
 * 200 again within seconds after the database is back, without a restart.
 *
 * Needs Debian's postgresql-common (pg_createcluster) and root, as in CI (.ci/run); elsewhere the
 * case is skipped, in CI its absence fails.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { bootstrapDatabase } from '../../server/db/bootstrap.ts';
import { runImport } from '../../server/import/run.ts';
import { waitFor } from './wait.ts';

const ci = process.env.CI === 'true' || process.env.CI === '1';
const PG_VERSION = '15';
const canCreateCluster = fs.existsSync('/usr/bin/pg_createcluster') && process.getuid?.() === 0;
if (!canCreateCluster && ci)
  throw new Error('CI=true but pg_createcluster (postgresql-common, as root) is missing');

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

async function get(url: string) {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: () => JSON.parse(text) as unknown, text };
}

describe.skipIf(!canCreateCluster)('PostGIS server stopped and started while serving', () => {
  const cluster = `cm_restart_${process.pid}`;
  let pgPort = 0;
  let base = '';
  let server: ChildProcess | undefined;
  let output = '';
  const pgctl = (action: 'start' | 'stop') =>
    execFileSync(
      'pg_ctlcluster',
      [PG_VERSION, cluster, action, ...(action === 'stop' ? ['-m', 'fast'] : [])],
      {
        stdio: 'pipe',
      },
    );

  beforeAll(async () => {
    pgPort = await freePort();
    execFileSync(
      'pg_createcluster',
      [PG_VERSION, cluster, '-p', String(pgPort), '--start', '--', '--auth-local=trust', '--auth-host=trust'],
      { stdio: 'pipe' },
    );
    const url = `postgres://postgres@127.0.0.1:${pgPort}/postgres`;
    // migrated (the first migration creates the postgis extension), one small tenant
    const db = await bootstrapDatabase({
      databaseUrl: url,
      dataDir: '',
      loadDemo: false,
      demoDir: '',
      poolSize: 2,
    });
    await runImport(db.db, {
      format: 'tenant',
      path: path.join(PROJECT_ROOT, 'data/mappings/vancouver/tenant.json'),
    });
    await db.close();

    const appPort = await freePort();
    base = `http://127.0.0.1:${appPort}`;
    server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        DATABASE_URL: url,
        PORT: String(appPort),
        HOST: '127.0.0.1',
        LOAD_DEMO: 'false',
        LOG_LEVEL: 'warn',
        PG_POOL_SIZE: '4',
        DB_CONNECT_TIMEOUT_MS: '2000',
        HEALTH_TIMEOUT_MS: '2000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (d) => {
      output += String(d);
    });
    server.stderr?.on('data', (d) => {
      output += String(d);
    });
    await waitFor('the server to answer', async () => (await get(`${base}/api/health`)).status === 200, {
      timeoutMs: 120_000,
      everyMs: 250,
    });
  }, 240_000);

  afterAll(() => {
    server?.kill('SIGKILL');
    try {
      execFileSync('pg_dropcluster', [PG_VERSION, cluster, '--stop'], { stdio: 'pipe' });
    } catch (err) {
      console.warn(`could not drop cluster ${cluster}: ${String(err)}`);
    }
  });

  const nearby = () => get(`${base}/api/nearby?lon=-123.116&lat=49.25&radius_m=2000`);

  it('503 while the server is away, 200 again by itself once it is back; the process never exits', async () => {
    // several idle pooled connections, all cut by the stop
    const warm = await Promise.all([1, 2, 3, 4].map(() => nearby()));
    expect(warm.map((r) => r.status)).toEqual([200, 200, 200, 200]);

    pgctl('stop');
    const away = await nearby();
    expect(away.status, away.text).toBe(503);
    expect(away.json()).toMatchObject({ error: { code: 'database_unavailable' } });
    expect(away.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await get(`${base}/api/health`)).status).toBe(503);
    const notReady = await get(`${base}/api/ready`);
    expect(notReady.status).toBe(503);
    expect((notReady.json() as { reasons: string[] }).reasons[0]).toMatch(/^database unreachable/);
    // every answer while away is a 503, and the process is still there
    for (let i = 0; i < 5; i++) expect((await nearby()).status).toBe(503);
    expect(server?.exitCode, output).toBeNull();

    pgctl('start');
    const t0 = Date.now();
    await waitFor('the API to answer 200 again', async () => (await nearby()).status === 200, {
      timeoutMs: 20_000,
      everyMs: 200,
    });
    const recoveredInMs = Date.now() - t0;
    expect((await get(`${base}/api/health`)).status).toBe(200);
    expect((await get(`${base}/api/ready`)).status).toBe(200);
    expect(server?.exitCode, output).toBeNull();
    expect(output).not.toMatch(/unhandled|Uncaught/i);
    console.log(`recovered ${recoveredInMs} ms after the database came back`);
  }, 120_000);
});
