/**
 * An upload folder left behind by a process killed mid-import (kill -9 leaves no chance to clean
 * up) is removed when a server starts; folders of processes that still run are left alone.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepStaleUploads, uploadDirPrefix } from '../../server/admin/upload-sweep.ts';
import { startServer } from '../../server/main.ts';
import { openTestDatabase, type TestDatabase } from '../support/databases.ts';

/** the pid of a process that has exited (it ran and was reaped) */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('upload folders of an interrupted import', () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-sweep-'));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  function leftover(name: string, ageMs = 0): string {
    const dir = path.join(root, name);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'big.geojson'), 'x'.repeat(1000));
    const t = new Date(Date.now() - ageMs);
    fs.utimesSync(dir, t, t);
    return dir;
  }

  it('removes those of dead processes and old unowned ones, keeps live and foreign ones', () => {
    const dead = leftover(`cm-import-${deadPid()}-abc123`);
    const mine = fs.mkdtempSync(uploadDirPrefix(root));
    const oldUnowned = leftover('cm-import-XyZ123', 2 * 24 * 3600 * 1000);
    const youngUnowned = leftover('cm-import-AbC456');
    const foreign = leftover('someone-else-1234-x');

    const removed = sweepStaleUploads(root);

    expect(removed.sort()).toEqual([path.basename(dead), path.basename(oldUnowned)].sort());
    expect(fs.existsSync(dead)).toBe(false);
    expect(fs.existsSync(oldUnowned)).toBe(false);
    for (const kept of [mine, youngUnowned, foreign]) expect(fs.existsSync(kept), kept).toBe(true);
    expect(path.basename(mine)).toMatch(new RegExp(`^cm-import-${process.pid}-`));
  });

  it('answers nothing for a temp root that does not exist', () => {
    expect(sweepStaleUploads(path.join(root, 'missing'))).toEqual([]);
  });

  describe('at start-up', () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await openTestDatabase('pglite');
    });
    afterAll(async () => database?.close());

    it('a starting server removes them and says so', async () => {
      const dead = leftover(`cm-import-${deadPid()}-start1`);
      const said: string[] = [];
      const server = await startServer({
        config: { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'silent', IMPORT_TMP_DIR: root },
        database,
        onProgress: (m) => said.push(m),
      });
      try {
        expect(fs.existsSync(dead)).toBe(false);
        expect(said.join('\n')).toMatch(/Removed 1 upload folder\(s\) left by an interrupted import/);
      } finally {
        await server.close();
      }
    });
  });
});
