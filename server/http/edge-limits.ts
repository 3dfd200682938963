/**
 * The limits every /api request passes before its route: the rate limits per client address (a
 * ceiling for all of /api, and tighter ones for the expensive or abusable operations) and the
 * size of a request body (413). Routes with their own body limit are listed in OWN_BODY_LIMIT.
 *
 * Limits for routes later issues add are wired here by path already (sign-in, subscriptions,
 * proposals, needs, supports): mounting a route there puts it under its named limit.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { normaliseAddress } from './client-address.ts';
import { errorBody } from './errors.ts';
import { createRateLimits, type RateLimitName, type RateLimits, rateLimit } from './rate-limit.ts';

/** routes that set a body limit of their own (a larger one for uploads) */
export const OWN_BODY_LIMIT = new Set(['/api/admin/import']);

declare module 'hono' {
  interface ContextVariableMap {
    /** the caller is in RATE_LIMIT_EXEMPT */
    rateLimitExempt: boolean;
  }
}

const writes = (c: Context) => c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.req.method !== 'OPTIONS';

/** [path pattern, limit, applies?]: each matching request takes a token of that limit */
const LIMITED: [string, RateLimitName, ((c: Context) => boolean)?][] = [
  ['/api/*', 'api'],
  ['/api/search', 'search'],
  ['/api/opportunities', 'search', (c) => (c.req.query('q') ?? '') !== ''],
  ['/api/nearby', 'nearby'],
  ['/api/planner/what-if', 'whatIf', writes],
  ['/api/admin/*', 'admin'],
  ['/api/auth/sign-in', 'signIn', writes],
  ['/api/auth/sign-in-link', 'signIn', writes],
  ['/api/subscriptions', 'subscriptions', writes],
  ['/api/subscriptions/*', 'subscriptions', writes],
  ['/api/proposals', 'proposals', writes],
  ['/api/needs', 'proposals', writes],
  ['/api/supports', 'proposals', writes],
  ['/api/connectors/applications', 'proposals', writes],
];

function apiBodyLimit(maxSize: number): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize,
    onError: (c) =>
      c.json(
        errorBody('payload_too_large', `The request body is larger than ${Math.round(maxSize / 1024)} KB`, {
          max_bytes: maxSize,
        }),
        413,
      ),
  });
  return (c, next) => (OWN_BODY_LIMIT.has(c.req.path) ? next() : limit(c, next));
}

/**
 * Exempt addresses skip the limits. A request from an exempt address that carries
 * X-Forwarded-For while TRUST_PROXY is off comes through a proxy the server does not know of:
 * every client then shares the proxy's address, so it is said once in the log.
 */
function exemptions(config: Config, log?: Logger): (c: Context) => boolean {
  const exempt = new Set(
    config.RATE_LIMIT_EXEMPT.split(',')
      .map((a) => a.trim())
      .filter(Boolean)
      .map(normaliseAddress),
  );
  let told = false;
  return (c) => {
    if (!exempt.has(c.get('clientAddress'))) return false;
    if (!told && config.TRUST_PROXY === 0 && c.req.header('x-forwarded-for')) {
      told = true;
      log?.warn(
        'requests arrive through a proxy with X-Forwarded-For but TRUST_PROXY is off: rate limits do not apply to them; set TRUST_PROXY to the number of proxies in front',
      );
    }
    return true;
  };
}

type AppWithUse = { use(path: string, handler: MiddlewareHandler): unknown };

/** installs the limits on `app` (after request-id.ts, before the API routes); the limiters are returned for tests */
export function installEdgeLimits(app: AppWithUse, config: Config, log?: Logger, now?: () => number): RateLimits {
  const limits = createRateLimits(config, now);
  const isExempt = exemptions(config, log);
  app.use('/api/*', async (c, next) => {
    c.set('rateLimitExempt', isExempt(c));
    await next();
  });
  for (const [pattern, name, applies] of LIMITED) {
    const limiter = limits[name];
    if (!limiter) continue;
    const when = (c: Context) => !c.get('rateLimitExempt') && (!applies || applies(c));
    app.use(pattern, rateLimit(limiter, { trustProxy: config.TRUST_PROXY, applies: when }));
  }
  app.use('/api/*', apiBodyLimit(config.API_BODY_LIMIT_BYTES));
  return limits;
}
