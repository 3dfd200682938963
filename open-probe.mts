import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
const f = '/work/main/node_modules/.cache/commons-map/pglite-d5e1725f5c54.tar.gz';
const cpu = () => { const u = process.resourceUsage(); return (u.userCPUTime + u.systemCPUTime) / 1000; };
const mode = process.argv[2];
const slim = { name: 'postgis', setup: async (pg: unknown, o: unknown) => ({ ...(await (postgis.setup as (a: unknown, b: unknown) => Promise<Record<string, unknown>>)(pg, o)), bundlePath: new URL('file:///tmp/ci-prof/slim/postgis-slim.tar.gz') }) };
for (const i of [1, 2, 3]) {
  const t0 = performance.now(); const c0 = cpu();
  const db = await PGlite.create({ dataDir: 'memory://', extensions: { postgis: mode === 'slim' ? slim : postgis, pg_trgm, unaccent }, loadDataDir: new Blob([fs.readFileSync(f)]) } as never);
  const t1 = performance.now(); const c1 = cpu();
  const r = await db.query<{ n: number }>("select count(*)::int n from opportunity o join place p on p.id=o.place_id where ST_DWithin(p.geom::geography, ST_Transform(ST_SetSRID(ST_MakePoint(0,0),3857),4326)::geography, 100000000)");
  const c2 = cpu();
  console.log(mode, r.rows[0].n, 'open wall', Math.round(t1 - t0), 'cpu', Math.round(c1 - c0), 'query cpu', Math.round(c2-c1));
  await db.close();
}
process.exit(0);
