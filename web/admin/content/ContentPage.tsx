/**
 * /admin/content: the places and activities of the tenant (editors: of their organisations).
 * One page of the back office (web/admin/pages.ts) with its own sub-paths, followed with the
 * History API:
 *   /admin/content                        the activities (filters in the query string)
 *   /admin/content/places                 the places
 *   /admin/content/opportunities/new|<id> an activity's editor
 *   /admin/content/places/new|<id>        a place's editor
 */
import { appUrl } from '../../state/tenant.ts';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AdminPageProps } from '../pages.ts';
import { ContentError, contentApi, setContentTenant } from './contentApi.ts';
import { useContentText } from './i18n.ts';
import { OpportunityEditor } from './OpportunityEditor.tsx';
import { OpportunityList, PlaceList } from './Lists.tsx';
import { PlaceEditor } from './PlaceEditor.tsx';
import { type ContentContext, link, useLocationKey } from './nav.ts';
import './content.css';

export type Route =
  | { view: 'opportunities' }
  | { view: 'places' }
  | { view: 'opportunity'; id: string | null }
  | { view: 'place'; id: string | null };

export function routeOf(pathname: string): Route {
  const p = pathname.replace(/\/+$/, '').split('/').slice(3); // after /admin/content
  if (p[0] === 'places' && p[1])
    return { view: 'place', id: p[1] === 'new' ? null : decodeURIComponent(p[1]) };
  if (p[0] === 'places') return { view: 'places' };
  if (p[0] === 'opportunities' && p[1])
    return { view: 'opportunity', id: p[1] === 'new' ? null : decodeURIComponent(p[1]) };
  return { view: 'opportunities' };
}

export function ContentPage({ me }: AdminPageProps) {
  const { t } = useContentText();
  const locationKey = useLocationKey();
  const [ctx, setCtx] = useState<ContentContext | null>(null);
  const [error, setError] = useState<string | null>(null);
  setContentTenant(me.tenant);

  const editorOnly =
    !me.account?.operator &&
    me.via !== 'admin_token' &&
    !me.memberships.some((m) => m.tenant === me.tenant && m.role === 'admin');

  const load = useCallback(
    async (signal: AbortSignal) => {
      const [config, orgs] = await Promise.all([contentApi.config(signal), contentApi.organisations(signal)]);
      setCtx({ config, organisations: orgs.items, editorOnly });
    },
    [editorOnly],
  );
  useEffect(() => {
    const ctl = new AbortController();
    load(ctl.signal).catch((e: unknown) => {
      if (!ctl.signal.aborted) setError(e instanceof ContentError ? e.message : String(e));
    });
    return () => ctl.abort();
  }, [load]);

  const pathname = locationKey.split('?')[0] ?? '';
  const route = routeOf(pathname);
  // moving to a list puts the focus on its heading (screen readers hear where they are); an
  // editor focuses its own once its item is loaded; a new search in a list leaves it where it is
  const shownPath = useRef(pathname);
  useEffect(() => {
    if (shownPath.current === pathname) return;
    shownPath.current = pathname;
    document.getElementById('content-view-heading')?.focus();
  }, [pathname]);

  return (
    <main className="admin-page content-page">
      {error ? (
        <p role="alert" className="notice error">
          {t('problem', { error })}
        </p>
      ) : !ctx ? (
        <p aria-busy="true">{t('loading')}</p>
      ) : route.view === 'opportunity' ? (
        <OpportunityEditor key={`o:${route.id ?? 'new'}`} id={route.id} ctx={ctx} />
      ) : route.view === 'place' ? (
        <PlaceEditor key={`p:${route.id ?? 'new'}`} id={route.id} ctx={ctx} />
      ) : (
        <>
          <h2 id="content-view-heading" tabIndex={-1}>
            {t('heading')}
          </h2>
          <nav aria-label={t('tabs.label')} className="content-tabs">
            <a
              href={appUrl('/admin/content')}
              aria-current={route.view === 'opportunities' ? 'page' : undefined}
              onClick={link('/admin/content')}
            >
              {t('tabs.opportunities')}
            </a>
            <a
              href={appUrl('/admin/content/places')}
              aria-current={route.view === 'places' ? 'page' : undefined}
              onClick={link('/admin/content/places')}
            >
              {t('tabs.places')}
            </a>
          </nav>
          {route.view === 'places' ? (
            <PlaceList key={locationKey} ctx={ctx} />
          ) : (
            <OpportunityList key={locationKey} ctx={ctx} />
          )}
        </>
      )}
    </main>
  );
}
