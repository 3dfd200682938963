/**
 * The server's periodic move of the stored occurrences' horizon: at start-up and then every
 * OCCURRENCE_REFRESH_MINUTES, each tenant whose rows are older than that (or were stored for
 * another OCCURRENCE_HORIZON_DAYS) is rewritten from now on — the horizon extends and the past is
 * dropped. Safe with several servers on one database (advisory lock per tenant).
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { DB } from '../db/schema.ts';
import type { Logger } from '../logger.ts';
import { refreshDueOccurrences } from './occurrence-store.ts';

export interface OccurrenceJob {
  /** resolves when the run in progress (if any) has finished; no further run starts */
  stop(): Promise<void>;
  /** one run now (what the timer does) */
  runOnce(now?: number): Promise<number[]>;
}

export function startOccurrenceJob(
  db: Kysely<DB>,
  config: Pick<Config, 'OCCURRENCE_HORIZON_DAYS' | 'OCCURRENCE_REFRESH_MINUTES'>,
  log: Logger,
): OccurrenceJob {
  const refreshMs = config.OCCURRENCE_REFRESH_MINUTES * 60_000;
  let running: Promise<number[]> | null = null;
  let stopped = false;
  const runOnce = (now = Date.now()): Promise<number[]> => {
    if (running) return running;
    running = refreshDueOccurrences(db, { now, horizonDays: config.OCCURRENCE_HORIZON_DAYS, refreshMs })
      .then((tenants) => {
        if (tenants.length) log.info('stored occurrences moved on', { tenants: tenants.length });
        return tenants;
      })
      .catch((err: unknown) => {
        if (!stopped)
          log.warn('moving the stored occurrences on failed; the next run retries', {
            error: err instanceof Error ? err.message : String(err),
          });
        return [];
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  void runOnce();
  const timer = setInterval(() => void runOnce(), Math.min(refreshMs, 15 * 60_000));
  timer.unref();
  return {
    runOnce,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
