/**
 * Near-me latency on a large generated town on the PostGIS server: the API through HTTP against
 * the very same SQL sent raw over one pg connection (the floor), measured interleaved in one run.
 */
import type { Kysely } from 'kysely';
import pg from 'pg';
import type { DB } from '../server/db/schema.ts';
import { startServer } from '../server/main.ts';
import { NEARBY_LAYERS, type NearbyQuery, nearbySql } from '../server/nearby/queries.ts';
import type { Tenant } from '../server/tenants/queries.ts';
import { type Summary, summarize } from './stats.ts';

export interface Scenario {
  name: string;
  query: string; // extra query string for the API
  params: Partial<NearbyQuery>;
}

export const SCENARIOS: Scenario[] = [
  { name: 'all layers, 1 500 m, k=20', query: '', params: {} },
  {
    name: 'programs for seniors, 3 000 m, k=20',
    query: '&audience=seniors&radius_m=3000',
    params: { audiences: ['seniors'], radiusM: 3000 },
  },
  {
    name: 'programs in Ukrainian, 5 000 m, k=50',
    query: '&language=uk&radius_m=5000&limit=50',
    params: { languages: ['uk'], radiusM: 5000, limit: 50 },
  },
];

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function queryPoints(bbox: [number, number, number, number], n: number, seed = 7): [number, number][] {
  const rnd = mulberry32(seed);
  return Array.from({ length: n }, () => [
    bbox[0] + (0.05 + 0.9 * rnd()) * (bbox[2] - bbox[0]),
    bbox[1] + (0.05 + 0.9 * rnd()) * (bbox[3] - bbox[1]),
  ]);
}

export interface NearbyResult {
  scenario: string;
  sql: Summary;
  api: Summary;
  ratioP50: number;
  ratioP95: number;
  meanItems: number;
}

export async function benchNearby(opts: {
  db: Kysely<DB>;
  databaseUrl: string;
  tenant: Tenant;
  queries: number;
  warmup: number;
}): Promise<NearbyResult[]> {
  const { tenant } = opts;
  const bbox = tenant.bbox ?? [-180, -85, 180, 85];
  const server = await startServer({
    config: {
      DATABASE_URL: opts.databaseUrl,
      PORT: 0,
      HOST: '127.0.0.1',
      LOAD_DEMO: false,
      DEFAULT_TENANT: tenant.slug,
      LOG_LEVEL: 'warn',
      PG_POOL_SIZE: 4,
    },
    onProgress: () => {},
  });
  const raw = new pg.Client({ connectionString: opts.databaseUrl });
  await raw.connect();
  // the same planner setting the API uses for near-me (server/nearby/queries.ts), for the session
  await raw.query('SET enable_bitmapscan = off');
  const results: NearbyResult[] = [];
  try {
    for (const sc of SCENARIOS) {
      const points = queryPoints(bbox, opts.queries + opts.warmup, 11 + results.length);
      const sqlTimes: number[] = [];
      const apiTimes: number[] = [];
      let items = 0;
      for (const [i, [lon, lat]] of points.entries()) {
        const q: NearbyQuery = {
          tenantId: tenant.id,
          lon,
          lat,
          radiusM: 1500,
          limit: 20,
          layers: [...NEARBY_LAYERS],
          lang: tenant.defaultLocale,
          defaultLang: tenant.defaultLocale,
          ...sc.params,
        };
        const compiled = nearbySql(q)?.compile(opts.db);
        if (!compiled) throw new Error('empty query');
        // alternate which goes first, so neither always meets a warmer cache
        const runSql = async () => {
          const t0 = process.hrtime.bigint();
          await raw.query(compiled.sql, compiled.parameters as unknown[]);
          return Number(process.hrtime.bigint() - t0) / 1e6;
        };
        const runApi = async () => {
          const t0 = process.hrtime.bigint();
          const res = await fetch(`${server.url}/api/nearby?lon=${lon}&lat=${lat}${sc.query}`);
          const body = (await res.json()) as unknown[];
          if (res.status !== 200) throw new Error(`API answered ${res.status}: ${JSON.stringify(body)}`);
          items += body.length;
          return Number(process.hrtime.bigint() - t0) / 1e6;
        };
        const [a, b] =
          i % 2 === 0 ? [await runSql(), await runApi()] : [await runApi(), await runSql()].reverse();
        if (i >= opts.warmup) {
          sqlTimes.push(a as number);
          apiTimes.push(b as number);
        }
      }
      const sqlS = summarize(sqlTimes);
      const apiS = summarize(apiTimes);
      results.push({
        scenario: sc.name,
        sql: sqlS,
        api: apiS,
        ratioP50: apiS.p50 / sqlS.p50,
        ratioP95: apiS.p95 / sqlS.p95,
        meanItems: items / points.length,
      });
    }
  } finally {
    await raw.end();
    await server.close();
  }
  return results;
}
