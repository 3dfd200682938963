/**
 * npm run digest -- [--now] [--json]
 *
 * Sends the e-mail digests that are due (with --now: to every confirmed subscriber at once,
 * whatever the schedule; a period with nothing new still sends nothing) and deletes unconfirmed
 * subscriptions older than 7 days. Prints how many were sent.
 *
 * While the server runs on the same embedded data folder (only one process may open it), the
 * run is handed to that server (POST /api/admin/local-digest with the lock's hand-off secret),
 * as `npm run import` does. Exit code 0 when done, 1 when a digest could not be sent, 2 when mail
 * is off (SMTP_URL unset), 3 when the data folder is held by something that cannot take the run.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { bootstrapDatabase } from '../db/bootstrap.ts';
import {
  acquireDataDirLock,
  DataDirLockedError,
  type LockInfo,
  needsDataDirLock,
} from '../db/data-dir-lock.ts';
import { errorMessage, postToHolder, waitForHandoff } from '../import/handoff-client.ts';
import { createLogger } from '../logger.ts';
import { type DigestReport, runDigests } from './digest.ts';
import { createMailer, MAIL_OFF_MESSAGE } from './mailer.ts';
import { LOCAL_DIGEST_PATH } from './routes.ts';

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

function postLocalDigest(holder: LockInfo, force: boolean): Promise<{ status: number; body: unknown }> {
  return postToHolder(holder, LOCAL_DIGEST_PATH, { force });
}

function print(report: DigestReport, json: boolean) {
  if (json) console.log(JSON.stringify(report));
  else
    console.log(
      `Digests sent: ${report.sent}; nothing new for ${report.nothingNew}; failed: ${report.failed}; expired unconfirmed subscriptions deleted: ${report.expired}`,
    );
  if (report.failed) process.exitCode = 1;
}

export async function main(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: { now: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
  });
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    fail((err as Error).message, 2);
  }
  const mailer = createMailer(config);
  if (!mailer) fail(MAIL_OFF_MESSAGE, 2);
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
          `The data folder is in use by the Commons Map server (pid ${holder.pid}): handing the digest run to it`,
        );
        const answer = await postLocalDigest(holder, values.now).catch((e: unknown) =>
          fail(`Could not hand the digest run to the server: ${(e as Error).message}`, 3),
        );
        mailer.close();
        if (answer.status !== 200)
          fail(
            `The server refused the digest run: ${errorMessage(answer.body)}`,
            answer.status === 503 ? 2 : 3,
          );
        print(answer.body as DigestReport, values.json);
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
    const report = await runDigests(database.db, {
      config,
      mailer,
      log: createLogger(config.LOG_LEVEL, { format: config.LOG_FORMAT }),
      force: values.now,
    });
    print(report, values.json);
  } finally {
    mailer.close();
    await database.close();
    lock?.release();
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  await main();
}
