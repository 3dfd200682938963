/**
 * POST /api/admin/local-tenant — `npm run tenant` handing its command to the server that holds the
 * embedded data folder, as `npm run user` and `npm run import` do: only over a loopback connection
 * without proxy headers, with the per-run secret of the folder's lock; off (404) when the server
 * holds no data folder. Runs the same `runTenantCommand` as the CLI, then drops the tenant cache so
 * a new host name answers at once.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requireLocalCaller } from '../admin/local-import-routes.ts';
import type { AppDeps } from '../http/deps.ts';
import { ApiError, badRequest, errorBody } from '../http/errors.ts';
import { runTenantCommand, TenantCommandError } from './host-command.ts';

export const LOCAL_TENANT_PATH = '/api/admin/local-tenant';

export function localTenantRoutes(deps: AppDeps) {
  const app = new Hono();
  app.post(
    LOCAL_TENANT_PATH.replace(/^\/api/, ''),
    async (c, next) => {
      if (!deps.localImportSecret)
        throw new ApiError(
          404,
          'not_found',
          'No local tenant command here: this server does not hold an embedded data folder',
        );
      requireLocalCaller(c, deps.localImportSecret);
      await next();
    },
    bodyLimit({
      maxSize: 16 * 1024,
      onError: (c) => c.json(errorBody('payload_too_large', 'The request is larger than 16 KB'), 413),
    }),
    async (c) => {
      const raw = (await c.req.json().catch(() => null)) as unknown;
      try {
        const result = await runTenantCommand(deps.db, raw);
        if (result.changed) deps.tenants.invalidate();
        return c.json(result, 200);
      } catch (err) {
        if (err instanceof TenantCommandError) throw badRequest(err.message);
        throw err;
      }
    },
  );
  return app;
}
