/**
 * web/state/tenant.ts in a page: the prefix /t/<slug>/ and ?tenant= decide the URLs of every API
 * call and link; without either (a tenant's host name, or the default) they stay as they are.
 * And server/http/app-routes.ts admits every view under a prefix.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAppRoute } from '../../server/http/app-routes.ts';

type Tenant = typeof import('../../web/state/tenant.ts');

/** loads the module afresh in a fake page at `href` */
async function at(href: string): Promise<{ t: Tenant; location: () => string }> {
  const url = new URL(href);
  const fakeWindow = {
    location: url,
    history: {
      state: null,
      replaceState: (_s: unknown, _t: string, next: string) => {
        const u = new URL(next, url.origin);
        url.pathname = u.pathname;
        url.search = u.search;
        url.hash = u.hash;
      },
    },
  };
  vi.stubGlobal('window', fakeWindow);
  vi.resetModules();
  const t = await import('../../web/state/tenant.ts');
  return { t, location: () => `${url.pathname}${url.search}${url.hash}` };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the tenant of a page', () => {
  it('follows the path prefix', async () => {
    const { t } = await at('https://map.example.org/t/havenby/planner?lang=he');
    expect(t.tenantPrefix).toBe('/t/havenby');
    expect(t.appPathname()).toBe('/planner');
    expect(t.apiUrl('/api/layers/parks?bbox=1,2,3,4')).toBe('/t/havenby/api/layers/parks?bbox=1,2,3,4');
    expect(t.apiUrl(t.apiUrl('/api/config'))).toBe('/t/havenby/api/config');
    expect(t.appUrl('/kiosk/north')).toBe('/t/havenby/kiosk/north');
    expect(t.absoluteUrl('/?item=programs:1')).toBe('https://map.example.org/t/havenby/?item=programs:1');
  });

  it('takes ?tenant= on the URL, rewriting it to the prefix (which it wins over)', async () => {
    const { t, location } = await at('https://map.example.org/leaflet?tenant=havenby&area=a1#top');
    expect(t.tenantPrefix).toBe('/t/havenby');
    expect(location()).toBe('/t/havenby/leaflet?area=a1#top');
    expect(t.appPathname()).toBe('/leaflet');
    const both = await at('https://map.example.org/t/lindmere/?tenant=havenby');
    expect(both.t.tenantPrefix).toBe('/t/havenby');
    expect(both.location()).toBe('/t/havenby/');
  });

  it('leaves URLs as they are on a host name or the default tenant', async () => {
    const { t } = await at('https://havenby.example/admin/kiosks');
    expect(t.tenantPrefix).toBe('');
    expect(t.appPathname()).toBe('/admin/kiosks');
    expect(t.apiUrl('/api/config')).toBe('/api/config');
    expect(t.absoluteUrl('/')).toBe('https://havenby.example/');
    // a path that only looks like a prefix, or a bad slug, is no prefix
    expect((await at('https://x.example/tenants/')).t.tenantPrefix).toBe('');
    expect((await at('https://x.example/t/Bad_Slug/')).t.tenantPrefix).toBe('');
    expect((await at('https://x.example/?tenant=../etc')).t.tenantPrefix).toBe('');
  });
});

describe('the views the server answers with the app', () => {
  it('admits every view with and without a tenant prefix, and nothing else', () => {
    for (const view of [
      '/',
      '/planner',
      '/kiosk/north',
      '/leaflet',
      '/admin',
      '/admin/kiosks',
      '/admin/sign-in/link',
    ]) {
      expect(isAppRoute(view), view).toBe(true);
      expect(isAppRoute(`/t/havenby${view}`), view).toBe(true);
    }
    expect(isAppRoute('/t/havenby')).toBe(true);
    for (const other of [
      '/t/havenby/nothing',
      '/t/',
      '/t/Bad_Slug/planner',
      '/tx/planner',
      '/t/havenby/kiosk',
    ]) {
      expect(isAppRoute(other), other).toBe(false);
    }
  });
});
