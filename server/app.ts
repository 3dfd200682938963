/**
 * Composes the Hono app. The middleware chain, in order: request id + access log, security
 * headers, compression and CORS of /api, the edge limits of /api (rate limits, body size); then
 * the API under /api (one router per resource) and its OpenAPI document, and the built web app:
 * its files, index.html for the app's own views, a real 404 for everything else.
 */
import fs from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { OpenAPIHono } from '@hono/zod-openapi';
import { compress } from 'hono/compress';
import { cors } from 'hono/cors';
import { authRoutes } from './accounts/routes.ts';
import { localUserRoutes } from './accounts/local-user-routes.ts';
import { adminImportRoutes } from './admin/import-routes.ts';
import { localBackupRoutes } from './admin/local-backup-routes.ts';
import { localImportRoutes } from './admin/local-import-routes.ts';
import { plannerRoutes } from './analytics/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { basemapRoutes } from './basemap/routes.ts';
import { alertsAfterWrites } from './connectors/alerts-sender.ts';
import { connectorRoutes } from './connectors/routes.ts';
import { callRoutes } from './calls/routes.ts';
import { contentRoutes } from './content/routes.ts';
import { reviewRoutes } from './content/review.ts';
import { emergencyRoutes } from './emergency/routes.ts';
import type { AppDeps } from './http/deps.ts';
import { isAppRoute } from './http/app-routes.ts';
import { installEdgeLimits } from './http/edge-limits.ts';
import { feedRoutes } from './feeds/routes.ts';
import { errorBody, toErrorResponse } from './http/errors.ts';
import { healthRoutes } from './http/health.ts';
import { pageNotFound } from './http/not-found.ts';
import { publicUrlWarning } from './http/public-url.ts';
import { requestContext } from './http/request-id.ts';
import { securityHeaders } from './http/security-headers.ts';
import { kioskRoutes } from './kiosks/routes.ts';
import { layerRoutes } from './layers/routes.ts';
import { nearbyRoutes } from './nearby/routes.ts';
import { needsRoutes } from './needs/routes.ts';
import { organisationRoutes } from './organisations/routes.ts';
import { participationConfirmRoutes } from './participation/confirm.ts';
import { blockRoutes } from './proposals/blocks.ts';
import { moderationRoutes } from './proposals/moderation.ts';
import { proposalRoutes } from './proposals/routes.ts';
import { opportunityListRoutes } from './opportunities/list-routes.ts';
import { opportunityRoutes } from './opportunities/routes.ts';
import { placeRoutes } from './places/routes.ts';
import { reachRoutes } from './reach/routes.ts';
import { searchRoutes } from './search/routes.ts';
import { settingsRoutes } from './settings/routes.ts';
import { subscriptionPages } from './subscriptions/pages.ts';
import { subscriptionRoutes } from './subscriptions/routes.ts';
import { surveyRoutes } from './surveys/routes.ts';
import { pathWithoutTenant, tenantContext } from './tenants/context.ts';
import { localTenantRoutes } from './tenants/local-tenant-routes.ts';
import { configRoutes, unknownTenantPrefix } from './tenants/routes.ts';
import { userRoutes } from './users/routes.ts';

export function createApp(deps: AppDeps) {
  // /t/<slug>/… is the path without its tenant prefix for routing (server/tenants/context.ts)
  const app = new OpenAPIHono({ getPath: pathWithoutTenant });
  const warning = publicUrlWarning(deps.config);
  if (warning) deps.log.warn(warning);

  app.use('*', requestContext(deps));
  app.use('*', tenantContext(), unknownTenantPrefix(deps));
  app.use('*', securityHeaders(deps.config));
  // GeoJSON layers and lists compress about tenfold; small answers are left as they are
  app.use('/api/*', compress());
  if (deps.config.corsOrigins.length) app.use('/api/*', cors({ origin: deps.config.corsOrigins }));
  installEdgeLimits(app, deps.config, deps.log);
  // block connectors' alerts are mailed once a back-office change that queued them is committed
  app.use('/api/admin/*', alertsAfterWrites(deps));

  const api = new OpenAPIHono();
  api.route('/', healthRoutes(deps));
  api.route('/', configRoutes(deps));
  // reach (issue 13) before the layers: its /layers/unreached is not a layer of the registry
  api.route('/', reachRoutes(deps));
  api.route('/', layerRoutes(deps));
  api.route('/', nearbyRoutes(deps));
  api.route('/', opportunityListRoutes(deps));
  api.route('/', opportunityRoutes(deps));
  api.route('/', placeRoutes(deps));
  api.route('/', basemapRoutes(deps));
  api.route('/', searchRoutes(deps));
  api.route('/', adminImportRoutes(deps));
  api.route('/', localImportRoutes(deps));
  api.route('/', localBackupRoutes(deps));
  api.route('/', plannerRoutes(deps));
  api.route('/', kioskRoutes(deps));
  api.route('/', feedRoutes(deps));
  api.route('/', subscriptionRoutes(deps));
  api.route('/', authRoutes(deps));
  api.route('/', auditRoutes(deps));
  api.route('/', contentRoutes(deps));
  api.route('/', reviewRoutes(deps));
  api.route('/', localUserRoutes(deps));
  // the back office's organisations, users and roles, tenant settings (admins)
  api.route('/', organisationRoutes(deps));
  api.route('/', userRoutes(deps));
  api.route('/', settingsRoutes(deps));
  api.route('/', localTenantRoutes(deps));
  api.route('/', emergencyRoutes(deps));
  api.route('/', participationConfirmRoutes(deps));
  api.route('/', connectorRoutes(deps));
  // funding calls: the micro-budget (admin) and its public pages (issue 13)
  api.route('/', callRoutes(deps));
  api.route('/', proposalRoutes(deps));
  api.route('/', blockRoutes(deps));
  api.route('/', moderationRoutes(deps));
  // residents' needs, supports and survey campaigns (issue 13)
  api.route('/', needsRoutes(deps));
  api.route('/', surveyRoutes(deps));
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Commons Map API',
      version: '0.1.0',
      description:
        'Community opportunities of a municipality: layers as GeoJSON, near-me search, details. ' +
        'Errors are JSON {"error":{"code","message","details"}} with a 4xx status for invalid requests.',
    },
    servers: [{ url: '/api' }],
  });
  app.route('/api', api);
  // a sub-app's notFound is not used once mounted: unknown API paths must not fall through to the SPA
  app.all('/api/*', (c) => c.json(errorBody('not_found', `No API route ${c.req.method} ${c.req.path}`), 404));

  app.route('/', subscriptionPages(deps));

  const webDir = deps.config.WEB_DIR;
  const indexFile = path.join(webDir, 'index.html');
  app.use(
    '/assets/*',
    serveStatic({
      root: webDir,
      precompressed: true,
      onFound: (_p, c) => c.header('cache-control', 'public, max-age=31536000, immutable'),
    }),
  );
  app.use(
    '*',
    serveStatic({
      root: webDir,
      precompressed: true,
      // a service worker must be checked for updates on every load
      onFound: (p, c) => {
        if (p.endsWith('kiosk-sw.js')) c.header('cache-control', 'no-cache');
      },
    }),
  );
  // a missing asset is a 404, never the app's HTML (a stale page would run it as a script)
  app.all('/assets/*', (c) => pageNotFound(c));
  app.get('*', (c) => {
    if (!isAppRoute(c.req.path)) return pageNotFound(c);
    if (!fs.existsSync(indexFile)) {
      return c.text('The web app is not built: run `npm run build` (npm start does it for you).', 503);
    }
    return c.html(fs.readFileSync(indexFile, 'utf8'));
  });

  app.notFound((c) => pageNotFound(c));
  app.onError((err, c) => toErrorResponse(err, c, deps.log));
  return app;
}
