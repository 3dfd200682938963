/**
 * POST /api/admin/local-user — `npm run user` handing its command to the server that holds the
 * embedded data folder (only that process may open it), as `npm run import` does: only over a
 * loopback connection without proxy headers, with the per-run secret of the folder's lock; off
 * (404) when the server holds no data folder. Runs the same `runUserCommand` as the CLI.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requireLocalCaller } from '../admin/local-import-routes.ts';
import type { AppDeps } from '../http/deps.ts';
import { ApiError, badRequest, errorBody } from '../http/errors.ts';
import { publicBase } from '../http/public-url.ts';
import { clockOf } from './authenticate.ts';
import { runUserCommand, UserCommandError, UserCommandSchema } from './user-command.ts';

export const LOCAL_USER_PATH = '/api/admin/local-user';

export function localUserRoutes(deps: AppDeps) {
  const app = new Hono();
  app.post(
    LOCAL_USER_PATH.replace(/^\/api/, ''),
    async (c, next) => {
      if (!deps.localImportSecret)
        throw new ApiError(404, 'not_found', 'No local user command here: this server does not hold an embedded data folder');
      requireLocalCaller(c, deps.localImportSecret);
      await next();
    },
    bodyLimit({
      maxSize: 16 * 1024,
      onError: (c) => c.json(errorBody('payload_too_large', 'The request is larger than 16 KB'), 413),
    }),
    async (c) => {
      const raw = (await c.req.json().catch(() => null)) as unknown;
      const parsed = UserCommandSchema.safeParse(raw);
      if (!parsed.success)
        throw badRequest(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      try {
        return c.json(
          await runUserCommand(deps.db, deps.config, parsed.data, clockOf(deps)(), publicBase(deps.config, c)),
          200,
        );
      } catch (err) {
        if (err instanceof UserCommandError) throw badRequest(err.message);
        throw err;
      }
    },
  );
  return app;
}
