/**
 * Issue 10, defect 1: one owner per embedded data folder. Real processes on one DATA_DIR: a second
 * server is refused with the holder named; after the first is killed with SIGKILL a new one takes
 * the lock over and finds the data written before; `npm run import` while the server runs hands
 * its import to the server, whose API then shows the rows.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { LOCK_FILE_NAME, type LockInfo } from '../../server/db/data-dir-lock.ts';
import {
  ADMIN_TOKEN,
  type ServerChild,
  demoDataDir,
  killIfRunning,
  runImportCli,
  serverEnv,
  spawnChild,
  startServerChild,
} from './child-server.ts';

const readLockFile = (dir: string) =>
  JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE_NAME), 'utf8')) as LockInfo;

describe('one process per data folder', () => {
  let dataDir: string;
  let first: ServerChild | undefined;
  let second: ServerChild | undefined;

  beforeAll(async () => {
    dataDir = await demoDataDir();
  });
  afterAll(() => {
    killIfRunning(first);
    killIfRunning(second);
    if (dataDir) fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });

  it('refuses a second server naming the first, and takes the lock over after a SIGKILL with the data intact', async () => {
    first = await startServerChild(dataDir);
    const lock = readLockFile(dataDir);
    expect(lock).toMatchObject({ pid: first.pid, role: 'server', url: first.url });
    expect(fs.statSync(path.join(dataDir, LOCK_FILE_NAME)).mode & 0o777).toBe(0o600);

    // a committed write through the first server
    const put = await fetch(`${first.url}/api/admin/kiosks/fault-lobby`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ centre: 'kestrel-rise-community-centre', idle_seconds: 123 }),
    });
    expect(put.status, await put.clone().text()).toBe(200);

    const refused = spawnChild(process.execPath, ['--import', 'tsx', 'server/main.ts'], serverEnv(dataDir));
    const { code } = await refused.exited;
    expect(code).not.toBe(0);
    expect(refused.output()).toContain(`is in use by the Commons Map server, pid ${first.pid}`);
    expect(refused.output()).toContain(`serving ${first.url}`);
    expect(refused.output()).not.toMatch(/is running/);
    // the refusal left the first server and its lock alone
    expect((await fetch(`${first.url}/api/health`)).status).toBe(200);
    expect(readLockFile(dataDir).pid).toBe(first.pid);

    first.proc.kill('SIGKILL');
    await first.exited;
    expect(readLockFile(dataDir).pid).toBe(first.pid); // a crash leaves its lock behind…

    second = await startServerChild(dataDir); // …which the next server takes over
    expect(readLockFile(dataDir).pid).toBe(second.pid);
    const kiosk = await fetch(`${second.url}/api/kiosks/fault-lobby`);
    expect(kiosk.status).toBe(200);
    expect(await kiosk.json()).toMatchObject({ slug: 'fault-lobby', idle_seconds: 123 });
  }, 400_000);

  it('hands `npm run import` to the running server; its rows are served at once', async () => {
    const server = second;
    if (!server) throw new Error('the previous test did not leave a server running');
    const dir = path.dirname(dataDir);
    const file = path.join(dir, 'handoff-gardens.geojson');
    fs.writeFileSync(
      file,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { id: 'h1', name: 'Handed-off Garden One' },
            geometry: { type: 'Point', coordinates: [3.5, 54.5] },
          },
          {
            type: 'Feature',
            properties: { id: 'h2', name: 'Handed-off Garden Two' },
            geometry: { type: 'Point', coordinates: [3.51, 54.51] },
          },
        ],
      }),
    );
    // a relative path, as a planner types it: resolved against the CLI's own folder
    const relative = path.relative(PROJECT_ROOT, file);
    const r = await runImportCli(
      ['geojson', relative, '--layer', 'gardens', '--tenant', 'lindmere', '--json'],
      serverEnv(dataDir),
    );
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stderr).toMatch(
      new RegExp(`in use by the Commons Map server \\(pid ${server.pid}.*handing the import to it`),
    );
    const report = JSON.parse(r.stdout) as {
      committed: boolean;
      layers: Record<string, { inserted: number }>;
    };
    expect(report.committed).toBe(true);
    expect(report.layers.gardens?.inserted).toBe(2);

    const layer = await fetch(`${server.url}/api/layers/gardens?bbox=3.44,54.47,3.56,54.53&tenant=lindmere`);
    expect(layer.status).toBe(200);
    const names = ((await layer.json()) as { features: { properties: { name: string } }[] }).features.map(
      (f) => f.properties.name,
    );
    expect(names).toEqual(expect.arrayContaining(['Handed-off Garden One', 'Handed-off Garden Two']));

    // input the server cannot read answers as the CLI does on its own: the reason and exit code 2
    const bad = await runImportCli(
      ['geojson', path.join(dir, 'missing.geojson'), '--layer', 'gardens'],
      serverEnv(dataDir),
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/missing\.geojson/);

    // still one owner, still healthy; a clean stop releases the folder
    expect(readLockFile(dataDir).pid).toBe(server.pid);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    server.proc.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);
  }, 400_000);

  it('refuses the hand-off route without the secret or from outside loopback', async () => {
    const server = await startServerChild(dataDir);
    second = server;
    const secret = readLockFile(dataDir).handoffSecret;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const post = (headers: Record<string, string>) =>
      fetch(`${server.url}/api/admin/local-import`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({
          format: 'tenant',
          path: path.join(PROJECT_ROOT, 'data/mappings/vancouver/tenant.json'),
        }),
      });
    const none = await post({});
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('unauthorised');
    expect((await post({ authorization: `Bearer ${'x'.repeat(secret?.length ?? 43)}` })).status).toBe(401);
    // through a proxy on this machine the caller is not local
    expect((await post({ authorization: `Bearer ${secret}`, 'x-forwarded-for': '203.0.113.9' })).status).toBe(
      403,
    );
    const relative = await fetch(`${server.url}/api/admin/local-import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ format: 'tenant', path: 'tenant.json' }),
    });
    expect(relative.status).toBe(400);
    server.proc.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
  }, 400_000);
});
