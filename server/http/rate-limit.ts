/**
 * Rate limits per client address: a token bucket per (limit, client) — COUNT requests at once, refilled
 * at COUNT per WINDOW — answered with 429 and Retry-After when empty. Memory is bounded: a bucket
 * that has refilled is as good as none and is forgotten, and beyond RATE_LIMIT_MAX_CLIENTS the least
 * recently seen clients are forgotten first.
 *
 * The counters live in this process (the one accepted exception to "no per-user state in process
 * memory"): with N API processes behind a balancer a client gets up to N times the limit, unless
 * the balancer pins clients or the proxy enforces the limits itself (docs/ARCHITECTURE.md).
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Config, RateLimitSpec } from '../config.ts';
import { clientAddress } from './client-address.ts';
import { errorBody } from './errors.ts';

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  /** insertion order = least recently seen first (a touched bucket is moved to the end) */
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    readonly name: string,
    readonly spec: RateLimitSpec,
    private readonly maxClients: number,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = spec.count / spec.windowMs;
  }

  get size(): number {
    return this.buckets.size;
  }

  /** takes one request's token for `key`: 0 when allowed, else the ms until one is available */
  take(key: string): number {
    const t = this.now();
    const old = this.buckets.get(key);
    const bucket: Bucket = old
      ? { tokens: Math.min(this.spec.count, old.tokens + Math.max(0, t - old.at) * this.perMs), at: t }
      : { tokens: this.spec.count, at: t };
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    this.forget(t);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs));
  }

  /** drops the oldest buckets while over the cap, and a few that have refilled completely */
  private forget(t: number) {
    let refilled = 0;
    for (const [key, b] of this.buckets) {
      if (this.buckets.size > this.maxClients) this.buckets.delete(key);
      else if (refilled < 8 && t - b.at >= this.spec.windowMs) {
        this.buckets.delete(key);
        refilled += 1;
      } else break;
    }
  }
}

/** the named limits: `api` is the ceiling of every /api request, the others add to it */
export const RATE_LIMIT_NAMES = [
  'api',
  'search',
  'nearby',
  'whatIf',
  'admin',
  'signIn',
  'subscriptions',
  'proposals',
] as const;
export type RateLimitName = (typeof RATE_LIMIT_NAMES)[number];

const SETTING: Record<RateLimitName, keyof Config> = {
  api: 'RATE_LIMIT_API',
  search: 'RATE_LIMIT_SEARCH',
  nearby: 'RATE_LIMIT_NEARBY',
  whatIf: 'RATE_LIMIT_WHAT_IF',
  admin: 'RATE_LIMIT_ADMIN',
  signIn: 'RATE_LIMIT_SIGN_IN',
  subscriptions: 'RATE_LIMIT_SUBSCRIPTIONS',
  proposals: 'RATE_LIMIT_PROPOSALS',
};

const WHAT: Record<RateLimitName, string> = {
  api: 'API requests',
  search: 'searches',
  nearby: 'near-me requests',
  whatIf: 'what-if requests',
  admin: 'admin requests',
  signIn: 'sign-in attempts',
  subscriptions: 'subscription requests',
  proposals: 'proposals',
};

function describeWindow(ms: number): string {
  if (ms % 3_600_000 === 0) return ms === 3_600_000 ? 'hour' : `${ms / 3_600_000} hours`;
  if (ms % 60_000 === 0) return ms === 60_000 ? 'minute' : `${ms / 60_000} minutes`;
  return `${ms / 1000} seconds`;
}

export type RateLimits = Partial<Record<RateLimitName, RateLimiter>>;

/** one limiter per configured limit ("off" ones are absent) */
export function createRateLimits(config: Config, now?: () => number): RateLimits {
  const out: RateLimits = {};
  for (const name of RATE_LIMIT_NAMES) {
    const spec = config[SETTING[name]] as RateLimitSpec | null | undefined;
    if (spec) out[name] = new RateLimiter(name, spec, config.RATE_LIMIT_MAX_CLIENTS, now);
  }
  return out;
}

export function tooManyRequests(c: Context, limiter: RateLimiter, waitMs: number) {
  const seconds = Math.ceil(waitMs / 1000);
  c.header('retry-after', String(seconds));
  const { count, windowMs } = limiter.spec;
  return c.json(
    errorBody(
      'rate_limited',
      `Too many ${WHAT[limiter.name as RateLimitName] ?? 'requests'} from your address: at most ${count} per ${describeWindow(windowMs)}. Try again in ${seconds} s.`,
      { limit: limiter.name, count, window_s: windowMs / 1000, retry_after_s: seconds },
    ),
    429,
  );
}

/**
 * Middleware taking a token of `limiter` for the caller (the address set by request-id.ts, or
 * worked out here); `applies` narrows it (e.g. only searches with `q`, only POSTs).
 */
export function rateLimit(
  limiter: RateLimiter | undefined,
  opts: { trustProxy: number; applies?: (c: Context) => boolean },
): MiddlewareHandler {
  return async (c, next) => {
    if (!limiter || (opts.applies && !opts.applies(c))) return next();
    const key = c.get('clientAddress') ?? clientAddress(c, opts.trustProxy);
    const wait = limiter.take(key);
    if (wait > 0) return tooManyRequests(c, limiter, wait);
    return next();
  };
}
