/**
 * The paths the web app's router knows (web/main.tsx): only these get index.html; any other
 * path that is neither the API nor a built file is a real 404. Keep the two lists in step.
 */
import { splitTenantPrefix } from '../tenants/context.ts';

const APP_ROUTES: RegExp[] = [
  /^\/$/, // residents: the map, the list, the details (?item=…)
  /^\/index\.html$/,
  /^\/planner$/, // the planner's view
  /^\/kiosk\/[^/]+$/, // a community centre's kiosk, /kiosk/{centre}
  /^\/admin(\/[^/]+)*$/, // the back office: /admin/kiosks today, more under /admin later
  /^\/leaflet$/, // the printable leaflet of a neighbourhood's week
  /^\/(propose|need)$/, // residents propose something, pin a need (web/participate/routes.ts)
  /^\/survey\/[^/]+$/, // a survey campaign's answer page
  /^\/participate\/(confirm|edit|withdraw)$/, // the links of the participation mails
  /^\/connectors\/apply$/, // the public application to be a block connector
  /^\/calls(\/[^/]+)?$/, // funding calls: the list and a call's public page (web/calls/CallsApp.tsx)
];

export function isAppRoute(path: string): boolean {
  // every view also under a tenant's prefix /t/<slug>/… (server/tenants/context.ts)
  const view = splitTenantPrefix(path).rest;
  // the router ignores trailing slashes (`/planner/` is the planner)
  const p = view.length > 1 ? view.replace(/\/+$/, '') || '/' : view;
  return APP_ROUTES.some((r) => r.test(p));
}
