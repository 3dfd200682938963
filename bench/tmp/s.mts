import { sql } from 'kysely';
import { bootstrapDatabase } from '/work/main/server/db/bootstrap.ts';
import { searchTextSql } from '/work/main/server/search/queries.ts';
import { nameSearchOracle } from '/work/main/tests/support/name-search-oracle.ts';
const url = process.argv[2] as string;
const d = await bootstrapDatabase({ databaseUrl: url, dataDir: '', loadDemo: false, demoDir: '', poolSize: 2 } as never);
const t = (await sql<{ id: number }>`SELECT id FROM tenant ORDER BY id LIMIT 1`.execute(d.db)).rows[0]!;
const q = { tenantId: t.id, text: 'garden', lang: 'en', defaultLang: 'en', limit: 10 };
for (let i = 0; i < 3; i++) {
  let t0 = Date.now(); const a = await searchTextSql(q).execute(d.db); const ta = Date.now() - t0;
  t0 = Date.now(); const b = await nameSearchOracle(d.db, q); const tb = Date.now() - t0;
  console.log('knn', ta, 'ms; oracle', tb, 'ms; equal', JSON.stringify(a.rows.map(r=>r.id)) === JSON.stringify(b.map(r=>r.id)));
}
const c = searchTextSql(q).compile(d.db);
const ex = await d.db.executeQuery({ ...c, sql: 'EXPLAIN (ANALYZE, BUFFERS) ' + c.sql } as never);
console.log((ex.rows as {['QUERY PLAN']: string}[]).map(r => r['QUERY PLAN']).join('\n'));
await d.close();
