/**
 * `npm run bench:access`: the planner's figures.
 *
 *  - the full recompute of access (samples, every standard set, facts) for the demo town along
 *    its walk network, and for the Vancouver open data (straight line: it has no walk network),
 *    on the embedded database and, with BENCH_DATABASE_URL, on a PostGIS server;
 *  - the what-if latency for a new garden at random points, p50/p95, against a floor measured in
 *    the same run: the SELECT of the stored distances the what-if must read anyway;
 *  - the recompute of the large town `npm run bench` generated (database cm_bench_<N>, or
 *    BENCH_LARGE_DB) at BENCH_LARGE_CELL_M (default 250 m) cells.
 *
 * Results are printed and written to bench/results/access-<date>.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { recomputeAccess } from '../server/analytics/recompute.ts';
import { parseSetKey } from '../server/analytics/sets.ts';
import { whatIf } from '../server/analytics/what-if.ts';
import { PROJECT_ROOT } from '../server/config.ts';
import { openDatabase } from '../server/db/connect.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import type { DB } from '../server/db/schema.ts';
import { runImport } from '../server/import/run.ts';
import { loadTown, readTownDir } from '../server/import/town.ts';
import { adminQuery, withDatabase } from '../tests/support/postgis-server.ts';
import { vancouver } from '../tests/support/shared-data.ts';
import { fmt } from './stats.ts';

const serverUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
const WHAT_IFS = Number(process.env.BENCH_WHAT_IFS ?? 60);
const M = (name: string) => path.join(PROJECT_ROOT, 'data', 'mappings', 'vancouver', `${name}.json`);

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
}

async function loadVancouver(db: Kysely<DB>): Promise<number> {
  const imp = (format: 'tenant' | 'geojson' | 'census', file: string, mapping: string) =>
    runImport(db, { format, path: file, tenant: 'vancouver', mapping });
  await imp('tenant', M('tenant'), M('tenant'));
  await imp('geojson', vancouver('local-area-boundary.geojson'), M('local-areas'));
  await imp('census', vancouver('CensusLocalAreaProfiles2016.csv'), M('census-2016'));
  await imp('geojson', vancouver('parks-polygon-representation.geojson'), M('parks'));
  await imp('geojson', vancouver('community-gardens-and-food-trees.geojson'), M('community-gardens'));
  await imp('geojson', vancouver('community-centres.geojson'), M('community-centres'));
  await imp('geojson', vancouver('free-and-low-cost-food-programs.geojson'), M('food-programs'));
  return (
    await db.selectFrom('tenant').select('id').where('slug', '=', 'vancouver').executeTakeFirstOrThrow()
  ).id;
}

async function measure(label: string, db: Kysely<DB>, tenantId: number, cellM?: number) {
  const t0 = performance.now();
  const ctx = await recomputeAccess(db, tenantId, cellM ? { cellM } : {});
  const recomputeMs = performance.now() - t0;
  const state = await db
    .selectFrom('access_state')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  // random points inside the town's neighbourhoods (the samples' own points)
  const samples = ctx.samples;
  let seed = 42;
  const rand = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const lat: number[] = [];
  const floor: number[] = [];
  const set = parseSetKey('gardens');
  for (let i = 0; i < WHAT_IFS + 5; i++) {
    const s = samples[Math.floor(rand() * samples.length)];
    if (!s) break;
    const f0 = performance.now();
    await sql`SELECT distances FROM access_set WHERE tenant_id = ${tenantId} AND set_key = 'gardens'`.execute(
      db,
    );
    const f1 = performance.now();
    await whatIf(db, tenantId, {
      set,
      minutes: 10,
      geometry: { type: 'Point', coordinates: [s.lon, s.lat] },
    });
    const w1 = performance.now();
    if (i >= 5) {
      floor.push(f1 - f0);
      lat.push(w1 - f1);
    }
  }
  const r = {
    label,
    samples: samples.length,
    cell_m: state.cell_m,
    walk_network: state.walk_network,
    recompute_ms: Math.round(recomputeMs),
    what_if_p50_ms: quantile(lat, 0.5),
    what_if_p95_ms: quantile(lat, 0.95),
    floor_p50_ms: quantile(floor, 0.5),
    ratio_p50: quantile(lat, 0.5) / quantile(floor, 0.5),
  };
  console.log(
    `${label}: ${r.samples.toLocaleString('en')} samples (${r.cell_m} m cells); recompute ${(r.recompute_ms / 1000).toFixed(1)} s; ` +
      `what-if p50 ${fmt(r.what_if_p50_ms)} p95 ${fmt(r.what_if_p95_ms)} (floor: reading the stored set ${fmt(r.floor_p50_ms)}, ×${r.ratio_p50.toFixed(1)})`,
  );
  return r;
}

async function main() {
  const results = [];
  {
    // the demo town: small, but measured along the walk graph made of its streets
    const database = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(database.db as unknown as Kysely<unknown>);
    await loadTown(database.db, readTownDir(path.join(PROJECT_ROOT, 'data', 'demo')));
    const t = await database.db.selectFrom('tenant').select('id').executeTakeFirstOrThrow();
    results.push(await measure('Demo town (walk network), PGlite', database.db, t.id));
    await database.close();
  }
  {
    const database = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(database.db as unknown as Kysely<unknown>);
    const id = await loadVancouver(database.db);
    results.push(await measure('Vancouver, PGlite', database.db, id));
    await database.close();
  }
  if (serverUrl) {
    const name = `cm_bench_access_${Date.now().toString(36)}`;
    await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
    const database = await openDatabase({
      databaseUrl: withDatabase(serverUrl, name),
      dataDir: '',
      poolSize: 2,
    });
    try {
      await migrateToLatest(database.db as unknown as Kysely<unknown>);
      const id = await loadVancouver(database.db);
      results.push(await measure('Vancouver, PostGIS', database.db, id));
    } finally {
      await database.close();
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name}`);
    }
    // the town `npm run bench` generated and loaded, when there is one
    const generated = `cm_bench_${Number(process.env.BENCH_OPPORTUNITIES ?? 1_000_000)}`;
    const large =
      process.env.BENCH_LARGE_DB ??
      ((await adminQuery(serverUrl, `SELECT 1 FROM pg_database WHERE datname = '${generated}'`)).length
        ? generated
        : undefined);
    if (large) {
      const db2 = await openDatabase({
        databaseUrl: withDatabase(serverUrl, large),
        dataDir: '',
        poolSize: 2,
      });
      try {
        await migrateToLatest(db2.db as unknown as Kysely<unknown>);
        const t = await db2.db.selectFrom('tenant').select('id').orderBy('id').executeTakeFirstOrThrow();
        const n = await sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM opportunity WHERE tenant_id = ${t.id}`.execute(db2.db);
        results.push(
          await measure(
            `generated town (${n.rows[0]?.n.toLocaleString('en')} programs), PostGIS`,
            db2.db,
            t.id,
            Number(process.env.BENCH_LARGE_CELL_M ?? 250),
          ),
        );
      } finally {
        await db2.close();
      }
    }
  }
  const dir = path.join(PROJECT_ROOT, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  // one file per run: a run on fewer databases must not overwrite a fuller one
  const file = path.join(dir, `access-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), results }, null, 2)}\n`);
  console.log(`written to ${path.relative(PROJECT_ROOT, file)}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
