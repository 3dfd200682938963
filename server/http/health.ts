import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
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

export function healthRoutes(deps: AppDeps) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/health',
      summary: 'Liveness and database reachability',
      responses: {
        200: { description: 'Healthy', content: { 'application/json': { schema: HealthSchema } } },
        503: {
          description: 'Database unreachable',
          content: { 'application/json': { schema: HealthSchema } },
        },
      },
    }),
    async (c) => {
      try {
        const { rows } = await sql<{ v: string; n: number }>`
          SELECT postgis_lib_version() AS v, (SELECT count(*) FROM tenant)::int AS n`.execute(deps.db);
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
        deps.log.error('health check failed', { error: (err as Error).message });
        return c.json(
          { status: 'error' as const, database: deps.databaseKind, postgis: null, tenants: null },
          503,
        );
      }
    },
  );
  return app;
}
