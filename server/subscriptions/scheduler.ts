/**
 * The server's digest schedule: every DIGEST_CHECK_MS it sends the digests that are due (see
 * digest.ts) and deletes unconfirmed subscriptions older than 7 days. Runs never overlap in one
 * process; across processes the row locks of digest.ts keep a subscriber from getting two.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { DB } from '../db/schema.ts';
import type { Logger } from '../logger.ts';
import { runDigests } from './digest.ts';
import { createMailer } from './mailer.ts';
import { purgeParticipation } from '../participation/retention.ts';
import { purgeExpired } from './queries.ts';

export interface DigestSchedule {
  stop(): Promise<void>;
}

export function startDigestSchedule(db: Kysely<DB>, config: Config, log: Logger): DigestSchedule {
  const mailer = createMailer(config);
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = (mailer ? runDigests(db, { config, mailer, log }) : purgeExpired(db))
      // residents' submissions never confirmed, expired links, old addresses (docs/PARTICIPATION.md)
      .then(() => purgeParticipation(db, new Date(), config.PARTICIPATION_EMAIL_RETENTION_DAYS))
      .catch((err: unknown) => log.warn('digest run failed', { error: (err as Error).message }))
      .finally(() => {
        running = null;
      });
  };
  const timer = config.DIGEST_CHECK_MS > 0 ? setInterval(tick, config.DIGEST_CHECK_MS) : null;
  timer?.unref();
  return {
    async stop() {
      if (timer) clearInterval(timer);
      await running;
      mailer?.close();
    },
  };
}
