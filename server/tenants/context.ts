/**
 * Which tenant a request is for, beyond an explicit `?tenant=`: the path prefix `/t/<slug>/…`
 * and the request's host name. Both are read once per request by `tenantContext()` (first in the
 * middleware chain) and kept in an AsyncLocalStorage for the request's duration, so that
 * `deps.tenants.resolve(q.tenant)` in any route follows them without each route passing the
 * request along (server/tenants/queries.ts, TenantResolver: query, then prefix, then host, then
 * the default tenant). Outside a request (CLIs, the digest, the scheduler) there is no hint and
 * the default tenant applies.
 *
 * The prefix is stripped before routing (`pathWithoutTenant`, the app's getPath), so
 * `/t/<slug>/api/layers/parks` is the route `/api/layers/parks` and `/t/<slug>/planner` the
 * planner's view; `c.req.url` keeps the whole address.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { MiddlewareHandler } from 'hono';
import { getPath } from 'hono/utils/url';

export interface TenantHint {
  /** the slug of the path prefix /t/<slug>/ */
  prefix?: string;
  /** the request's host name, lower-case, without port or trailing dot */
  host?: string;
}

const store = new AsyncLocalStorage<TenantHint>();

/** `/t/<slug>` at the start of a path, followed by `/` or the end */
const PREFIX_RE = /^\/t\/([a-z0-9-]{1,64})(?=\/|$)/;

/** the prefix's slug and the path without it ("/" when nothing follows) */
export function splitTenantPrefix(pathname: string): { slug?: string; rest: string } {
  const m = PREFIX_RE.exec(pathname);
  if (!m?.[1]) return { rest: pathname };
  return { slug: m[1], rest: pathname.slice(m[0].length) || '/' };
}

/** Hono's getPath without the tenant prefix: what the router matches */
export function pathWithoutTenant(request: Request): string {
  return splitTenantPrefix(getPath(request)).rest;
}

/** a host name as stored in tenant_host: lower-case, no port, no trailing dot; undefined if none */
export function normaliseHost(raw: string | undefined | null): string | undefined {
  if (!raw) return undefined;
  let h = raw.trim().toLowerCase();
  if (h.startsWith('[')) return undefined; // an IPv6 literal names no tenant
  h = h.replace(/:\d*$/, '').replace(/\.$/, '');
  return h || undefined;
}

/** the hint of the request being served, if any */
export function tenantHint(): TenantHint | undefined {
  return store.getStore();
}

/** runs `fn` with a tenant hint (tests; a hand-off that acts for a request) */
export function withTenantHint<T>(hint: TenantHint, fn: () => T): T {
  return store.run(hint, fn);
}

/** reads the prefix and the host of each request; mount first, on '*' */
export function tenantContext(): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const { slug } = splitTenantPrefix(getPath(c.req.raw));
    const hint: TenantHint = {};
    if (slug) hint.prefix = slug;
    // @hono/node-server builds the URL from the Host header; app.request() from its argument
    const host = normaliseHost(c.req.header('host') ?? url.host);
    if (host) hint.host = host;
    await store.run(hint, next);
  };
}
