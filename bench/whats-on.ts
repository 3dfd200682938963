/**
 * `npm run bench`, "what's on" part (issue 11): `/api/opportunities?lon=…&lat=…&radius_m=1500&when=week`
 * and `/api/search?q=garden` through HTTP against the raw SQL of the same question (the statement
 * the API runs, compiled and sent over pg), on generated towns on a PostGIS server:
 * p50/p95 one request at a time (API and SQL interleaved) and throughput under 50 concurrent
 * clients (the raw SQL gets a pool as large as the server's).
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5439/postgres npx tsx bench/whats-on.ts
 *   BENCH_WHATS_ON_SIZES=10000,100000 BENCH_QUERIES=200 npx tsx bench/whats-on.ts
 *   BENCH_PREPARE_ONLY=1 npx tsx bench/whats-on.ts   (load the towns only, measure nothing)
 *
 * Each town is generated and loaded into database `cm_bench_<N>` once (the near-me benchmark uses
 * the same ones); results are printed and written to bench/results/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { generateTown } from '../data/generator/town.ts';
import { PROJECT_ROOT } from '../server/config.ts';
import { bootstrapDatabase } from '../server/db/bootstrap.ts';
import { loadTown } from '../server/import/town.ts';
import { startServer } from '../server/main.ts';
import { toSearchQuery } from '../server/opportunities/filters.ts';
import { whatsOnSql } from '../server/opportunities/search.ts';
import { searchTextSql } from '../server/search/queries.ts';
import { findTenant, type Tenant } from '../server/tenants/queries.ts';
import { adminQuery, withDatabase } from '../tests/support/postgis-server.ts';
import { queryPoints } from './nearby.ts';
import { fmt, type Summary, summarize } from './stats.ts';

const serverUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
const SIZES = (process.env.BENCH_WHATS_ON_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 300);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 30);
const CLIENTS = 50;
const CONCURRENT_REQUESTS = Number(process.env.BENCH_CONCURRENT_REQUESTS ?? 1000);
const POOL = 4;
/** only generate and load the towns (they take long at 1 000 000), measure nothing */
const PREPARE_ONLY = process.env.BENCH_PREPARE_ONLY === '1';

interface Compiled {
  sql: string;
  parameters: readonly unknown[];
}

interface Question {
  name: string;
  /** the API path and query of the i-th request */
  api: (i: number) => string;
  /** the same question's SQL */
  sql: (i: number) => Compiled;
}

export interface WhatsOnResult {
  size: number;
  question: string;
  sql: Summary;
  api: Summary;
  ratioP50: number;
  sqlPerSecond: number;
  apiPerSecond: number;
  throughputRatio: number;
  /** concurrent requests that failed (SQL errors, or the API's 503 when no pool connection came in time) */
  sqlFailed: number;
  apiFailed: number;
}

async function ensureTown(
  url: string,
  n: number,
): Promise<{
  tenant: Tenant;
  close: () => Promise<void>;
  db: Awaited<ReturnType<typeof bootstrapDatabase>>['db'];
}> {
  const database = await bootstrapDatabase({
    databaseUrl: url,
    dataDir: '',
    loadDemo: false,
    demoDir: '',
    poolSize: 2,
  });
  const slug = `bench-${n}`;
  let tenant = await findTenant(database.db, slug);
  const have = tenant
    ? Number(
        (
          await sql<{
            n: number;
          }>`SELECT count(*)::int AS n FROM opportunity WHERE tenant_id = ${tenant.id}`.execute(database.db)
        ).rows[0]?.n,
      )
    : 0;
  if (!tenant || have !== n) {
    console.log(`Generating and loading a town of ${n.toLocaleString('en')} opportunities…`);
    const t0 = Date.now();
    const town = generateTown({ seed: 1, opportunities: n });
    await loadTown(database.db, { ...town, tenant: { ...town.tenant, slug } }, (m) => console.log(m));
    await sql`ANALYZE`.execute(database.db);
    console.log(`Loaded in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    tenant = await findTenant(database.db, slug);
  }
  if (!tenant) throw new Error('bench tenant missing after load');
  return { tenant, db: database.db, close: () => database.close() };
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/**
 * answered requests per second with `CLIENTS` callers each taking the next request until all are
 * done, and how many failed (the API answers 503 when it waits too long for a pool connection)
 */
async function throughput(run: (i: number) => Promise<void>): Promise<{ perSecond: number; failed: number }> {
  let next = 0;
  let failed = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < CONCURRENT_REQUESTS) await run(next++).catch(() => failed++);
    }),
  );
  return {
    perSecond: (CONCURRENT_REQUESTS - failed) / (Number(process.hrtime.bigint() - t0) / 1e9),
    failed,
  };
}

async function benchSize(n: number): Promise<WhatsOnResult[]> {
  if (!serverUrl) throw new Error('no server');
  const dbName = `cm_bench_${n}`;
  const exists = await adminQuery(serverUrl, `SELECT 1 FROM pg_database WHERE datname = '${dbName}'`);
  if (!exists.length) await adminQuery(serverUrl, `CREATE DATABASE ${dbName}`);
  const url = withDatabase(serverUrl, dbName);
  const town = await ensureTown(url, n);
  if (PREPARE_ONLY) {
    await town.close();
    return [];
  }
  const { tenant, db } = town;
  const server = await startServer({
    config: {
      DATABASE_URL: url,
      PORT: 0,
      HOST: '127.0.0.1',
      LOAD_DEMO: false,
      DEFAULT_TENANT: tenant.slug,
      LOG_LEVEL: 'warn',
      PG_POOL_SIZE: POOL,
      RATE_LIMIT_API: 'off',
      RATE_LIMIT_SEARCH: 'off',
    } as never,
    onProgress: () => {},
  });
  const pool = new pg.Pool({ connectionString: url, max: POOL });
  const bbox = tenant.bbox ?? [-180, -85, 180, 85];
  const points = queryPoints(bbox, QUERIES + WARMUP + CONCURRENT_REQUESTS, 23);
  const now = Date.now();
  const point = (i: number) => points[i % points.length] as [number, number];
  const questions: Question[] = [
    {
      name: 'opportunities, 1 500 m, when=week',
      api: (i) => `/api/opportunities?lon=${point(i)[0]}&lat=${point(i)[1]}&radius_m=1500&when=week`,
      sql: (i) =>
        whatsOnSql({
          ...toSearchQuery(
            { lon: point(i)[0], lat: point(i)[1], radius_m: 1500, when: 'week' } as Parameters<
              typeof toSearchQuery
            >[0],
            { tenant, config: { NEARBY_DEFAULT_RADIUS_M: 1500 }, now, limit: 100 },
          ),
          offset: 0,
        }).compile(db),
    },
    {
      name: 'search q=garden',
      api: () => '/api/search?q=garden',
      sql: () =>
        searchTextSql({
          tenantId: tenant.id,
          text: 'garden',
          lang: tenant.defaultLocale,
          defaultLang: tenant.defaultLocale,
          limit: 10,
        }).compile(db),
    },
  ];
  const results: WhatsOnResult[] = [];
  try {
    for (const qn of questions) {
      const runSql = async (i: number) => {
        const c = qn.sql(i);
        await pool.query(c.sql, c.parameters as unknown[]);
      };
      const runApi = async (i: number) => {
        const res = await fetch(`${server.url}${qn.api(i)}`);
        const body = await res.text();
        if (res.status !== 200) throw new Error(`API answered ${res.status}: ${body.slice(0, 300)}`);
      };
      const sqlTimes: number[] = [];
      const apiTimes: number[] = [];
      for (let i = 0; i < QUERIES + WARMUP; i++) {
        // alternate which goes first, so neither always meets a warmer cache
        const first = i % 2 === 0;
        const a = first ? await timed(() => runSql(i)) : 0;
        const b = await timed(() => runApi(i));
        const c = first ? a : await timed(() => runSql(i));
        if (i >= WARMUP) {
          sqlTimes.push(c);
          apiTimes.push(b);
        }
      }
      const sqlT = await throughput(runSql);
      const apiT = await throughput(runApi);
      const s = summarize(sqlTimes);
      const a = summarize(apiTimes);
      const r: WhatsOnResult = {
        size: n,
        question: qn.name,
        sql: s,
        api: a,
        ratioP50: a.p50 / s.p50,
        sqlPerSecond: sqlT.perSecond,
        apiPerSecond: apiT.perSecond,
        throughputRatio: apiT.perSecond / sqlT.perSecond,
        sqlFailed: sqlT.failed,
        apiFailed: apiT.failed,
      };
      console.log(JSON.stringify(r));
      results.push(r);
    }
  } finally {
    await pool.end();
    await server.close();
    await town.close();
  }
  return results;
}

async function main() {
  if (!serverUrl) {
    console.error('Set BENCH_DATABASE_URL to a database on a PostGIS server (see bench/run.ts).');
    process.exit(2);
  }
  const all: WhatsOnResult[] = [];
  for (const n of SIZES) {
    const r = await benchSize(n);
    all.push(...r);
    console.table(
      r.map((x) => ({
        programs: x.size.toLocaleString('en'),
        question: x.question,
        'SQL p50': fmt(x.sql.p50),
        'SQL p95': fmt(x.sql.p95),
        'API p50': fmt(x.api.p50),
        'API p95': fmt(x.api.p95),
        'API/SQL p50': `${x.ratioP50.toFixed(2)}×`,
        'SQL req/s (50 clients)': x.sqlPerSecond.toFixed(1),
        'API req/s (50 clients)': x.apiPerSecond.toFixed(1),
        'API/SQL req/s': x.throughputRatio.toFixed(2),
        'failed SQL/API': `${x.sqlFailed}/${x.apiFailed}`,
      })),
    );
  }
  const outDir = path.join(PROJECT_ROOT, 'bench', 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `whats-on-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify(
      {
        when: new Date().toISOString(),
        machine: { cpus: os.cpus().length, node: process.version },
        queries: QUERIES,
        concurrent: { clients: CLIENTS, requests: CONCURRENT_REQUESTS, pool: POOL },
        results: all,
      },
      null,
      2,
    ),
  );
  console.log(`Written ${path.relative(PROJECT_ROOT, file)}`);
}

await main();
