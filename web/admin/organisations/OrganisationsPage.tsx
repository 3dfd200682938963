/**
 * /admin/organisations: the tenant's partner organisations with their editors — add one, rename
 * it, change its contact, archive or restore it, add an editor by e-mail (an invitation with a
 * one-time sign-in link, mailed, or shown to copy when mail is off), remove an editor.
 */
import { type FormEvent, useCallback, useEffect, useId, useMemo, useState } from 'react';
import type { AdminPageProps } from '../pages.ts';
import { type InviteAnswer, type OrganisationView, pagesApi } from '../common/api.ts';
import { usePagesText } from '../common/i18n.ts';
import { errorText, InviteOutcome, inviteSentence, type Notice, Notices } from '../common/ui.tsx';

const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
const slugOf = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);

interface OrgForm {
  name: string;
  slug: string;
  contact: string;
}

function OrgFields({ form, onChange, idp }: { form: OrgForm; onChange: (f: OrgForm) => void; idp: string }) {
  const { t } = usePagesText();
  return (
    <div className="row">
      <label>
        {t('org.name')}
        <input
          value={form.name}
          required
          maxLength={200}
          onChange={(e) => onChange({ ...form, name: e.target.value })}
        />
      </label>
      <div className="field">
        <label htmlFor={`${idp}-slug`}>{t('org.slug')}</label>
        <input
          id={`${idp}-slug`}
          value={form.slug}
          dir="ltr"
          required
          pattern={SLUG.source}
          aria-describedby={`${idp}-slug-help`}
          onChange={(e) => onChange({ ...form, slug: e.target.value.trim().toLowerCase() })}
        />
        <span id={`${idp}-slug-help`} className="help">
          {t('org.slugHelp')}
        </span>
      </div>
      <div className="field">
        <label htmlFor={`${idp}-contact`}>{t('org.contact')}</label>
        <input
          id={`${idp}-contact`}
          value={form.contact}
          maxLength={300}
          aria-describedby={`${idp}-contact-help`}
          onChange={(e) => onChange({ ...form, contact: e.target.value })}
        />
        <span id={`${idp}-contact-help`} className="help">
          {t('org.contactHelp')}
        </span>
      </div>
    </div>
  );
}

function Organisation({
  org,
  api,
  busy,
  run,
  onInvited,
}: {
  org: OrganisationView;
  api: ReturnType<typeof pagesApi>;
  busy: boolean;
  run: (f: () => Promise<string | null>) => Promise<boolean>;
  onInvited: (a: InviteAnswer, email: string) => void;
}) {
  const { t, lang } = usePagesText();
  const ids = useId();
  const [editing, setEditing] = useState<OrgForm | null>(null);
  const [email, setEmail] = useState('');

  const onSave = async (e: FormEvent) => {
    e.preventDefault();
    if (!editing) return;
    const done = await run(async () => {
      const o = await api.changeOrganisation(org.id, {
        name: editing.name.trim(),
        slug: editing.slug,
        contact: editing.contact.trim() || null,
      });
      return t('org.changed', { name: o.name });
    });
    if (done) setEditing(null);
  };
  const onInvite = async (e: FormEvent) => {
    e.preventDefault();
    const address = email.trim();
    if (!address) return;
    const done = await run(async () => {
      const a = await api.invite({ email: address, role: 'editor', organisation: org.id, language: lang });
      onInvited(a, address);
      return inviteSentence(t, a, address);
    });
    if (done) setEmail('');
  };
  return (
    <li aria-labelledby={`${ids}-h`}>
      <div className="org-head">
        <h3 id={`${ids}-h`}>
          <bdi>{org.name}</bdi>
        </h3>
        <span className="meta">
          <bdi dir="ltr">{org.slug}</bdi>
          {org.contact ? (
            <>
              {' · '}
              <bdi>{org.contact}</bdi>
            </>
          ) : null}
        </span>
        <div className="actions">
          {org.archived ? null : (
            <button
              type="button"
              className="admin-btn small"
              aria-label={t('org.editOf', { name: org.name })}
              aria-expanded={editing !== null}
              onClick={() =>
                setEditing(editing ? null : { name: org.name, slug: org.slug, contact: org.contact ?? '' })
              }
            >
              {t('org.edit')}
            </button>
          )}
          <button
            type="button"
            className="admin-btn small"
            disabled={busy}
            aria-label={t(org.archived ? 'org.restoreOf' : 'org.archiveOf', { name: org.name })}
            onClick={() =>
              void run(async () => {
                const o = await api.changeOrganisation(org.id, { archived: !org.archived });
                return t(o.archived ? 'org.archivedDone' : 'org.restoredDone', { name: o.name });
              })
            }
          >
            {t(org.archived ? 'org.restore' : 'org.archive')}
          </button>
        </div>
      </div>
      {editing ? (
        <form className="stack" onSubmit={onSave} noValidate>
          <OrgFields form={editing} onChange={setEditing} idp={`${ids}-edit`} />
          <div className="actions">
            <button type="submit" className="admin-btn primary" disabled={busy}>
              {t('save')}
            </button>
            <button type="button" className="admin-btn" onClick={() => setEditing(null)}>
              {t('cancel')}
            </button>
          </div>
        </form>
      ) : null}
      {org.editors.length ? (
        <ul className="plain" aria-label={t('org.editors')}>
          {org.editors.map((e) => (
            <li key={e.membership_id}>
              <bdi dir="ltr">{e.email}</bdi>
              {e.disabled ? <span className="tag off">{t('org.disabled')}</span> : null}
              <button
                type="button"
                className="admin-btn small danger"
                disabled={busy}
                aria-label={t('org.removeEditorOf', { email: e.email, name: org.name })}
                onClick={() =>
                  void run(async () => {
                    await api.removeMembership(e.account_id, e.membership_id);
                    return t('org.removedEditor', { email: `\u2068${e.email}\u2069`, name: org.name });
                  })
                }
              >
                {t('org.removeEditor')}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="help">{t('org.noEditors')}</p>
      )}
      {org.archived ? null : (
        <form
          className="row"
          onSubmit={onInvite}
          noValidate
          aria-label={`${t('org.addEditor')}: ${org.name}`}
        >
          <label>
            {t('org.editorEmail')}
            <input
              type="email"
              dir="ltr"
              autoComplete="off"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </label>
          <button type="submit" className="admin-btn primary" disabled={busy || !email.trim()}>
            {t('org.inviteButton')}
          </button>
        </form>
      )}
    </li>
  );
}

export function OrganisationsPage({ me }: AdminPageProps) {
  const { t } = usePagesText();
  const ids = useId();
  const api = useMemo(() => pagesApi(me.tenant), [me.tenant]);
  const [orgs, setOrgs] = useState<OrganisationView[] | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const [form, setForm] = useState<OrgForm>({ name: '', slug: '', contact: '' });
  const [slugTouched, setSlugTouched] = useState(false);
  const [invited, setInvited] = useState<{ answer: InviteAnswer; email: string } | null>(null);

  const reload = useCallback(
    async (signal?: AbortSignal) => setOrgs((await api.organisations(signal)).items),
    [api],
  );
  useEffect(() => {
    const ctl = new AbortController();
    reload(ctl.signal).catch((e: unknown) => {
      if (!ctl.signal.aborted) setNotice({ kind: 'error', text: errorText(t, e) });
    });
    return () => ctl.abort();
  }, [reload, t]);

  /** runs a change, reloads, and says what happened; false when it failed */
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

  const onAdd = async (e: FormEvent) => {
    e.preventDefault();
    const done = await run(async () => {
      const o = await api.addOrganisation({
        name: form.name.trim(),
        slug: form.slug,
        contact: form.contact.trim() || null,
      });
      return t('org.added', { name: o.name });
    });
    if (done) {
      setForm({ name: '', slug: '', contact: '' });
      setSlugTouched(false);
    }
  };

  const active = orgs?.filter((o) => !o.archived) ?? [];
  const archived = orgs?.filter((o) => o.archived) ?? [];
  const item = (o: OrganisationView) => (
    <Organisation
      key={o.id}
      org={o}
      api={api}
      busy={busy}
      run={run}
      onInvited={(answer, email) => setInvited({ answer, email })}
    />
  );
  return (
    <main className="admin-page" aria-labelledby={`${ids}-h`}>
      <h1 id={`${ids}-h`}>{t('org.heading')}</h1>
      <p className="intro">{t('org.intro')}</p>
      <Notices notice={notice} />
      {invited ? <InviteOutcome answer={invited.answer} email={invited.email} /> : null}
      <section className="card" aria-labelledby={`${ids}-add`}>
        <h2 id={`${ids}-add`}>{t('org.add')}</h2>
        <form className="stack" onSubmit={onAdd} noValidate>
          <OrgFields
            form={form}
            idp={`${ids}-new`}
            onChange={(f) => {
              if (f.slug !== form.slug) setSlugTouched(true);
              setForm(f.name !== form.name && !slugTouched ? { ...f, slug: slugOf(f.name) } : f);
            }}
          />
          <div className="actions">
            <button type="submit" className="admin-btn primary" disabled={busy}>
              {t('org.add')}
            </button>
          </div>
        </form>
      </section>
      <section className="card" aria-labelledby={`${ids}-list`} aria-busy={orgs === null}>
        <h2 id={`${ids}-list`}>{t('org.heading')}</h2>
        {orgs === null ? (
          <p>{t('loading')}</p>
        ) : active.length ? (
          <ul className="org-list">{active.map(item)}</ul>
        ) : (
          <p>{t('org.none')}</p>
        )}
      </section>
      {archived.length ? (
        <section className="card" aria-labelledby={`${ids}-archived`}>
          <h2 id={`${ids}-archived`}>{t('org.archivedHeading')}</h2>
          <ul className="org-list">{archived.map(item)}</ul>
        </section>
      ) : null}
    </main>
  );
}
