/**
 * The tenant (municipality) of this page, and the URLs that stay in it. One install serves many
 * tenants; a page belongs to one of them by
 *
 *   - its path prefix:  /t/<slug>/…  (/t/havenby/, /t/havenby/planner, /t/havenby/kiosk/<centre>…)
 *   - or `?tenant=<slug>` on its URL (rewritten at once to the prefix form, so it survives reloads
 *     and the app's own URL updates),
 *   - or else its host name (configured per tenant: `npm run tenant -- hosts add …`), or the
 *     server's default tenant. GET /api/config answers which tenant the server chose, and how
 *     (`tenant.slug`, `tenantVia`).
 *
 * Every API call, link and shareable URL of the web app goes through this module:
 *
 *   apiUrl('/api/layers/parks?bbox=…')  → '/t/havenby/api/layers/parks?bbox=…'  (or unchanged)
 *                                         (adminFetch of web/admin/auth/authApi.ts applies it itself)
 *   appUrl('/planner')                  → '/t/havenby/planner'                   (a link in the app)
 *   absoluteUrl('/?item=programs:…')    → 'https://host/t/havenby/?item=…'       (QR codes, shares, feeds)
 *   appPathname()                       → '/planner' (the path without the prefix: what views match)
 *   tenantPrefix                        → '/t/havenby' or ''
 *
 * The server strips the prefix before routing and resolves the tenant as: ?tenant=, then the
 * prefix, then the host name, then the default (docs/ARCHITECTURE.md, "Tenants").
 */

const PREFIX_RE = /^\/t\/([a-z0-9-]{1,64})(?=\/|$)/;
const SLUG_RE = /^[a-z0-9-]{1,64}$/;

function fromLocation(): { prefix: string; rest: string } {
  if (typeof window === 'undefined') return { prefix: '', rest: '/' };
  const { pathname, search, hash } = window.location;
  const m = PREFIX_RE.exec(pathname);
  const rest = m ? pathname.slice(m[0].length) || '/' : pathname;
  const params = new URLSearchParams(search);
  const asked = params.get('tenant');
  if (asked !== null && SLUG_RE.test(asked)) {
    // ?tenant= wins over a prefix (as on the server); the URL takes the prefix form
    params.delete('tenant');
    const q = params.toString();
    window.history.replaceState(window.history.state, '', `/t/${asked}${rest}${q ? `?${q}` : ''}${hash}`);
    return { prefix: `/t/${asked}`, rest };
  }
  return { prefix: m ? `/t/${m[1]}` : '', rest };
}

const page = fromLocation();

/** "/t/<slug>" when the page names its tenant, else "" (the host name or the default decides) */
export const tenantPrefix: string = page.prefix;

/** the page's path without the tenant prefix ("/", "/planner", "/kiosk/<centre>", "/admin/…") */
export function appPathname(): string {
  if (typeof window === 'undefined') return page.rest;
  const p = window.location.pathname;
  return tenantPrefix && p.startsWith(tenantPrefix) ? p.slice(tenantPrefix.length) || '/' : p;
}

/** an API URL ("/api/…") of this page's tenant; a URL already prefixed, or absolute, is kept */
export function apiUrl(path: string): string {
  return path.startsWith('/api/') ? `${tenantPrefix}${path}` : path;
}

/** a path of the web app ("/planner", "/leaflet?…", "/?item=…") in this page's tenant */
export function appUrl(path: string): string {
  return `${tenantPrefix}${path}`;
}

/** an absolute URL of the web app in this page's tenant: for QR codes, share links, feeds */
export function absoluteUrl(path: string): string {
  return `${typeof window === 'undefined' ? '' : window.location.origin}${appUrl(path)}`;
}
