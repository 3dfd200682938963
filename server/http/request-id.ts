/**
 * The first middleware of every request: gives it an id (a sane incoming `x-request-id` is kept:
 * up to 64 letters, digits and `._:-`; anything else is replaced by a fresh UUID), answers it in
 * the `x-request-id` header, puts it on every log line written while the request is served, and
 * writes one access-log line when it is done (method, path without secrets, status, ms, client).
 */
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Config } from '../config.ts';
import { loggablePath } from '../log-scrub.ts';
import { type Logger, withRequestId } from '../logger.ts';
import { clientAddress } from './client-address.ts';

declare module 'hono' {
  interface ContextVariableMap {
    /** this request's id, also in the x-request-id response header */
    requestId: string;
    /** the caller's address (see client-address.ts), the key of the rate limits */
    clientAddress: string;
    /** the server's logger, for modules that have the context but not the deps */
    log: Logger;
  }
}

const SAFE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function acceptedRequestId(incoming: string | undefined): string {
  return incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
}

export function requestContext(deps: { config: Pick<Config, 'TRUST_PROXY'>; log: Logger }): MiddlewareHandler {
  return async (c, next) => {
    const id = acceptedRequestId(c.req.header('x-request-id'));
    const client = clientAddress(c, deps.config.TRUST_PROXY);
    c.set('requestId', id);
    c.set('clientAddress', client);
    c.set('log', deps.log);
    const t0 = performance.now();
    await withRequestId(id, async () => {
      try {
        await next();
      } finally {
        c.header('x-request-id', id);
        deps.log.info('request', {
          method: c.req.method,
          path: loggablePath(c.req.url),
          status: c.res.status,
          ms: Math.round((performance.now() - t0) * 10) / 10,
          client,
        });
      }
    });
  };
}
