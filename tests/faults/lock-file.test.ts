/**
 * The data folder's lock on its own (no database): refusal naming the holder, takeover of stale
 * locks (dead pid, reused pid, another boot, debris), never of a live one or of another host's,
 * release only of one's own lock, and one winner when several processes race for a stale lock.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import {
  acquireDataDirLock,
  DataDirLockedError,
  LOCK_FILE_NAME,
  type LockInfo,
  needsDataDirLock,
  processStartTime,
  readLock,
} from '../../server/db/data-dir-lock.ts';

let dir: string;
const lockFile = () => path.join(dir, LOCK_FILE_NAME);

function plantLock(patch: Partial<LockInfo>): LockInfo {
  const info: LockInfo = {
    pid: process.pid,
    hostname: os.hostname(),
    bootId: null,
    processStart: processStartTime(process.pid),
    startedAt: '2026-01-01T00:00:00.000Z',
    role: 'server',
    command: 'npm start',
    url: 'http://localhost:3000',
    nonce: 'planted',
    ...patch,
  };
  fs.writeFileSync(lockFile(), JSON.stringify(info), { mode: 0o600 });
  return info;
}

function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  return r.pid as number; // it has exited: nothing runs under this pid (reuse within the test is not plausible)
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-lock-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('data folder lock', () => {
  it('is needed only for an embedded database on disk', () => {
    expect(needsDataDirLock({ dataDir: '.data' })).toBe(true);
    expect(needsDataDirLock({ dataDir: 'memory://' })).toBe(false);
    expect(needsDataDirLock({ databaseUrl: 'postgres://x@h/db', dataDir: '.data' })).toBe(false);
  });

  it('refuses a second holder with who holds it, and is free again once released', () => {
    const a = acquireDataDirLock(dir, { role: 'import', command: 'npm run import' });
    expect(fs.statSync(lockFile()).mode & 0o777).toBe(0o600);
    let refusal: unknown;
    try {
      acquireDataDirLock(dir, { role: 'server' });
    } catch (err) {
      refusal = err;
    }
    expect(refusal).toBeInstanceOf(DataDirLockedError);
    expect((refusal as Error).message).toContain(`is in use by a Commons Map import, pid ${process.pid}`);
    expect((refusal as Error).message).toContain('npm run import');
    a.update({ url: 'http://localhost:1' });
    expect(readLock(dir)).toMatchObject({ url: 'http://localhost:1', nonce: a.info.nonce });
    expect(fs.statSync(lockFile()).mode & 0o777).toBe(0o600);
    a.release();
    expect(fs.existsSync(lockFile())).toBe(false);
    acquireDataDirLock(dir, { role: 'server' }).release();
  });

  it('takes over the lock of a dead process, of a reused pid, of another boot, and debris', () => {
    for (const patch of [
      { pid: deadPid() },
      { processStart: '1' }, // our own pid, but the holder started at another time: the pid was reused
      { bootId: 'an-earlier-boot' },
    ]) {
      plantLock(patch);
      const lock = acquireDataDirLock(dir, { role: 'server' });
      expect(readLock(dir)?.nonce).toBe(lock.info.nonce);
      lock.release();
    }
    fs.writeFileSync(lockFile(), ''); // a truncated copy of a lock
    acquireDataDirLock(dir, { role: 'server' }).release();
  });

  it('never takes over a live holder, nor one on another host', () => {
    const bootId = fs.existsSync('/proc/sys/kernel/random/boot_id')
      ? fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
      : null;
    plantLock({ bootId });
    expect(() => acquireDataDirLock(dir, { role: 'server' })).toThrow(/serving http:\/\/localhost:3000/);
    plantLock({ hostname: 'elsewhere.example', pid: deadPid() });
    expect(() => acquireDataDirLock(dir, { role: 'server' })).toThrow(/on host elsewhere\.example/);
    expect(readLock(dir)?.nonce).toBe('planted');
  });

  it('says in words when the folder cannot hold a lock', () => {
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, '');
    expect(() => acquireDataDirLock(path.join(file, 'data'), { role: 'import' })).toThrow(
      /The data folder .*a-file\/data \(DATA_DIR\) cannot be written: .*ENOTDIR/,
    );
  });

  it('release leaves alone a lock that is no longer its own', () => {
    const lock = acquireDataDirLock(dir, { role: 'server' });
    plantLock({ nonce: 'someone-else' });
    lock.release();
    expect(readLock(dir)?.nonce).toBe('someone-else');
  });

  it('lets exactly one of several racing processes take a stale lock over', async () => {
    plantLock({ pid: deadPid() });
    const script = `
      import { acquireDataDirLock } from ${JSON.stringify(path.join(PROJECT_ROOT, 'server/db/data-dir-lock.ts'))};
      let held;
      try { held = acquireDataDirLock(process.argv[1], { role: 'import' }); console.log('won'); }
      catch (err) { console.log(/is in use by a Commons Map import/.test(err.message) ? 'refused' : 'error ' + err.message); }
      process.stdin.on('data', () => {}); process.stdin.on('end', () => process.exit(0));`;
    const racers = Array.from({ length: 4 }, () =>
      spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dir], {
        cwd: PROJECT_ROOT,
        stdio: ['pipe', 'pipe', 'inherit'],
      }),
    );
    const results = await Promise.all(
      racers.map(
        (p) =>
          new Promise<string>((resolve) => {
            let out = '';
            p.stdout.on('data', (d: Buffer) => {
              out += d.toString('utf8');
              if (out.includes('\n')) resolve(out.trim());
            });
            p.once('exit', () => resolve(out.trim()));
          }),
      ),
    );
    for (const p of racers) p.stdin.end();
    await Promise.all(
      racers.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.once('exit', r)))),
    );
    expect(results.sort()).toEqual(['refused', 'refused', 'refused', 'won']);
    expect(fs.existsSync(lockFile())).toBe(false); // the winner released it on exit
  }, 120_000);
});
