/**
 * `npm run bench`: near-me latency through the HTTP API against the raw SQL floor, on a large
 * generated town (default 1 000 000 opportunities) on a PostGIS server.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5439/postgres npm run bench
 *   BENCH_OPPORTUNITIES=100000 BENCH_QUERIES=300 npm run bench
 *
 * The town is generated and loaded into database `cm_bench_<N>` once; later runs reuse it.
 * Results are printed and written to bench/results/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { generateTown } from '../data/generator/town.ts';
import { PROJECT_ROOT } from '../server/config.ts';
import { bootstrapDatabase } from '../server/db/bootstrap.ts';
import { loadTown } from '../server/import/town.ts';
import { findTenant } from '../server/tenants/queries.ts';
import { adminQuery, withDatabase } from '../tests/support/postgis-server.ts';
import { benchNearby } from './nearby.ts';
import { fmt } from './stats.ts';

const serverUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
const N = Number(process.env.BENCH_OPPORTUNITIES ?? 1_000_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 500);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 100);

async function main() {
  if (!serverUrl) {
    console.error(
      'npm run bench measures on a PostGIS server. Set BENCH_DATABASE_URL to a database on it, e.g.\n' +
        '  BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5439/postgres npm run bench\n' +
        '(README.md, "Using a PostGIS server", tells how to start one from Debian packages).',
    );
    process.exit(2);
  }
  const dbName = `cm_bench_${N}`;
  const exists = await adminQuery(serverUrl, `SELECT 1 FROM pg_database WHERE datname = '${dbName}'`);
  if (!exists.length) await adminQuery(serverUrl, `CREATE DATABASE ${dbName}`);
  const url = withDatabase(serverUrl, dbName);
  const database = await bootstrapDatabase({
    databaseUrl: url,
    dataDir: '',
    loadDemo: false,
    demoDir: '',
    poolSize: 2,
  });
  const slug = `bench-${N}`;
  try {
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
    if (!tenant || have !== N) {
      console.log(`Generating and loading a town of ${N.toLocaleString('en')} opportunities into ${dbName}…`);
      const t0 = Date.now();
      const town = generateTown({ seed: 1, opportunities: N });
      const report = await loadTown(database.db, { ...town, tenant: { ...town.tenant, slug } }, (m) =>
        console.log(m),
      );
      await sql`ANALYZE`.execute(database.db);
      console.log(
        `Loaded ${report.opportunities} opportunities in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
      );
      tenant = await findTenant(database.db, slug);
    }
    if (!tenant) throw new Error('bench tenant missing after load');
    const counts = (
      await sql<{ o: number; p: number }>`
        SELECT (SELECT count(*) FROM opportunity WHERE tenant_id = ${tenant.id})::int AS o,
               (SELECT count(*) FROM place WHERE tenant_id = ${tenant.id})::int AS p`.execute(database.db)
    ).rows[0];
    const version = (
      await sql<{
        v: string;
      }>`SELECT current_setting('server_version') || ' / PostGIS ' || postgis_lib_version() AS v`.execute(
        database.db,
      )
    ).rows[0]?.v;
    console.log(
      `\nNear-me on ${counts?.o.toLocaleString('en')} opportunities + ${counts?.p.toLocaleString('en')} places, PostgreSQL ${version}`,
    );
    console.log(
      `${QUERIES} queries per scenario after ${WARMUP} warm-up, sequential, API and SQL interleaved\n`,
    );
    const results = await benchNearby({
      db: database.db,
      databaseUrl: url,
      tenant,
      queries: QUERIES,
      warmup: WARMUP,
    });
    const rows = results.map((r) => ({
      scenario: r.scenario,
      'SQL p50': fmt(r.sql.p50),
      'SQL p95': fmt(r.sql.p95),
      'API p50': fmt(r.api.p50),
      'API p95': fmt(r.api.p95),
      'API/SQL p50': `${r.ratioP50.toFixed(2)}×`,
      'API/SQL p95': `${r.ratioP95.toFixed(2)}×`,
      items: r.meanItems.toFixed(1),
    }));
    console.table(rows);
    const worst = Math.max(...results.map((r) => r.ratioP50));
    console.log(
      `Target API p50 < 3× raw SQL p50: ${worst < 3 ? 'met' : 'NOT met'} (worst ${worst.toFixed(2)}×)`,
    );
    const outDir = path.join(PROJECT_ROOT, 'bench', 'results');
    fs.mkdirSync(outDir, { recursive: true });
    const file = path.join(outDir, `nearby-${N}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(
      file,
      JSON.stringify(
        {
          when: new Date().toISOString(),
          machine: { cpus: os.cpus().length, node: process.version },
          postgres: version,
          counts,
          results,
        },
        null,
        2,
      ),
    );
    console.log(`Written ${path.relative(PROJECT_ROOT, file)}`);
  } finally {
    await database.close();
  }
}

await main();
