/**
 * The back office's sign-in pages: /admin/sign-in (e-mail + password, or "e-mail me a sign-in
 * link"), /admin/sign-in/link?token=… (the link's landing: one press signs in, so a mail scanner
 * that opens the link does not use it up), and /admin (the account: roles, set or change the
 * password, sign out, the back office's pages one may open, from ../pages.ts).
 */
import { type FormEvent, type ReactNode, useEffect, useId, useState } from 'react';
import { Trans } from 'react-i18next';
import { setLanguage } from '../../i18n/index.ts';
import { LanguageSwitcher } from '../../panels/LanguageSwitcher.tsx';
import { ADMIN_PAGES, mayOpen } from '../pages.ts';
import { AuthError, authApi, type Me } from './authApi.ts';
import { type AuthT, useAuthText } from './i18n.ts';
import '../admin.css';
import { appPathname, appUrl } from '../../state/tenant.ts';
import './auth.css';

type Notice = { kind: 'ok' | 'error'; text: string } | null;

/** only a path of the back office itself is followed after sign-in (no open redirect) */
export function nextPath(search: string): string {
  const next = new URLSearchParams(search).get('next') ?? '';
  return /^\/admin(\/[A-Za-z0-9._~-]+)*\/?$/.test(next) && !next.startsWith('/admin/sign-in') ? next : '/admin';
}

function errorText(t: AuthT, err: unknown): string {
  if (err instanceof AuthError) {
    if (err.status === 429) return t('tooMany', { seconds: err.retryAfterS ?? 60 });
    if (err.code === 'sign_in_failed') return t('failed');
    if (err.code === 'link_invalid') return t('linkInvalid');
    if (err.code === 'wrong_password') return t('wrongPassword');
  }
  return t('problem', { error: err instanceof Error ? err.message : String(err) });
}

function Notices({ notice }: { notice: Notice }) {
  return (
    <>
      <div role="status" aria-live="polite" className="notice ok">
        {notice?.kind === 'ok' ? notice.text : ''}
      </div>
      <div role="alert" className="notice error">
        {notice?.kind === 'error' ? notice.text : ''}
      </div>
    </>
  );
}

function Frame({ children }: { children: ReactNode }) {
  const { t } = useAuthText();
  return (
    <div className="admin auth">
      <header className="admin-bar">
        <h1>{t('title')}</h1>
        <LanguageSwitcher onChange={(l) => void setLanguage(l)} />
      </header>
      <main className="auth-main">{children}</main>
    </div>
  );
}

function SignInForm({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const { t, lang } = useAuthText();
  const ids = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!email.trim()) return setNotice({ kind: 'error', text: t('needEmail') });
    if (!password) return setNotice({ kind: 'error', text: t('needPassword') });
    setBusy(true);
    setNotice(null);
    try {
      onSignedIn(await authApi.signIn(email.trim(), password));
    } catch (err) {
      setNotice({ kind: 'error', text: errorText(t, err) });
      setPassword('');
    } finally {
      setBusy(false);
    }
  };
  const onLink = async () => {
    if (!email.trim()) return setNotice({ kind: 'error', text: t('needEmail') });
    setBusy(true);
    setNotice(null);
    try {
      await authApi.requestLink(email.trim(), lang);
      setNotice({ kind: 'ok', text: t('linkSent') });
    } catch (err) {
      setNotice({ kind: 'error', text: errorText(t, err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="auth-card" aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>{t('signInHeading')}</h2>
      <Notices notice={notice} />
      <form onSubmit={onSubmit} noValidate>
        <label>
          {t('email')}
          <input
            type="email"
            name="email"
            autoComplete="username"
            dir="ltr"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          {t('password')}
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            dir="ltr"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <button type="submit" className="admin-btn primary" disabled={busy}>
          {busy ? t('busy') : t('signIn')}
        </button>
      </form>
      <div className="auth-link">
        <h3>{t('linkHeading')}</h3>
        <p>{t('linkExplain')}</p>
        <button type="button" className="admin-btn" disabled={busy} onClick={onLink}>
          {t('sendLink')}
        </button>
      </div>
    </section>
  );
}

function LinkLanding({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const { t } = useAuthText();
  const ids = useId();
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const onUse = async () => {
    setBusy(true);
    try {
      const me = await authApi.consumeLink(token);
      // the token leaves the address bar and the history once used
      window.history.replaceState(null, '', appUrl('/admin'));
      onSignedIn(me);
    } catch (err) {
      setNotice({ kind: 'error', text: errorText(t, err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="auth-card" aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>{t('linkPageHeading')}</h2>
      <Notices notice={notice} />
      {token ? (
        <>
          <p>{t('linkPageExplain')}</p>
          <button type="button" className="admin-btn primary" disabled={busy} onClick={onUse}>
            {busy ? t('busy') : t('linkButton')}
          </button>
        </>
      ) : (
        <p>{t('noLink')}</p>
      )}
      <p>
        <a href={appUrl('/admin/sign-in')}>{t('backToSignIn')}</a>
      </p>
    </section>
  );
}

function PasswordForm({ me, onSaved }: { me: Me; onSaved: () => void }) {
  const { t } = useAuthText();
  const ids = useId();
  const mayWithout = me.session?.may_set_password ?? false;
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (next.length < 12) return setNotice({ kind: 'error', text: t('passwordTooShort') });
    setBusy(true);
    try {
      await authApi.setPassword(next, mayWithout ? undefined : current);
      setCurrent('');
      setNext('');
      setNotice({ kind: 'ok', text: t('passwordSaved') });
      onSaved();
    } catch (err) {
      setNotice({ kind: 'error', text: errorText(t, err) });
    } finally {
      setBusy(false);
    }
  };
  const heading = me.account?.has_password ? t('changePasswordHeading') : t('setPasswordHeading');
  return (
    <section className="auth-card" aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>{heading}</h2>
      {mayWithout && !me.account?.has_password ? <p>{t('setPasswordNow')}</p> : null}
      <Notices notice={notice} />
      <form onSubmit={onSubmit} noValidate>
        {/* the account's address, for password managers */}
        <input type="email" name="username" autoComplete="username" value={me.account?.email ?? ''} readOnly hidden />
        {mayWithout ? null : (
          <label>
            {t('currentPassword')}
            <input
              type="password"
              autoComplete="current-password"
              dir="ltr"
              value={current}
              onChange={(e) => setCurrent(e.target.value)}
            />
          </label>
        )}
        <label>
          {t('newPassword')}
          <input
            type="password"
            autoComplete="new-password"
            dir="ltr"
            minLength={12}
            aria-describedby={`${ids}-help`}
            value={next}
            onChange={(e) => setNext(e.target.value)}
          />
        </label>
        <span id={`${ids}-help`} className="auth-help">
          {t('newPasswordHelp')}
        </span>
        <button type="submit" className="admin-btn primary" disabled={busy}>
          {busy ? t('busy') : t('savePassword')}
        </button>
      </form>
    </section>
  );
}

function AccountHome({ me, onSignedOut, onChanged }: { me: Me; onSignedOut: () => void; onChanged: () => void }) {
  const { t, lang } = useAuthText();
  const ids = useId();
  const ends = me.session
    ? new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' }).format(new Date(me.session.expires_at))
    : null;
  // the back office's pages this person's roles open (web/admin/pages.ts)
  const pages = ADMIN_PAGES.filter((p) => mayOpen(me, p));
  const onSignOut = async () => {
    await authApi.signOut();
    onSignedOut();
  };
  return (
    <>
      <section className="auth-card" aria-labelledby={`${ids}-h`}>
        <h2 id={`${ids}-h`}>{t('homeHeading')}</h2>
        <p>
          <Trans t={t} i18nKey="signedInAs" values={{ email: me.account?.email ?? '' }} components={{ bdi: <bdi dir="ltr" /> }} />
        </p>
        {ends ? (
          <p className="auth-help">
            <Trans t={t} i18nKey="sessionEnds" values={{ time: ends }} components={{ bdi: <bdi dir="ltr" /> }} />
          </p>
        ) : null}
        <h3>{t('roles')}</h3>
        <ul className="auth-roles">
          {me.account?.operator ? <li>{t('operator')}</li> : null}
          {me.memberships.map((m) => (
            <li key={`${m.tenant}-${m.role}-${m.organisation?.slug ?? ''}-${m.area_id ?? ''}`}>
              {t(`role.${m.role}`)} · <bdi>{m.tenant}</bdi>
              {m.organisation ? (
                <>
                  {' · '}
                  <bdi>{m.organisation.name}</bdi>
                </>
              ) : null}
            </li>
          ))}
          {!me.account?.operator && !me.memberships.length ? <li>{t('noRoles')}</li> : null}
        </ul>
        <h3 id={`${ids}-pages`}>{t('yourPages')}</h3>
        {pages.length ? (
          <nav aria-labelledby={`${ids}-pages`}>
            <ul className="auth-pages">
              {pages.map((p) => (
                <li key={p.path}>
                  <a className="admin-btn" href={appUrl(p.path)}>
                    {t(`nav.${p.key}`)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : (
          <p>{t('noPages')}</p>
        )}
        <button type="button" className="admin-btn" onClick={onSignOut}>
          {t('signOut')}
        </button>
      </section>
      <PasswordForm me={me} onSaved={onChanged} />
    </>
  );
}

export function AuthApp() {
  const { t } = useAuthText();
  const path = appPathname().replace(/\/+$/, '');
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [signedOut, setSignedOut] = useState(false);

  useEffect(() => {
    document.title = t('pageTitle');
  }, [t]);
  useEffect(() => {
    const ctl = new AbortController();
    authApi
      .me(ctl.signal)
      .then(setMe)
      .catch(() => setMe(null));
    return () => ctl.abort();
  }, []);

  const signedIn = (m: Me) => {
    const next = nextPath(window.location.search);
    if (next !== '/admin') {
      window.location.assign(appUrl(next));
      return;
    }
    if (appPathname() !== '/admin') window.history.replaceState(null, '', appUrl('/admin'));
    setSignedOut(false);
    setMe(m);
  };
  const refresh = () => void authApi.me().then(setMe);

  if (me === undefined) return <Frame>{null}</Frame>;
  if (path === '/admin/sign-in/link' && !me) return <Frame><LinkLanding onSignedIn={signedIn} /></Frame>;
  if (me?.via !== 'session')
    return (
      <Frame>
        {signedOut ? (
          <p role="status" className="notice ok">
            {t('signedOut')}
          </p>
        ) : null}
        <SignInForm onSignedIn={signedIn} />
      </Frame>
    );
  return (
    <Frame>
      <AccountHome
        me={me}
        onChanged={refresh}
        onSignedOut={() => {
          setMe(null);
          setSignedOut(true);
          window.history.replaceState(null, '', appUrl('/admin/sign-in'));
        }}
      />
    </Frame>
  );
}
