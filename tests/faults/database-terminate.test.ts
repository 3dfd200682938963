/**
 * Every pooled connection of the API terminated on the PostGIS server (pg_terminate_backend, what
 * an administrator, a failover or a restart does to them): the process does not crash, requests
 * answer 200 or 503 database_unavailable (never 500), and within seconds 200 again, by itself.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Database, openDatabase } from '../../server/db/connect.ts';
import { isDatabaseUnavailable } from '../../server/db/connection-errors.ts';
import { openTestDatabase, type TestDatabase, testApp } from '../support/databases.ts';
import { adminQuery, TEST_DATABASE_URL } from '../support/postgis-server.ts';
import { waitFor } from './wait.ts';

const NEARBY = '/api/nearby?lon=4.9&lat=52.37&radius_m=5000&limit=5';

describe.skipIf(!inject('postgisTemplate'))('pooled connections terminated [postgis]', () => {
  let copy: TestDatabase;
  let database: Database;
  let app: ReturnType<typeof testApp>;
  const lost: Error[] = [];
  let dbName = '';

  const terminateAll = async () => {
    const rows = await adminQuery<{ n: number }>(
      TEST_DATABASE_URL as string,
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
        WHERE datname = '${dbName}' AND pid <> pg_backend_pid()`,
    );
    return rows[0]?.n ?? 0;
  };

  beforeAll(async () => {
    copy = await openTestDatabase('postgis');
    dbName = new URL(copy.url as string).pathname.slice(1);
    await copy.db.destroy(); // only our own pool below may hold connections to the copy
    database = await openDatabase({
      databaseUrl: copy.url,
      dataDir: '',
      poolSize: 4,
      onConnectionError: (err) => lost.push(err),
    });
    app = testApp(database);
  });
  afterAll(async () => {
    await database?.close();
    if (dbName)
      await adminQuery(TEST_DATABASE_URL as string, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  });

  it('idle connections terminated: no crash, only 200 or 503 database_unavailable, then 200 by itself', async () => {
    // fill the pool with idle connections
    const warm = await Promise.all([1, 2, 3, 4].map(() => app.request('/api/health')));
    expect(warm.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(await terminateAll()).toBeGreaterThan(0);
    await waitFor('the pool to see its connections go', async () => lost.length > 0);

    const seen: number[] = [];
    await waitFor(
      'the API to answer 200 again',
      async () => {
        const res = await app.request(NEARBY);
        seen.push(res.status);
        if (res.status === 503) {
          const body = (await res.json()) as { error: { code: string } };
          expect(body.error.code).toBe('database_unavailable');
          expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
        }
        return res.status === 200;
      },
      { timeoutMs: 10_000 },
    );
    expect(seen.every((s) => s === 200 || s === 503)).toBe(true);
    expect((await app.request('/api/health')).status).toBe(200);
    expect((await app.request('/api/ready')).status).toBe(200);
  });

  it('a connection terminated inside a transaction: the transaction fails with a connection error, nothing crashes', async () => {
    lost.length = 0;
    let failure: unknown;
    await database.db
      .transaction()
      .execute(async (trx) => {
        await sql`SELECT 1`.execute(trx);
        // between two statements, with the connection checked out of the pool
        expect(await terminateAll()).toBeGreaterThan(0);
        await waitFor('the checked-out connection to see its end', async () => lost.length > 0);
        await sql`SELECT 1`.execute(trx);
      })
      .catch((err: unknown) => {
        failure = err;
      });
    expect(failure).toBeDefined();
    expect(isDatabaseUnavailable(failure)).toBe(true);
    await waitFor('the API to answer 200 again', async () => (await app.request(NEARBY)).status === 200, {
      timeoutMs: 10_000,
    });
  });
});
