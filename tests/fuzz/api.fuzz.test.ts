/**
 * Hostile input, property-based (fast-check): every operation of /api/openapi.json and every
 * other /api route of the app (the multipart admin import), with and without the admin token, on
 * both databases. The property (tests/support/fuzz-check.ts): a 2xx or a 4xx JSON error (a 503
 * only for the documented "admin API off", "query took too long" and "database unavailable"),
 * within 20 s, and /api/health still answers afterwards.
 *
 * Seeded: FUZZ_SEED (default below) replays a run; FUZZ_ONLY='POST /planner/what-if' runs the
 * operations whose key contains it; FUZZ_PATH with FUZZ_ONLY replays one shrunk case. FUZZ_RUNS
 * sets the cases per operation (npm run fuzz: the long mode, FUZZ_LONG=1, bigger bodies and
 * polygons); FUZZ_COLLECT=1 keeps going after a failure and lists every distinct one at the end;
 * FUZZ_STATS=1 prints how each operation answered (to see that the cases reach past validation).
 */
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import type { Database } from '../../server/db/connect.ts';
import { createLogger } from '../../server/logger.ts';
import { describeEachDatabase, testApp } from '../support/databases.ts';
import {
  checkHealth,
  checkRequest,
  LONG_BOUND_MS,
  PropertyViolation,
  REQUEST_BOUND_MS,
} from '../support/fuzz-check.ts';
import { type Operation, operationsOf } from '../support/fuzz-operations.ts';
import {
  ADMIN_TOKEN,
  describeRequest,
  type FuzzRequest,
  requestArb,
  type TownFacts,
} from '../support/fuzz-requests.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const LONG = process.env.FUZZ_LONG === '1';
/**
 * 10 cases per operation in the default run (each file run, CI): enough for what this file
 * guards in every change, a route that answers 500 or hangs on input it did not expect. The
 * cases are three kinds — valid (1 in 4), valid but for one hostile parameter or body field
 * (1 in 2), everything hostile (1 in 4); the seed per operation is fixed, so a run is the same
 * cases every time, and the bugs this test has found so far failed within the first 10 (the
 * unchecked expected_updated_at of POST /admin/review/{type}/{id}: case 9). fast-check draws the
 * cases of a seed in order, so these 10 are the first 10 of the 20 (405 s of a 37-minute CI run
 * on two cores, both databases) and of the 50 before that: `npm run fuzz:50` still runs those 50.
 * The long mode (`npm run fuzz`: 5000 cases, larger bodies and polygons) searches further, before
 * a release or after a change to validation; FUZZ_RUNS sets any number.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? (LONG ? 5000 : 10));
const ONLY = process.env.FUZZ_ONLY;
const PATH = process.env.FUZZ_PATH;
const COLLECT = process.env.FUZZ_COLLECT === '1';
const STATS = process.env.FUZZ_STATS === '1';
const TEST_DB_HINT = process.env.TEST_DATABASE_URL ? ' TEST_DATABASE_URL=…' : '';

/** the admin's full recompute of the planner's stored state: long by design, admin only */
const LONG_WORK = ['POST /admin/analytics/recompute'];

/**
 * Operations whose valid requests do real work (the planner's computations, imports) get a
 * share of the runs, so the file stays within a few minutes in CI; in the long run they get all.
 */
function runsFor(op: Operation): number {
  if (LONG) return RUNS;
  if (LONG_WORK.includes(op.key)) return Math.max(2, Math.round(RUNS / 50));
  if (op.key.startsWith('POST /admin/import') || op.key.startsWith('POST /planner/what-if'))
    return Math.max(5, Math.round(RUNS / 4));
  if (op.path.startsWith('/planner/')) return Math.max(5, Math.round(RUNS / 3));
  return RUNS;
}

/** a stable seed per operation, so adding an endpoint does not change the others' cases */
function seedFor(key: string): number {
  let h = SEED | 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h;
}

// The document and the route table do not touch the database: read them from an app without one.
const probe = createApp({
  db: null as never, // never queried: only the OpenAPI document and the route table are read
  databaseKind: 'pglite',
  config: loadConfig({ LOG_LEVEL: 'silent' }),
  tenants: null as never,
  log: createLogger('error'),
});
const doc = (await (await probe.request('/api/openapi.json')).json()) as Parameters<typeof operationsOf>[0];
const ALL_OPERATIONS = operationsOf(doc, probe.routes);
const OPERATIONS = ALL_OPERATIONS.filter((op) => !ONLY || ONLY.split('|').some((o) => op.key.includes(o)));

async function townFacts(database: Database, app: ReturnType<typeof testApp>): Promise<TownFacts> {
  const db = database.db;
  const tenant = await db.selectFrom('tenant').select(['id', 'slug']).orderBy('id').executeTakeFirstOrThrow();
  const ids = async (table: 'opportunity' | 'place' | 'area') =>
    (
      await db
        .selectFrom(table)
        .select('id')
        .where('tenant_id', '=', tenant.id)
        .orderBy('id')
        .limit(12)
        .execute()
    ).map((r) => r.id);
  const kiosks = (await (await app.request('/api/kiosks')).json()) as { slug: string; configured: boolean }[];
  return {
    tenant: tenant.slug,
    opportunityIds: await ids('opportunity'),
    placeIds: await ids('place'),
    areaIds: (
      await db
        .selectFrom('area')
        .select('id')
        .where('tenant_id', '=', tenant.id)
        .where('kind', '=', 'neighbourhood')
        .execute()
    ).map((r) => r.id),
    centreSlugs: kiosks.filter((k) => !k.configured).map((k) => k.slug),
    kioskSlugs: kiosks.map((k) => k.slug),
  };
}

it('covers every operation of the OpenAPI document and every admin endpoint', () => {
  const keys = ALL_OPERATIONS.map((o) => o.key);
  expect(keys.length).toBeGreaterThanOrEqual(Object.keys(doc.paths).length);
  for (const k of [
    'GET /layers/{layer}',
    'GET /nearby',
    'POST /planner/what-if',
    'POST /admin/import',
    'PUT /admin/kiosks/{slug}',
    'DELETE /admin/kiosks/{slug}',
    'POST /admin/analytics/recompute',
  ])
    expect(keys).toContain(k);
});

describeEachDatabase('hostile input', (ctx) => {
  let facts: TownFacts;
  let withToken: ReturnType<typeof testApp>;
  let withoutToken: ReturnType<typeof testApp>;
  beforeAll(async () => {
    // in-process requests have no client address ("unknown"): exempt it, or the rate limits
    // (tested on their own) would answer most cases with 429 and hide the routes behind them
    withToken = testApp(ctx.database, { ADMIN_TOKEN, RATE_LIMIT_EXEMPT: 'unknown' });
    withoutToken = testApp(ctx.database, { RATE_LIMIT_EXEMPT: 'unknown' });
    facts = await townFacts(ctx.database, withoutToken);
  });

  for (const op of OPERATIONS) {
    const runs = runsFor(op);
    it(
      `${op.key}: 2xx or a 4xx JSON error, within the bound, still healthy (${runs} cases)`,
      async () => {
        const seed = seedFor(op.key);
        const failures = new Map<string, string>();
        const answers = new Map<string, number>();
        const refusals: string[] = [];
        const property = fc.asyncProperty(
          requestArb(op, facts, { heavy: LONG }),
          async (req: FuzzRequest) => {
            const app = req.adminApp ? withToken : withoutToken;
            try {
              const answer = await checkRequest(
                app,
                req,
                LONG_WORK.includes(op.key) ? LONG_BOUND_MS : REQUEST_BOUND_MS,
              );
              const k = `${answer.status}${answer.code ? ` ${answer.code}` : ''}`;
              answers.set(k, (answers.get(k) ?? 0) + 1);
              // a valid request refused: what the generators get wrong about the operation
              if (STATS && req.mode === 'valid' && answer.status === 400 && refusals.length < 5)
                refusals.push(`${answer.message} ← ${describeRequest(req).slice(0, 300)}`);
              await checkHealth(app);
            } catch (err) {
              if (!(err instanceof PropertyViolation)) throw err;
              const message = `${err.message}\n  request: ${describeRequest(req)}`;
              if (!COLLECT) throw new Error(message);
              if (!failures.has(err.kind)) failures.set(err.kind, message);
            }
          },
        );
        const replay = `replay: FUZZ_SEED=${SEED} FUZZ_ONLY='${op.key}'${TEST_DB_HINT} npx vitest run tests/fuzz/api.fuzz.test.ts`;
        try {
          await fc.assert(property, {
            seed,
            numRuns: runs,
            ...(PATH && ONLY ? { path: PATH } : {}),
            // a shrunk case of a multi-megabyte body is no clearer than the first: keep shrinking short
            maxSkipsPerRun: 100,
          });
        } catch (err) {
          throw new Error(`[${ctx.kind}] ${op.key} (seed ${seed}; ${replay})\n${(err as Error).message}`);
        }
        if (STATS)
          console.log(
            `[${ctx.kind}] ${op.key}: ${[...answers]
              .sort((a, b) => b[1] - a[1])
              .map(([k, n]) => `${k} ×${n}`)
              .join(', ')}`,
          );
        if (STATS && refusals.length) console.log(`  valid requests refused:\n  ${refusals.join('\n  ')}`);
        if (failures.size)
          throw new Error(
            `[${ctx.kind}] ${op.key} (seed ${seed}; ${replay}): ${failures.size} distinct failures\n\n${[...failures.values()].join('\n\n')}`,
          );
      },
      LONG ? 3_600_000 : 240_000,
    );
  }
});
