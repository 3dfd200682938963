/**
 * GET /api/feeds/calendar.ics — a calendar subscription (webcal://) of any "what's on" view.
 * GET /api/feeds/atom.xml — an Atom feed of the same view: new and changed activities first.
 * Both take the filters of GET /api/opportunities plus lang, list at most 500 activities, and
 * without when/from/to cover the coming DEFAULT_DAYS days.
 */
import { createHash } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppDeps } from '../http/deps.ts';
import { createRouter, errorResponses } from '../http/openapi.ts';
import { tenantLinkBase } from '../tenants/links.ts';
import { checkFilters, FILTER_KEYS, filterShape } from '../opportunities/filters.ts';
import { emergencyOfFeed } from '../emergency/feed.ts';
import { atomOfView } from './atom.ts';
import { CALENDAR_REFRESH_HOURS, calendarOfView } from './calendar-feed.ts';
import { appViewQuery, DEFAULT_DAYS, feedView, MAX_FEED_ITEMS } from './view.ts';

const ABOUT = `Takes the filters of GET /api/opportunities plus lang. Lists at most ${MAX_FEED_ITEMS} activities; without when, from or to it covers today and the ${DEFAULT_DAYS - 1} days after (in the tenant's time zone).`;

/** the request's filter parameters, in a fixed order (for self links and ids) */
function canonicalQuery(c: Context): string {
  const url = new URL(c.req.url);
  const p = new URLSearchParams();
  for (const k of [...FILTER_KEYS].sort()) {
    const v = url.searchParams.get(k);
    if (v !== null && v !== '') p.set(k, v);
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** answers 304 when the client has this version; else the body with its validators */
function cached(c: Context, body: string, type: string, lastModified: Date | undefined, maxAge: number) {
  // the stamp of the moment of writing (DTSTAMP) does not make a new version
  const etag = `"${createHash('sha256')
    .update(body.replace(/^DTSTAMP:.*$/gm, ''))
    .digest('base64url')
    .slice(0, 27)}"`;
  const headers: Record<string, string> = {
    'content-type': type,
    etag,
    'cache-control': `public, max-age=${maxAge}`,
  };
  if (lastModified)
    headers['last-modified'] = new Date(Math.floor(lastModified.getTime() / 1000) * 1000).toUTCString();
  const inm = c.req.header('if-none-match');
  if (inm?.split(',').some((t) => t.trim() === etag || t.trim() === `W/${etag}`)) {
    return c.body(null, 304, headers);
  }
  return c.body(body, 200, headers);
}

const latest = (dates: Date[]) =>
  dates.length ? new Date(Math.max(...dates.map((d) => d.getTime()))) : undefined;

export function feedRoutes(deps: AppDeps) {
  const app = createRouter();
  const query = z.object(filterShape(deps.config));

  app.openapi(
    createRoute({
      method: 'get',
      path: '/feeds/calendar.ics',
      summary:
        'Calendar subscription (iCalendar, RFC 5545) of a view: one VEVENT per schedule, with RRULE and EXDATEs',
      description: ABOUT,
      request: { query },
      responses: {
        200: { description: 'text/calendar', content: { 'text/calendar': { schema: z.string() } } },
        304: { description: 'Not modified (If-None-Match)' },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      checkFilters(q);
      const view = await feedView(deps, q);
      const body = calendarOfView(view, await tenantLinkBase(deps.db, deps.config, view.tenant, c));
      return cached(
        c,
        body,
        'text/calendar; charset=utf-8',
        latest(view.items.map((i) => i.row.updated_at)),
        CALENDAR_REFRESH_HOURS * 600,
      ) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/feeds/atom.xml',
      summary: 'Atom feed (RFC 4287) of a view: its activities, newest or last changed first',
      description: ABOUT,
      request: { query },
      responses: {
        200: {
          description: 'application/atom+xml',
          content: { 'application/atom+xml': { schema: z.string() } },
        },
        304: { description: 'Not modified (If-None-Match)' },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      checkFilters(q);
      const view = await feedView(deps, q);
      const base = await tenantLinkBase(deps.db, deps.config, view.tenant, c);
      // while the tenant's emergency mode is on, its notice is the first entry
      const emergency = await emergencyOfFeed(deps, view.tenant, view.lang);
      const body = atomOfView(
        view,
        {
          self: `${base}/api/feeds/atom.xml${canonicalQuery(c)}`,
          app: `${base}/${appViewQuery(q)}`,
          item: (id) => `${base}/?item=programs:${id}`,
          authority: new URL(base).hostname,
        },
        undefined,
        emergency,
      );
      return cached(
        c,
        body,
        'application/atom+xml; charset=utf-8',
        latest([...view.items.map((i) => i.row.updated_at), ...(emergency ? [emergency.since] : [])]),
        emergency ? 60 : 900,
      ) as never;
    },
  );
  return app;
}
