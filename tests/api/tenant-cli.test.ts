/**
 * `npm run tenant -- hosts …` with real processes: on the embedded data folder while the server
 * holds it (the command is handed to the server, which answers the new host name at once), refused
 * commands exit 1 with the reason, usage errors 2, and alone on the folder once the server is gone.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  demoDataDir,
  type ServerChild,
  serverEnv,
  spawnChild,
  startServerChild,
} from '../faults/child-server.ts';

async function npmTenant(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawnChild('npm', ['run', '--silent', 'tenant', '--', ...args], env);
  const { code } = await child.exited;
  return { code, output: child.output() };
}

/** GET /api/config of the server with a Host header of our choosing */
function configAt(url: string, host: string): Promise<{ tenant: { slug: string }; tenantVia: string }> {
  const u = new URL('/api/config', url);
  return new Promise((resolve, reject) => {
    const req = http.get(
      { hostname: u.hostname, port: u.port, path: u.pathname, headers: { host } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          body += c;
        });
        res.on('end', () => {
          try {
            resolve(JSON.parse(body) as { tenant: { slug: string }; tenantVia: string });
          } catch (err) {
            reject(err);
          }
        });
      },
    );
    req.on('error', reject);
  });
}

// each step starts `npm run tenant` (a tsx process opening the data folder): on a loaded CI machine
// three of them in a test outlast the default 60 s
describe('npm run tenant on the embedded database', { timeout: 240_000 }, () => {
  let dataDir: string;
  let server: ServerChild | undefined;
  const env = () => serverEnv(dataDir);

  beforeAll(async () => {
    dataDir = await demoDataDir();
    server = await startServerChild(dataDir);
  }, 180_000);
  afterAll(async () => {
    if (server && server.proc.exitCode === null) {
      server.proc.kill('SIGTERM');
      await server.exited;
    }
    if (dataDir) fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });

  it('adds, lists and removes a host name through the running server, which follows at once', async () => {
    const s = server as ServerChild;
    // the server has looked the host up (and cached that it names nothing) before it is added
    expect(await configAt(s.url, 'map.lindmere.test')).toMatchObject({ tenantVia: 'default' });
    const added = await npmTenant(
      ['hosts', 'add', '--tenant', 'lindmere', '--host', 'Map.Lindmere.test'],
      env(),
    );
    expect(added.code, added.output).toBe(0);
    expect(added.output).toMatch(/handing the command to it/);
    expect(added.output).toMatch(/map\.lindmere\.test now chooses tenant "lindmere"/);
    expect(await configAt(s.url, 'map.lindmere.test:8080')).toMatchObject({
      tenant: { slug: 'lindmere' },
      tenantVia: 'host',
    });

    const list = await npmTenant(['hosts', 'list', '--json'], env());
    expect(list.code, list.output).toBe(0);
    expect(JSON.parse(list.output.trim().split('\n').at(-1) as string)).toMatchObject({
      hosts: [{ tenant: 'lindmere', host: 'map.lindmere.test' }],
    });

    const bad = await npmTenant(['hosts', 'add', '--tenant', 'lindmere', '--host', 'https://x.test/'], env());
    expect(bad.code).toBe(1);
    expect(bad.output).toMatch(/must be a host name/);
    const nobody = await npmTenant(['hosts', 'add', '--tenant', 'nowhere', '--host', 'x.test'], env());
    expect(nobody.code).toBe(1);
    expect(nobody.output).toMatch(/No tenant "nowhere"/);
    expect((await npmTenant(['hosts', 'add', '--tenant', 'lindmere'], env())).code).toBe(2);
    expect((await npmTenant(['frobnicate'], env())).code).toBe(2);

    const removed = await npmTenant(
      ['hosts', 'remove', '--tenant', 'lindmere', '--host', 'map.lindmere.test'],
      env(),
    );
    expect(removed.code, removed.output).toBe(0);
    expect(await configAt(s.url, 'map.lindmere.test')).toMatchObject({ tenantVia: 'default' });
  });

  it('opens the folder itself once the server is gone', async () => {
    const s = server as ServerChild;
    s.proc.kill('SIGTERM');
    await s.exited;
    const r = await npmTenant(['hosts', 'add', '--tenant', 'lindmere', '--host', 'lindmere.example'], env());
    expect(r.code, r.output).toBe(0);
    expect(r.output).not.toMatch(/handing the command/);
    expect(r.output).toMatch(/lindmere\.example now chooses tenant "lindmere"/);
    expect(fs.existsSync(path.join(dataDir, 'commons-map.lock'))).toBe(false);
  });
});
