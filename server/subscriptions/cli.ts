/**
 * npm run digest -- [--now] [--json]
 *
 * Sends the e-mail digests that are due (with --now: to every confirmed subscriber at once,
 * whatever the schedule; a period with nothing new still sends nothing) and deletes unconfirmed
 * subscriptions older than 7 days. Prints how many were sent.
 *
 * While the server runs on the same embedded data folder (only one process may open it), the
 * run is handed to that server (POST /api/admin/local-digest with the lock's hand-off secret),
 * as `npm run user` does (server/admin/held-command.ts). Exit code 0 when done, 1 when a digest
 * could not be sent, 2 when mail is off (SMTP_URL unset, here or on the server holding the
 * folder) or on bad usage, 3 when the data folder is held by something that cannot take the run.
 */
import { parseArgs } from 'node:util';
import { fail, runHeldCommand } from '../admin/held-command.ts';
import { createLogger } from '../logger.ts';
import { type DigestReport, runDigests } from './digest.ts';
import { createMailer, MAIL_OFF_MESSAGE, type Mailer } from './mailer.ts';
import { LOCAL_DIGEST_PATH } from './routes.ts';

function print(report: DigestReport, json: boolean) {
  if (json) console.log(JSON.stringify(report));
  else
    console.log(
      `Digests sent: ${report.sent}; nothing new for ${report.nothingNew}; failed: ${report.failed}; expired unconfirmed subscriptions deleted: ${report.expired}`,
    );
  if (report.failed) process.exitCode = 1;
}

export async function main(argv = process.argv.slice(2)) {
  let mailer: Mailer | null = null;
  try {
    await runHeldCommand<{ force: boolean }, DigestReport>({
      parse: () => {
        const { values } = parseArgs({
          args: argv,
          options: { now: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
        });
        return { command: { force: values.now }, json: values.json };
      },
      prepare: (config) => {
        mailer = createMailer(config);
        if (!mailer) fail(MAIL_OFF_MESSAGE, 2);
      },
      path: LOCAL_DIGEST_PATH,
      what: 'the digest run',
      // 503: mail is off on the server holding the folder
      refusedExit: (status) => (status === 503 ? 2 : 3),
      run: (db, config, command) =>
        runDigests(db, {
          config,
          mailer: mailer as Mailer,
          log: createLogger(config.LOG_LEVEL, { format: config.LOG_FORMAT }),
          force: command.force,
        }),
      // a digest that cannot be sent is counted in the report (exit 1), not thrown
      isRefusal: () => false,
      print,
    });
  } finally {
    (mailer as Mailer | null)?.close();
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  await main();
}
