/**
 * /api/health (liveness: is the database answering?) and /api/ready (can this instance take
 * traffic: database answering, migrations current, data folder writable). Both are bounded by
 * HEALTH_TIMEOUT_MS: a database that is away makes them answer 503, never hang.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { type Kysely, sql } from 'kysely';
import { DATABASE_RETRY_AFTER_S } from '../db/connection-errors.ts';
import { type ProbeFs, probeDataDir } from '../db/data-dir-probe.ts';
import { migrationStatus } from '../db/migrate.ts';
import type { AppDeps } from './deps.ts';
import { createRouter } from './openapi.ts';

const HealthSchema = z
  .object({
    status: z.enum(['ok', 'error']),
    database: z.enum(['postgis', 'pglite']),
    postgis: z.string().nullable(),
    tenants: z.number().nullable(),
  })
  .openapi('Health');

const CheckSchema = z.object({ ok: z.boolean(), detail: z.string() });

const ReadySchema = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    database: z.enum(['postgis', 'pglite']),
    /** one sentence per failed check; empty when ready */
    reasons: z.array(z.string()),
    checks: z.object({
      database: CheckSchema,
      migrations: CheckSchema.extend({
        pending: z.array(z.string()),
        unknown: z.array(z.string()),
      }),
      data_folder: CheckSchema.extend({ path: z.string().nullable() }),
    }),
  })
  .openapi('Ready');

export type ReadyAnswer = z.infer<typeof ReadySchema>;

class CheckTimeout extends Error {}

/** rejects after `ms`; the work itself cannot be cancelled, but the answer does not wait for it */
function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckTimeout(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function checkReady(deps: AppDeps, probeFs: ProbeFs | undefined): Promise<ReadyAnswer> {
  const ms = deps.config.HEALTH_TIMEOUT_MS;
  const reasons: string[] = [];
  const checks: ReadyAnswer['checks'] = {
    database: { ok: false, detail: '' },
    migrations: { ok: false, detail: '', pending: [], unknown: [] },
    data_folder: { ok: false, detail: '', path: deps.dataDir ?? null },
  };

  try {
    await within(ms, 'the database', sql`SELECT 1`.execute(deps.db));
    checks.database = { ok: true, detail: `${deps.databaseKind} answers` };
  } catch (err) {
    checks.database.detail = `database unreachable: ${message(err)}`;
    reasons.push(checks.database.detail);
  }

  if (checks.database.ok) {
    try {
      const status = await within(ms, 'the migration table', migrationStatus(deps.db as unknown as Kysely<unknown>));
      const ok = status.pending.length === 0 && status.unknown.length === 0;
      const detail = ok
        ? `${status.applied.length} migrations applied, none pending`
        : [
            status.pending.length ? `migrations pending: ${status.pending.join(', ')}` : '',
            status.unknown.length
              ? `the database has migrations this code does not know (a newer release?): ${status.unknown.join(', ')}`
              : '',
          ]
            .filter(Boolean)
            .join('; ');
      checks.migrations = { ok, detail, pending: status.pending, unknown: status.unknown };
      if (!ok) reasons.push(detail);
    } catch (err) {
      checks.migrations.detail = `migrations could not be read: ${message(err)}`;
      reasons.push(checks.migrations.detail);
    }
  } else {
    checks.migrations.detail = 'not checked: the database is unreachable';
  }

  if (!deps.dataDir) {
    checks.data_folder = {
      ok: true,
      path: null,
      detail:
        deps.databaseKind === 'postgis'
          ? 'no data folder: the data lives on the PostGIS server'
          : 'no data folder: the embedded database is in memory',
    };
  } else {
    const dir = deps.dataDir;
    try {
      const probe = await within(ms, 'the data folder', probeDataDir(dir, probeFs));
      checks.data_folder = probe.ok
        ? { ok: true, path: dir, detail: 'data folder writable' }
        : { ok: false, path: dir, detail: `data folder not writable: ${probe.problem} [${probe.code}]` };
    } catch (err) {
      checks.data_folder = { ok: false, path: dir, detail: `data folder not writable: ${message(err)}` };
    }
    if (!checks.data_folder.ok) reasons.push(checks.data_folder.detail);
  }

  return { status: reasons.length ? 'not_ready' : 'ready', database: deps.databaseKind, reasons, checks };
}

export interface HealthOptions {
  /** replaces the data folder's write probe (tests simulate a full disk without a mount) */
  probeFs?: ProbeFs;
}

export function healthRoutes(deps: AppDeps, opts: HealthOptions = {}) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/health',
      summary: 'Liveness and database reachability',
      responses: {
        200: { description: 'Healthy', content: { 'application/json': { schema: HealthSchema } } },
        503: {
          description: 'Database unreachable, or it did not answer within HEALTH_TIMEOUT_MS',
          content: { 'application/json': { schema: HealthSchema } },
        },
      },
    }),
    async (c) => {
      try {
        const { rows } = await within(
          deps.config.HEALTH_TIMEOUT_MS,
          'the database',
          sql<{ v: string; n: number }>`
            SELECT postgis_lib_version() AS v, (SELECT count(*) FROM tenant)::int AS n`.execute(deps.db),
        );
        return c.json(
          {
            status: 'ok' as const,
            database: deps.databaseKind,
            postgis: rows[0]?.v ?? null,
            tenants: rows[0]?.n ?? 0,
          },
          200,
        );
      } catch (err) {
        deps.log.error('health check failed', { error: message(err) });
        c.header('Retry-After', String(DATABASE_RETRY_AFTER_S));
        return c.json(
          { status: 'error' as const, database: deps.databaseKind, postgis: null, tenants: null },
          503,
        );
      }
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/ready',
      summary: 'Readiness: database answering, migrations current, data folder writable',
      description:
        'Answers 200 when this instance can take traffic; otherwise 503 with one reason per failed check ' +
        '(database unreachable, migrations pending or unknown, data folder not writable or full). ' +
        'A PostGIS deployment has no data folder; its check says so and passes.',
      responses: {
        200: { description: 'Ready', content: { 'application/json': { schema: ReadySchema } } },
        503: {
          description: 'Not ready; `reasons` says why',
          content: { 'application/json': { schema: ReadySchema } },
        },
      },
    }),
    async (c) => {
      const answer = await checkReady(deps, opts.probeFs);
      c.header('cache-control', 'no-store');
      if (answer.status === 'ready') return c.json(answer, 200);
      deps.log.warn('not ready', { reasons: answer.reasons });
      c.header('Retry-After', String(DATABASE_RETRY_AFTER_S));
      return c.json(answer, 503);
    },
  );
  return app;
}
