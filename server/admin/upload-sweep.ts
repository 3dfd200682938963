/**
 * Upload folders left behind by a process that was killed mid-import (kill -9, a power cut):
 * each upload's folder is named `cm-import-<pid>-…` after the process that made it, so at start-up
 * a server removes the folders of processes that no longer run. Folders of live processes (another
 * server sharing the temp root) are left alone; a folder without a pid is removed once it is a day
 * old.
 */
import fs from 'node:fs';
import path from 'node:path';

export const UPLOAD_DIR_PREFIX = 'cm-import-';
const UNOWNED_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** the prefix handed to mkdtemp for an upload of this process */
export function uploadDirPrefix(tmpRoot: string): string {
  return path.join(tmpRoot, `${UPLOAD_DIR_PREFIX}${process.pid}-`);
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** removes the stale upload folders under tmpRoot; returns the names removed */
export function sweepStaleUploads(tmpRoot: string, now = Date.now()): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(tmpRoot);
  } catch {
    return []; // no temp root yet: nothing to sweep
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(UPLOAD_DIR_PREFIX)) continue;
    const full = path.join(tmpRoot, name);
    const pid = /^(\d+)-/.exec(name.slice(UPLOAD_DIR_PREFIX.length))?.[1];
    let stale: boolean;
    if (pid) stale = !isAlive(Number(pid));
    else {
      try {
        stale = now - fs.statSync(full).mtimeMs > UNOWNED_MAX_AGE_MS;
      } catch {
        continue;
      }
    }
    if (!stale) continue;
    try {
      fs.rmSync(full, { recursive: true, force: true });
      removed.push(name);
    } catch {
      // not ours to remove (permissions): leave it
    }
  }
  return removed;
}
