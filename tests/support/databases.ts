/**
 * Each test file gets its own copy of the demo-town database on every database kind under test:
 * the embedded PGlite always, and the PostGIS server when TEST_DATABASE_URL is set (always in CI).
 *
 *   describeEachDatabase('nearby', (ctx) => { it('…', async () => { ctx.app.request(…) }) })
 */
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { type Database, type DatabaseKind, openDatabase } from '../../server/db/connect.ts';
import { createLogger } from '../../server/logger.ts';
import { TenantResolver } from '../../server/tenants/queries.ts';
import { adminQuery, TEST_DATABASE_URL, withDatabase } from './postgis-server.ts';
import { templateBlob } from './template-key.ts';

export interface TestDatabase extends Database {
  /** the connection string of this copy, for the PostGIS server */
  url?: string;
}

export function databaseKinds(): DatabaseKind[] {
  return inject('postgisTemplate') ? ['pglite', 'postgis'] : ['pglite'];
}

let copies = 0;

export async function openTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const blob = templateBlob(inject('pgliteTemplate'));
    return openDatabase({ dataDir: 'memory://', loadDataDir: blob });
  }
  const template = inject('postgisTemplate');
  if (!template || !TEST_DATABASE_URL) throw new Error('No PostGIS server under test');
  copies += 1;
  const name = `cm_test_${process.pid}_${Date.now().toString(36)}_${copies}`;
  await adminQuery(TEST_DATABASE_URL, `CREATE DATABASE ${name} TEMPLATE ${template}`);
  const url = withDatabase(TEST_DATABASE_URL, name);
  const db = await openDatabase({ databaseUrl: url, dataDir: '', poolSize: 4 });
  return {
    ...db,
    url,
    close: async () => {
      await db.close();
      await adminQuery(TEST_DATABASE_URL as string, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export interface DbContext {
  kind: DatabaseKind;
  database: TestDatabase;
  app: ReturnType<typeof createApp>;
  /** GET a path of the in-process app and parse its JSON */
  getJson<T = unknown>(pathAndQuery: string): Promise<{ status: number; body: T; headers: Headers }>;
}

/** rate limits are off in tests unless a test sets them (tests/api/rate-limit.test.ts does) */
export const RATE_LIMITS_OFF: Record<string, string> = Object.fromEntries(
  [
    'API',
    'SEARCH',
    'NEARBY',
    'WHAT_IF',
    'ADMIN',
    'SIGN_IN',
    'SUBSCRIPTIONS',
    'PROPOSALS',
    'PARTICIPATION_EMAIL',
  ].map((n) => [`RATE_LIMIT_${n}`, 'off']),
);

export function testApp(database: Database, env: Record<string, string> = {}) {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...RATE_LIMITS_OFF, ...env });
  return createApp({
    db: database.db,
    databaseKind: database.kind,
    config,
    tenants: new TenantResolver(database.db, undefined),
    log: createLogger('error'),
  });
}

export function describeEachDatabase(name: string, fn: (ctx: DbContext) => void) {
  for (const kind of databaseKinds()) {
    describe(`${name} [${kind}]`, () => {
      const ctx = { kind } as DbContext;
      beforeAll(async () => {
        ctx.database = await openTestDatabase(kind);
        ctx.app = testApp(ctx.database);
        ctx.getJson = async <T>(p: string) => {
          const res = await ctx.app.request(p);
          const text = await res.text();
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            throw new Error(`${p} answered ${res.status} with non-JSON: ${text.slice(0, 200)}`);
          }
          return { status: res.status, body: body as T, headers: res.headers };
        };
      });
      afterAll(async () => {
        await ctx.database?.close();
      });
      fn(ctx);
    });
  }
}
