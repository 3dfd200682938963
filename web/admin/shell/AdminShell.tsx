/**
 * The frame of the back office's pages: a skip link, the bar (the back office's name, the pages
 * one may open, the language, the account menu), the sign-in check (not signed in → the sign-in
 * page, coming back here after) and the role check of the page (ADMIN_PAGES in ../pages.ts). The
 * page itself renders its <main> (with its <h1>) inside #admin-content, the skip link's target.
 */
import { Suspense, useEffect, useId, useRef, useState } from 'react';
import { setLanguage } from '../../i18n/index.ts';
import { LanguageSwitcher } from '../../panels/LanguageSwitcher.tsx';
import { authApi, type Me } from '../auth/authApi.ts';
import { useAuthText } from '../auth/i18n.ts';
import { ADMIN_PAGES, type AdminPage, mayOpen } from '../pages.ts';
import '../admin.css';
import { appPathname, appUrl } from '../../state/tenant.ts';
import './shell.css';

/** the signed-in person's menu: their account page and signing out; Escape or a click elsewhere closes it */
function AccountMenu({ me }: { me: Me }) {
  const { t } = useAuthText();
  const ids = useId();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    const onClick = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('click', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('click', onClick);
    };
  }, [open]);
  const onSignOut = async () => {
    await authApi.signOut().catch(() => undefined);
    window.location.assign(appUrl('/admin/sign-in'));
  };
  return (
    <div className="admin-account-menu" ref={box}>
      <button
        ref={button}
        type="button"
        className="admin-account"
        aria-expanded={open}
        aria-controls={open ? `${ids}-menu` : undefined}
        onClick={() => setOpen(!open)}
      >
        <span className="sr-only">{t('accountMenu')}: </span>
        <bdi dir="ltr">{me.account?.email ?? 'ADMIN_TOKEN'}</bdi>
        <span aria-hidden="true"> ▾</span>
      </button>
      {open ? (
        <ul id={`${ids}-menu`} className="admin-account-list">
          <li>
            <a href={appUrl('/admin')}>{t('homeHeading')}</a>
          </li>
          {me.via === 'session' ? (
            <li>
              <button type="button" onClick={onSignOut}>
                {t('signOut')}
              </button>
            </li>
          ) : null}
        </ul>
      ) : null}
    </div>
  );
}

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
      <a className="skip" href="#admin-content">
        {t('skipToContent')}
      </a>
      <header className="admin-bar">
        <p className="admin-brand">
          <a href={appUrl('/admin')}>{t('title')}</a>
        </p>
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
        {me ? <AccountMenu me={me} /> : null}
      </header>
      <div id="admin-content" tabIndex={-1} className="admin-content">
        {me === undefined || me === null ? null : !mayOpen(me, page) ? (
          <main className="admin-page">
            <h1>{t(`nav.${page.key}`)}</h1>
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
    </div>
  );
}
