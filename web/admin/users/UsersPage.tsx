/**
 * /admin/users: everyone with a role in the tenant — their roles (remove one), whether they can
 * sign in (disable / enable), when they last signed in — and an invitation form: e-mail, role,
 * the organisation of an editor, the area of a block connector. The server refuses to remove the
 * tenant's last administrator; its message is shown as it comes.
 */
import { type FormEvent, useCallback, useEffect, useId, useMemo, useState } from 'react';
import { autonym, UI_LANGUAGES } from '../../i18n/index.ts';
import type { AdminPageProps } from '../pages.ts';
import {
  type AreaOption,
  type InviteAnswer,
  type OrganisationView,
  pagesApi,
  type Role,
  type UserView,
} from '../common/api.ts';
import { usePagesText } from '../common/i18n.ts';
import { errorText, InviteOutcome, inviteSentence, type Notice, Notices, When } from '../common/ui.tsx';

const ROLES: Role[] = ['admin', 'editor', 'moderator', 'planner', 'block_connector'];

export function UsersPage({ me }: AdminPageProps) {
  const { t, lang } = usePagesText();
  const ids = useId();
  const api = useMemo(() => pagesApi(me.tenant), [me.tenant]);
  const [users, setUsers] = useState<UserView[] | null>(null);
  const [orgs, setOrgs] = useState<OrganisationView[]>([]);
  const [areas, setAreas] = useState<AreaOption[]>([]);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const [invited, setInvited] = useState<{ answer: InviteAnswer; email: string } | null>(null);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const [organisation, setOrganisation] = useState('');
  const [area, setArea] = useState('');
  const [language, setLanguage] = useState(lang);

  const reload = useCallback(
    async (signal?: AbortSignal) => setUsers((await api.users(signal)).items),
    [api],
  );
  useEffect(() => {
    const ctl = new AbortController();
    Promise.all([
      reload(ctl.signal),
      api.organisations(ctl.signal).then((r) => setOrgs(r.items.filter((o) => !o.archived))),
      api.areas(ctl.signal).then(setAreas),
    ]).catch((e: unknown) => {
      if (!ctl.signal.aborted) setNotice({ kind: 'error', text: errorText(t, e) });
    });
    return () => ctl.abort();
  }, [reload, api, t]);

  const run = async (f: () => Promise<string | null>): Promise<boolean> => {
    setBusy(true);
    setInvited(null);
    try {
      const text = await f();
      await reload();
      setNotice(text ? { kind: 'ok', text } : null);
      return true;
    } catch (err) {
      setNotice({ kind: 'error', text: errorText(t, err) });
      return false;
    } finally {
      setBusy(false);
    }
  };

  const onInvite = async (e: FormEvent) => {
    e.preventDefault();
    const address = email.trim();
    if (!address) return setNotice({ kind: 'error', text: t('users.needEmail') });
    if (role === 'editor' && !organisation)
      return setNotice({ kind: 'error', text: t('users.needOrganisation') });
    if (role === 'block_connector' && !area) return setNotice({ kind: 'error', text: t('users.needArea') });
    const done = await run(async () => {
      const a = await api.invite({
        email: address,
        role,
        ...(role === 'editor' ? { organisation } : {}),
        ...(role === 'block_connector' ? { area } : {}),
        language,
      });
      setInvited({ answer: a, email: address });
      return inviteSentence(t, a, address);
    });
    if (done) setEmail('');
  };

  const roleText = (m: UserView['memberships'][number]) =>
    `${t(`role.${m.role}`)}${m.organisation ? ` · ${m.organisation.name}` : ''}${m.area ? ` · ${m.area.name}` : ''}`;

  return (
    <main className="admin-page" aria-labelledby={`${ids}-h`}>
      <h1 id={`${ids}-h`}>{t('users.heading')}</h1>
      <p className="intro">{t('users.intro')}</p>
      <Notices notice={notice} />
      {invited ? <InviteOutcome answer={invited.answer} email={invited.email} /> : null}
      <section className="card" aria-labelledby={`${ids}-invite`}>
        <h2 id={`${ids}-invite`}>{t('users.invite')}</h2>
        <form className="stack" onSubmit={onInvite} noValidate>
          <div className="row">
            <label>
              {t('users.email')}
              <input
                type="email"
                dir="ltr"
                autoComplete="off"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            </label>
            <label>
              {t('users.role')}
              <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`role.${r}`)}
                  </option>
                ))}
              </select>
            </label>
            {role === 'editor' ? (
              <label>
                {t('users.organisation')}
                <select value={organisation} onChange={(e) => setOrganisation(e.target.value)}>
                  <option value="">{t('users.chooseOrganisation')}</option>
                  {orgs.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            {role === 'block_connector' ? (
              <label>
                {t('users.area')}
                <select value={area} onChange={(e) => setArea(e.target.value)}>
                  <option value="">{t('users.chooseArea')}</option>
                  {areas.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.name}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            <label>
              {t('users.language')}
              <select value={language} onChange={(e) => setLanguage(e.target.value)}>
                {UI_LANGUAGES.map((l) => (
                  <option key={l} value={l} lang={l}>
                    {autonym(l)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div className="actions">
            <button type="submit" className="admin-btn primary" disabled={busy}>
              {t('users.inviteButton')}
            </button>
          </div>
        </form>
      </section>
      <section className="card" aria-labelledby={`${ids}-list`} aria-busy={users === null}>
        <h2 id={`${ids}-list`}>{t('users.heading')}</h2>
        {users === null ? (
          <p>{t('loading')}</p>
        ) : users.length ? (
          <div className="scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('users.email')}</th>
                  <th scope="col">{t('users.roles')}</th>
                  <th scope="col">{t('users.status')}</th>
                  <th scope="col">{t('users.lastSignIn')}</th>
                </tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <tr key={u.id}>
                    <th scope="row">
                      <bdi dir="ltr">{u.email}</bdi>
                    </th>
                    <td>
                      <ul className="plain">
                        {u.memberships.map((m) => (
                          <li key={m.id}>
                            <span>{roleText(m)}</span>
                            <button
                              type="button"
                              className="admin-btn small danger"
                              disabled={busy}
                              aria-label={t('users.removeRoleOf', { role: roleText(m), email: u.email })}
                              onClick={() =>
                                void run(async () => {
                                  await api.removeMembership(u.id, m.id);
                                  return t('users.removedDone', {
                                    role: roleText(m),
                                    email: `\u2068${u.email}\u2069`,
                                  });
                                })
                              }
                            >
                              {t('users.removeRole')}
                            </button>
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td>
                      <div className="actions">
                        {u.operator ? <span className="tag">{t('users.operator')}</span> : null}
                        <span className={u.disabled ? 'tag off' : 'tag'}>
                          {t(u.disabled ? 'users.disabled' : 'users.active')}
                        </span>
                        {u.has_password ? null : <span className="help">{t('users.noPassword')}</span>}
                        {/* one's own account is not disabled from here (the server refuses it too) */}
                        {u.id === me.account?.id ? null : (
                          <button
                            type="button"
                            className={u.disabled ? 'admin-btn small' : 'admin-btn small danger'}
                            disabled={busy}
                            aria-label={t(u.disabled ? 'users.enableOf' : 'users.disableOf', {
                              email: u.email,
                            })}
                            onClick={() =>
                              void run(async () => {
                                await api.setDisabled(u.id, !u.disabled);
                                return t(u.disabled ? 'users.enabledDone' : 'users.disabledDone', {
                                  email: `\u2068${u.email}\u2069`,
                                });
                              })
                            }
                          >
                            {t(u.disabled ? 'users.enable' : 'users.disable')}
                          </button>
                        )}
                      </div>
                    </td>
                    <td>
                      {u.last_sign_in_at ? <When iso={u.last_sign_in_at} lang={lang} /> : t('users.never')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t('users.none')}</p>
        )}
      </section>
    </main>
  );
}
