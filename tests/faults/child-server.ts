/**
 * Real server processes for the fault tests: `node --import tsx server/main.ts` (or `npm start`)
 * on a data folder of their own, watched through their output. Every wait is on a condition
 * (a line printed, an exit, a refused connection), bounded so that a hang fails instead of stalling.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { openDatabase } from '../../server/db/connect.ts';
import { templateBlob } from '../support/template-key.ts';

export const ADMIN_TOKEN = 'fault-tests-admin-token-0123456789';

/** a persisted data folder holding the demo town, made once per template and copied per test */
export async function demoDataDir(): Promise<string> {
  const template = inject('pgliteTemplate');
  const cached = path.join(path.dirname(template), `datadir-${path.basename(template, '.tar')}`);
  if (!fs.existsSync(path.join(cached, 'PG_VERSION'))) {
    const building = `${cached}.${process.pid}.building`;
    fs.rmSync(building, { recursive: true, force: true });
    const db = await openDatabase({ dataDir: building, loadDataDir: templateBlob(template) });
    await db.close();
    try {
      fs.renameSync(building, cached); // atomic: the folder is either absent or complete
    } catch (err) {
      // another test file made it meanwhile: use that one
      if (!['ENOTEMPTY', 'EEXIST'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
      fs.rmSync(building, { recursive: true, force: true });
    }
  }
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-fault-'));
  fs.cpSync(cached, path.join(copy, 'data'), { recursive: true });
  return path.join(copy, 'data');
}

export interface Child {
  proc: ChildProcess;
  pid: number;
  /** everything printed so far, stdout and stderr together */
  output(): string;
  /** resolves with the first match of `re` in the output (waiting for it), rejects on exit */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function serverEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    PORT: '0',
    HOST: '127.0.0.1',
    LOAD_DEMO: 'false',
    ADMIN_TOKEN,
    WEB_DIR: path.join(path.dirname(dataDir), 'no-web'),
    LOG_LEVEL: 'warn',
    ...extra,
  };
  // vitest's own settings must not leak into the server under test
  delete env.VITEST;
  delete env.NODE_ENV;
  return env;
}

export function spawnChild(command: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const proc = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString('utf8');
    for (const l of listeners) l();
  };
  proc.stdout?.on('data', onData);
  proc.stderr?.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => {
      for (const l of listeners) l();
      resolve({ code, signal });
    }),
  );
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  return {
    proc,
    pid: proc.pid as number,
    output: () => out,
    exited,
    waitFor(re, timeoutMs = 150_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = out.match(re);
          if (m) return done(() => resolve(m));
          if (gone || proc.exitCode !== null)
            return done(() => reject(new Error(`exited before printing ${re}:\n${out}`)));
        };
        const timer = setTimeout(
          () => done(() => reject(new Error(`no ${re} within ${timeoutMs} ms:\n${out}`))),
          timeoutMs,
        );
        const done = (f: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          f();
        };
        listeners.add(check);
        check();
      });
    },
  };
}

export interface ServerChild extends Child {
  url: string;
}

/** starts `server/main.ts` and waits until it is running */
export async function startServerChild(
  dataDir: string,
  extra: Record<string, string> = {},
): Promise<ServerChild> {
  const child = spawnChild(
    process.execPath,
    ['--import', 'tsx', 'server/main.ts'],
    serverEnv(dataDir, extra),
  );
  const m = await child.waitFor(/is running[\s\S]*?Open (http:\/\/\S+) in your browser/);
  return { ...child, url: m[1] as string };
}

/** runs `npm run import`'s CLI without blocking the test's event loop (its sockets stay serviced) */
export function runImportCli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/import/cli.ts', ...args], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
  });
  proc.stderr.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
  });
  return new Promise((resolve) => proc.once('close', (code) => resolve({ code, stdout, stderr })));
}

/** whether a TCP connection to the URL's port is refused (nothing listens) */
export function connectionRefused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const s = net.connect({ host: hostname, port: Number(port) });
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

/** waits (bounded) until no process has this pid */
export async function waitGone(pid: number, timeoutMs = 20_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** every descendant of a process (from /proc), deepest last */
export function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of parents.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

/** kills a child left running by a failed test (by its pid only) */
export function killIfRunning(child: Child | undefined): void {
  if (child && child.proc.exitCode === null && child.proc.signalCode === null) child.proc.kill('SIGKILL');
}
