/**
 * Issue 10, defect 10: SIGTERM drains. A request in flight when the signal comes is answered
 * (200), new connections are refused, the process exits 0 and releases the data folder; and
 * SIGTERM to the `npm start` process tree leaves nothing serving.
 *
 * The request in flight is a PUT whose body the client holds back: it sends the headers with
 * `Expect: 100-continue`, and Node's "100 Continue" says the server has the request; the body
 * follows only after the signal. No timing, no test hook.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE_NAME } from '../../server/db/data-dir-lock.ts';
import { databaseKinds, openTestDatabase, type TestDatabase } from '../support/databases.ts';
import {
  ADMIN_TOKEN,
  type Child,
  connectionRefused,
  demoDataDir,
  descendants,
  killIfRunning,
  serverEnv,
  spawnChild,
  startServerChild,
  waitGone,
} from './child-server.ts';

/** a raw HTTP/1.1 exchange on one socket: everything received is kept */
function rawClient(url: string) {
  const { hostname, port } = new URL(url);
  const socket = net.connect({ host: hostname, port: Number(port) });
  let received = '';
  const waiters = new Set<() => void>();
  socket.on('data', (d: Buffer) => {
    received += d.toString('utf8');
    for (const w of waiters) w();
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  void closed.then(() => {
    for (const w of waiters) w();
  });
  return {
    socket,
    closed,
    received: () => received,
    until(re: RegExp): Promise<void> {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (re.test(received)) {
            waiters.delete(check);
            resolve();
          } else if (socket.destroyed) {
            waiters.delete(check);
            reject(new Error(`connection closed before ${re}; received:\n${received}`));
          }
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** a PUT of a kiosk whose headers the server has (it said "100 Continue") and whose body is held back */
async function requestInFlight(url: string, body: string) {
  const client = rawClient(url);
  client.socket.write(
    [
      'PUT /api/admin/kiosks/drain-lobby HTTP/1.1',
      `Host: ${new URL(url).host}`,
      `Authorization: Bearer ${ADMIN_TOKEN}`,
      'Content-Type: application/json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Expect: 100-continue',
      '',
      '',
    ].join('\r\n'),
  );
  await client.until(/^HTTP\/1\.1 100 Continue/); // the server is handling the request now
  return client;
}

for (const kind of databaseKinds()) {
  describe(`SIGTERM drain [${kind}]`, () => {
    let dataDir: string;
    let postgis: TestDatabase | undefined;
    let env: Record<string, string> = {};
    const children: Child[] = [];

    beforeAll(async () => {
      if (kind === 'pglite') dataDir = await demoDataDir();
      else {
        // a copy of the demo town on the PostGIS server; the data folder is unused (and never locked)
        postgis = await openTestDatabase('postgis');
        env = { DATABASE_URL: postgis.url as string };
        dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cm-fault-')), 'data');
      }
    });
    afterAll(async () => {
      for (const c of children) killIfRunning(c);
      await postgis?.close();
      if (dataDir) fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
    });

    it('finishes the request in flight, refuses new connections, exits 0 and releases the lock', async () => {
      const server = await startServerChild(dataDir, { ...env, SHUTDOWN_GRACE_MS: '120000' });
      expect(fs.existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(kind === 'pglite');
      children.push(server);
      const body = JSON.stringify({ centre: 'kestrel-rise-community-centre', idle_seconds: 321 });
      const client = await requestInFlight(server.url, body);

      server.proc.kill('SIGTERM');
      await server.waitFor(/SIGTERM: stopping; no new connections, finishing 1 request in flight/);
      expect(await connectionRefused(server.url)).toBe(true);
      expect(server.proc.exitCode).toBeNull(); // still waiting for the request

      client.socket.write(body);
      await client.until(/HTTP\/1\.1 200 OK[\s\S]*\r\n\r\n[\s\S]*"idle_seconds":321/);
      expect(client.received()).toMatch(/\r\nconnection: close\r\n/i);
      await client.closed; // the server closes the kept-alive connection after the answer
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(server.output()).toMatch(/Commons Map stopped\./);
      expect(fs.existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);

      // the write made during the drain was committed
      const again = await startServerChild(dataDir, env);
      children.push(again);
      const kiosk = await fetch(`${again.url}/api/kiosks/drain-lobby`);
      expect(await kiosk.json()).toMatchObject({ idle_seconds: 321 });
      again.proc.kill('SIGTERM');
      expect((await again.exited).code).toBe(0);
    }, 400_000);
  });
}

describe('SIGTERM to npm start', () => {
  let dataDir: string;
  const children: Child[] = [];

  beforeAll(async () => {
    dataDir = await demoDataDir();
  });
  afterAll(() => {
    for (const c of children) killIfRunning(c);
    if (dataDir) fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });

  it('reaches the server through `npm start`: nothing of the process tree is left serving', async () => {
    const npm = spawnChild('npm', ['start'], serverEnv(dataDir, { LOG_LEVEL: 'warn' }));
    children.push(npm);
    const m = await npm.waitFor(/is running[\s\S]*?Open (http:\/\/\S+) in your browser/);
    const url = m[1] as string;
    const tree = descendants(npm.pid);
    expect(tree.length).toBeGreaterThan(0);
    expect((await fetch(`${url}/api/health`)).status).toBe(200);

    npm.proc.kill('SIGTERM');
    await npm.exited;
    for (const pid of tree) expect(await waitGone(pid), `process ${pid} still running`).toBe(true);
    expect(await connectionRefused(url)).toBe(true);
    expect(npm.output()).toMatch(/SIGTERM: stopping/);
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);
  }, 400_000);

  it('exits at once on a second signal, and still releases the lock', async () => {
    const server = await startServerChild(dataDir, { SHUTDOWN_GRACE_MS: '120000' });
    children.push(server);
    const client = await requestInFlight(server.url, '{}');
    client.socket.on('error', () => {});
    server.proc.kill('SIGTERM');
    await server.waitFor(/finishing 1 request in flight/);
    server.proc.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 1, signal: null });
    expect(server.output()).toMatch(/SIGTERM again: exiting now/);
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);
    client.socket.destroy();
  }, 400_000);
});
