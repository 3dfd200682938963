/**
 * The frame of the back office's pages: the bar (title, the pages one may open, the language,
 * the account), the sign-in check (not signed in → the sign-in page, coming back here after) and
 * the role check of the page (ADMIN_PAGES in ../pages.ts). The page itself renders in <main>.
 */
import { Suspense, useEffect, useState } from 'react';
import { setLanguage } from '../../i18n/index.ts';
import { LanguageSwitcher } from '../../panels/LanguageSwitcher.tsx';
import { authApi, type Me } from '../auth/authApi.ts';
import { useAuthText } from '../auth/i18n.ts';
import { ADMIN_PAGES, type AdminPage, mayOpen } from '../pages.ts';
import '../admin.css';
import { appPathname, appUrl } from '../../state/tenant.ts';
import './shell.css';

export function AdminShell({ page }: { page: AdminPage }) {
  const { t } = useAuthText();
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  useEffect(() => {
    document.title = `${t(`nav.${page.key}`)} · ${t('title')}`;
  }, [t, page.key]);
  useEffect(() => {
    const ctl = new AbortController();
    authApi
      .me(ctl.signal)
      .then((m) => {
        if (!m) {
          const next = appPathname() + window.location.search;
          window.location.assign(appUrl(`/admin/sign-in?next=${encodeURIComponent(next)}`));
        }
        setMe(m);
      })
      .catch(() => setMe(null));
    return () => ctl.abort();
  }, []);

  const here = appPathname().replace(/\/+$/, '');
  const Page = page.page;
  return (
    <div className="admin admin-shell">
      <header className="admin-bar">
        <h1>
          <a href={appUrl('/admin')}>{t('title')}</a>
        </h1>
        {me ? (
          <nav aria-label={t('goTo')} className="admin-nav">
            <ul>
              {ADMIN_PAGES.filter((p) => mayOpen(me, p)).map((p) => {
                const current = here === p.path || here.startsWith(`${p.path}/`);
                return (
                  <li key={p.path}>
                    <a href={appUrl(p.path)} aria-current={current ? 'page' : undefined}>
                      {t(`nav.${p.key}`)}
                    </a>
                  </li>
                );
              })}
            </ul>
          </nav>
        ) : null}
        <LanguageSwitcher onChange={(l) => void setLanguage(l)} />
        {me?.account ? (
          <a className="admin-account" href={appUrl('/admin')}>
            <bdi dir="ltr">{me.account.email}</bdi>
          </a>
        ) : null}
      </header>
      {me === undefined || me === null ? null : !mayOpen(me, page) ? (
        <main className="admin-page">
          <p role="alert" className="notice error">
            {t('pageNotAllowed', { roles: page.roles.map((r) => t(`role.${r}`)).join(', ') })}
          </p>
        </main>
      ) : (
        <Suspense fallback={<main className="admin-page" aria-busy="true" />}>
          <Page me={me} />
        </Suspense>
      )}
    </div>
  );
}
