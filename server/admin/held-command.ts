/**
 * Runs a command-line command (`npm run user`, `npm run tenant`, `npm run digest`) on the
 * database: on DATABASE_URL directly; on the embedded data folder under its lock, or — while a
 * Commons Map server on this machine holds that folder — handed to that server over its loopback
 * hand-off (POST `path`).
 * Exit codes: 0 done, 1 refused (the reason is printed), 2 usage or configuration, 3 the folder
 * is held by a process that cannot take the command.
 */
import os from 'node:os';
import type { Kysely } from 'kysely';
import { ConfigError, type Config, loadConfig } from '../config.ts';
import { bootstrapDatabase } from '../db/bootstrap.ts';
import { acquireDataDirLock, DataDirLockedError, needsDataDirLock } from '../db/data-dir-lock.ts';
import type { DB } from '../db/schema.ts';
import { errorMessage, postToHolder, waitForHandoff } from '../import/handoff-client.ts';

export function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

export interface HeldCommand<C, R> {
  /** the command and --json from the arguments; throws (exit 2) on bad usage */
  parse: () => { command: C; json: boolean };
  /** the loopback hand-off route of the server holding the data folder */
  path: string;
  run: (db: Kysely<DB>, config: Config, command: C) => Promise<R>;
  /** an error of the command itself (a refusal: exit 1), not a failure of the program */
  isRefusal: (err: unknown) => boolean;
  print: (result: R, json: boolean) => void;
  /** checks the configuration before the folder is opened or handed over (fail(…, 2) if unusable) */
  prepare?: (config: Config) => void;
  /** what is handed to the server, in the messages ("the command" unless said) */
  what?: string;
  /** the exit code when the server refuses the hand-off with this status (400 is always 1; default 3) */
  refusedExit?: (status: number) => number;
}

export async function runHeldCommand<C, R>(o: HeldCommand<C, R>): Promise<void> {
  let parsed: { command: C; json: boolean };
  try {
    parsed = o.parse();
  } catch (err) {
    fail((err as Error).message, 2);
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    fail((err as Error).message, 2);
  }
  o.prepare?.(config);
  const { command, json } = parsed;
  const what = o.what ?? 'the command';
  let lock: ReturnType<typeof acquireDataDirLock> | undefined;
  if (needsDataDirLock({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR })) {
    for (;;) {
      try {
        lock = acquireDataDirLock(config.DATA_DIR, { role: 'import' });
        break;
      } catch (err) {
        if (err instanceof ConfigError) fail(err.message, 2);
        if (!(err instanceof DataDirLockedError)) throw err;
        if (err.holder.role !== 'server' || err.holder.hostname !== os.hostname()) fail(err.message, 3);
        const holder = await waitForHandoff(config.DATA_DIR, 180_000, (h) =>
          console.error(
            `The Commons Map server (pid ${h.pid}) holding ${config.DATA_DIR} is still starting; waiting for it…`,
          ),
        );
        if (!holder) continue;
        if (!holder.handoffUrl || !holder.handoffSecret)
          fail(`${err.message}\nIt listens on no loopback address.`, 3);
        console.error(
          `The data folder is in use by the Commons Map server (pid ${holder.pid}): handing ${what} to it`,
        );
        const answer = await postToHolder(holder, o.path, command).catch((e: unknown) =>
          fail(`Could not hand ${what} to the server: ${(e as Error).message}`, 3),
        );
        if (answer.status === 400) fail(errorMessage(answer.body), 1);
        if (answer.status !== 200)
          fail(`The server refused ${what}: ${errorMessage(answer.body)}`, o.refusedExit?.(answer.status) ?? 3);
        o.print(answer.body as R, json);
        return;
      }
    }
  }
  const database = await bootstrapDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolSize: 2,
    loadDemo: config.LOAD_DEMO,
    demoDir: config.DEMO_DIR,
    onProgress: (m) => console.error(m),
  });
  try {
    o.print(await o.run(database.db, config, command), json);
  } catch (err) {
    if (!o.isRefusal(err)) throw err;
    console.error((err as Error).message);
    process.exitCode = 1;
  } finally {
    await database.close();
    lock?.release();
  }
}
