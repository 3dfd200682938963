/**
 * One owner per embedded data folder. PGlite has no lock of its own: two processes opening the
 * same DATA_DIR lose or corrupt each other's writes. Before a process opens the folder it takes
 * `commons-map.lock` inside it; a second process is refused with the holder named (or, for
 * `npm run import`, hands its import to the running server, see server/admin/local-import-routes.ts).
 *
 * - Taken atomically: the lock is written whole to a temporary file, then hard-linked to its name
 *   (`link` fails when the name exists), so nobody ever reads a half-written lock.
 * - Released on every exit path: `release()` on close, and synchronously on process exit.
 * - Taken over after a crash: a lock is stale when its process is gone — a different boot of
 *   this machine, no such pid, or a pid that now belongs to a process started at another time
 *   (pid reuse, told apart by the start time in /proc/PID/stat). A takeover happens under a
 *   second, short-lived guard (mkdir of `commons-map.lock.takeover`) so two newcomers cannot both
 *   take a stale lock over.
 * - A lock held on another host (a shared network folder) is never taken over automatically.
 *
 * The file is mode 0600: it may carry the server's per-run hand-off secret.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DataDirError, describeFsError } from './data-dir-probe.ts';

export const LOCK_FILE_NAME = 'commons-map.lock';

const LockInfoSchema = z.object({
  pid: z.number().int().positive(),
  hostname: z.string(),
  /** /proc/sys/kernel/random/boot_id, when the platform has it */
  bootId: z.string().nullable(),
  /** the process's start time in clock ticks since boot (/proc/PID/stat field 22) */
  processStart: z.string().nullable(),
  startedAt: z.string(),
  /** what holds it: the server, or an import */
  role: z.enum(['server', 'import']),
  command: z.string(),
  /** set by the server once it listens */
  url: z.string().optional(),
  /** a loopback URL of the server for `npm run import` to hand its import to */
  handoffUrl: z.string().optional(),
  /** random per run; only readers of this 0600 file can use the hand-off route */
  handoffSecret: z.string().optional(),
  /** random per lock: release() removes the file only while it is still ours */
  nonce: z.string(),
});
export type LockInfo = z.infer<typeof LockInfoSchema>;

export type LockRole = LockInfo['role'];

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockInfo,
  ) {
    super(describeHolder(dataDir, holder));
  }
}

export interface DataDirLock {
  readonly file: string;
  readonly info: LockInfo;
  /** rewrite the lock (atomically) with more about the holder, e.g. the URL once listening */
  update(patch: Partial<Pick<LockInfo, 'url' | 'handoffUrl' | 'handoffSecret'>>): void;
  /** remove the lock if it is still ours; idempotent */
  release(): void;
}

/** Data folders that need a lock: PGlite on disk (not memory://, not a PostGIS server). */
export function needsDataDirLock(opts: { databaseUrl?: string | undefined; dataDir: string }): boolean {
  return !opts.databaseUrl && !opts.dataDir.startsWith('memory://');
}

export function lockFilePath(dataDir: string): string {
  return path.join(path.resolve(dataDir), LOCK_FILE_NAME);
}

export function describeHolder(dataDir: string, h: LockInfo): string {
  const who = h.role === 'server' ? 'the Commons Map server' : 'a Commons Map import';
  const host = h.hostname === os.hostname() ? '' : ` on host ${h.hostname}`;
  const serving = h.url ? `, serving ${h.url}` : '';
  const stop =
    h.role === 'server'
      ? `stop it (Ctrl-C or kill ${h.pid}) or use another DATA_DIR`
      : 'wait for it to finish or use another DATA_DIR';
  return (
    `The data folder ${path.resolve(dataDir)} is in use by ${who}, pid ${h.pid}${host}, started ${h.startedAt}` +
    `${serving} (${h.command}); ${stop}. ` +
    `Two processes on one embedded database would lose or corrupt data.`
  );
}

/** Reads a lock, or null when there is none. A lock that is not ours to read is an error. */
export function readLock(dataDir: string): LockInfo | null {
  const file = lockFilePath(dataDir);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const parsed = LockInfoSchema.safeParse(safeJson(text));
  // A lock always appears whole (see above); anything unreadable is debris, e.g. a truncated copy.
  return parsed.success ? parsed.data : null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function readBootId(): string | null {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/** start time of a process in clock ticks since boot, or null where /proc is not available */
export function processStartTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) is in parentheses and may contain spaces: count after its end
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null; // field 22 (starttime); the slice starts at field 3 (state)
  } catch {
    return null;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the holder of a lock is certainly gone (only decidable for a lock of this host). */
export function isStale(h: LockInfo): boolean {
  if (h.hostname !== os.hostname()) return false;
  const boot = readBootId();
  if (h.bootId && boot && h.bootId !== boot) return true;
  if (!pidAlive(h.pid)) return true;
  if (h.processStart) {
    const now = processStartTime(h.pid);
    if (now !== null && now !== h.processStart) return true; // the pid was reused
  }
  return false;
}

function writeTemp(dir: string, info: LockInfo): string {
  const tmp = path.join(dir, `${LOCK_FILE_NAME}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  fs.writeFileSync(tmp, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return tmp;
}

/** link tmp → file; false when the file exists */
function linkExclusive(tmp: string, file: string): boolean {
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

const TAKEOVER_GUARD_STALE_MS = 10_000;

/** Runs fn holding the short takeover guard; false when another process holds it right now. */
function withTakeoverGuard(file: string, fn: () => void): boolean {
  const guard = `${file}.takeover`;
  try {
    fs.mkdirSync(guard);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // a guard left by a process that died in the middle of a takeover (a few microseconds long)
    const age = Date.now() - (fs.statSync(guard, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > TAKEOVER_GUARD_STALE_MS) fs.rmSync(guard, { recursive: true, force: true });
    return false;
  }
  try {
    fn();
    return true;
  } finally {
    fs.rmSync(guard, { recursive: true, force: true });
  }
}

export interface AcquireOptions {
  role: LockRole;
  /** how the holder was started, for the refusal message; default: this process's command line */
  command?: string;
}

/**
 * Takes the lock of a data folder (creating the folder if needed), or throws DataDirLockedError
 * naming the live holder. A stale lock is taken over.
 */
export function acquireDataDirLock(dataDir: string, opts: AcquireOptions): DataDirLock {
  const dir = path.resolve(dataDir);
  const file = lockFilePath(dir);
  try {
    fs.mkdirSync(dir, { recursive: true });
    return takeLock(dir, file, opts);
  } catch (err) {
    if (err instanceof DataDirLockedError || !(err as NodeJS.ErrnoException).code) throw err;
    // a read-only, full or forbidden folder: said in words, not as a stack trace
    const { code, problem } = describeFsError(err);
    throw new DataDirError(dir, code, problem);
  }
}

function takeLock(dir: string, file: string, opts: AcquireOptions): DataDirLock {
  let info: LockInfo = {
    pid: process.pid,
    hostname: os.hostname(),
    bootId: readBootId(),
    processStart: processStartTime(process.pid),
    startedAt: new Date().toISOString(),
    role: opts.role,
    command: opts.command ?? commandLine(),
    nonce: randomBytes(16).toString('hex'),
  };

  for (let attempt = 0; ; attempt++) {
    if (linkExclusive(writeTemp(dir, info), file)) break;
    const holder = readLock(dir);
    if (holder && !isStale(holder)) throw new DataDirLockedError(dir, holder);
    if (attempt >= 200) {
      throw new Error(`Cannot take the lock ${file}: another process keeps taking it over; try again`);
    }
    // stale or unreadable: replace it, unless someone else is doing so at this very moment
    const tookTurn = withTakeoverGuard(file, () => {
      const again = readLock(dir);
      const sameAsSeen = again?.nonce === holder?.nonce;
      if (sameAsSeen && (!again || isStale(again))) fs.rmSync(file, { force: true });
    });
    if (!tookTurn) pause(10); // another process is taking it over: see what it left
  }

  let released = false;
  const onExit = () => lock.release();
  const lock: DataDirLock = {
    file,
    get info() {
      return info;
    },
    update(patch) {
      if (released) return;
      info = { ...info, ...patch };
      const tmp = writeTemp(dir, info);
      fs.renameSync(tmp, file);
    },
    release() {
      if (released) return;
      released = true;
      process.off('exit', onExit);
      try {
        if (readLock(dir)?.nonce === info.nonce) fs.rmSync(file, { force: true });
      } catch {
        // the folder itself may be gone (tests delete it); nothing left to release
      }
    },
  };
  // process.exit() anywhere, an uncaught exception: the lock goes with the process
  process.on('exit', onExit);
  return lock;
}

/** a short synchronous pause (the lock is taken before anything else runs) */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function commandLine(): string {
  // under npm, name the npm command, but only if it is what started this very script
  const event = process.env.npm_lifecycle_event;
  const script = path.basename(process.argv[1] ?? '');
  if (event && script && (process.env.npm_lifecycle_script ?? '').includes(script))
    return event === 'start' ? 'npm start' : `npm run ${event}`;
  return process.argv
    .slice(1)
    .map((a) => path.relative(process.cwd(), a) || a)
    .join(' ')
    .slice(0, 200);
}
