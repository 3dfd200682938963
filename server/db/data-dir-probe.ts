/**
 * Is the embedded database's data folder usable for writing? A small file is written, synced and
 * removed: this finds a read-only mount, missing permissions and a full disk alike (a zero-byte
 * file can still be created on a full disk, so the probe writes real bytes and syncs them).
 */
import { randomBytes } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../config.ts';

export type ProbeResult = { ok: true } | { ok: false; code: string; problem: string };

/** what the probe does to the folder; tests replace it to simulate a full disk without a mount */
export interface ProbeFs {
  writeSyncRemove(file: string, bytes: Buffer): Promise<void>;
}

const PROBE_BYTES = 16 * 1024;

export const nodeProbeFs: ProbeFs = {
  async writeSyncRemove(file, bytes) {
    const handle = await fsp.open(file, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
      await fsp.rm(file, { force: true }).catch(() => {});
    }
  },
};

const PROBLEMS: Record<string, string> = {
  EROFS: 'the folder is on a read-only file system',
  EACCES: 'permission denied: this process may not write there',
  EPERM: 'permission denied: this process may not write there',
  ENOSPC: 'no space left on the device (disk full)',
  EDQUOT: 'the disk quota is exhausted',
  ENOENT: 'the folder does not exist',
  ENOTDIR: 'the path is not a folder',
};

export function describeFsError(err: unknown): { code: string; problem: string } {
  const code = String((err as { code?: unknown } | null)?.code ?? 'EUNKNOWN');
  return { code, problem: PROBLEMS[code] ?? `cannot write: ${(err as Error)?.message ?? String(err)}` };
}

export async function probeDataDir(dir: string, fs: ProbeFs = nodeProbeFs): Promise<ProbeResult> {
  const file = path.join(dir, `.write-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await fs.writeSyncRemove(file, randomBytes(PROBE_BYTES));
    return { ok: true };
  } catch (err) {
    return { ok: false, ...describeFsError(err) };
  }
}

/** The data folder cannot be used: stops the start with a message, not a stack trace. */
export class DataDirError extends ConfigError {
  constructor(
    readonly dir: string,
    readonly code: string,
    problem: string,
  ) {
    super(
      `The data folder ${path.resolve(dir)} (DATA_DIR) cannot be written: ${problem} [${code}]. ` +
        'Make it writable, free some space, or point DATA_DIR at another folder.',
    );
  }
}

/** Creates the folder if needed and checks that it takes writes; throws DataDirError if not. */
export async function ensureWritableDataDir(dir: string): Promise<void> {
  try {
    await fsp.mkdir(dir, { recursive: true });
  } catch (err) {
    const { code, problem } = describeFsError(err);
    throw new DataDirError(dir, code, problem);
  }
  const probe = await probeDataDir(dir);
  if (!probe.ok) throw new DataDirError(dir, probe.code, probe.problem);
}
