/**
 * /admin/audit: the tenant's audit log, newest first — filtered by kind of item, item id and
 * dates (also from the address: /admin/audit?entity=organisation&id=…), paged with "older
 * entries", each entry expandable to its previous and new values side by side with the changed
 * fields marked in words and colour, and the same entries as CSV.
 */
import { type FormEvent, Fragment, useCallback, useEffect, useId, useMemo, useState } from 'react';
import type { AdminPageProps } from '../pages.ts';
import { type AuditFilter, type AuditView, pagesApi } from '../common/api.ts';
import { type PagesT, usePagesText } from '../common/i18n.ts';
import { errorText, type Notice, Notices, When } from '../common/ui.tsx';
import { diffRows } from './diff.ts';
import { appUrl } from '../../state/tenant.ts';

const ENTITIES = [
  'account',
  'membership',
  'organisation',
  'tenant',
  'import_run',
  'kiosk',
  'api_token',
  'place',
  'opportunity',
];
const PAGE = 50;

function filterFromAddress(): AuditFilter {
  const sp = new URLSearchParams(window.location.search);
  const f: AuditFilter = {};
  for (const k of ['entity', 'id', 'from', 'to'] as const) {
    const v = sp.get(k);
    if (v) f[k] = v;
  }
  return f;
}

export function entityName(t: PagesT, type: string): string {
  return ENTITIES.includes(type) ? t(`audit.entities.${type}`) : type;
}

function Diff({ entry }: { entry: AuditView }) {
  const { t } = usePagesText();
  const rows = diffRows(entry.previous, entry.new);
  if (!rows.length) return <p>{t('audit.noValues')}</p>;
  return (
    <table className="diff">
      <thead>
        <tr>
          <th scope="col">{t('audit.field')}</th>
          <th scope="col">{t('audit.previous')}</th>
          <th scope="col">{t('audit.next')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} className={r.change === 'unchanged' ? undefined : 'changed'}>
            <th scope="row">
              <bdi dir="ltr">{r.key}</bdi>
              <span className="mark">{t(`audit.${r.change}`)}</span>
            </th>
            <td dir="ltr">{r.before}</td>
            <td dir="ltr">{r.after}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AuditPage({ me }: AdminPageProps) {
  const { t, lang } = usePagesText();
  const ids = useId();
  const api = useMemo(() => pagesApi(me.tenant), [me.tenant]);
  const [draft, setDraft] = useState<AuditFilter>(filterFromAddress);
  const [filter, setFilter] = useState<AuditFilter>(filterFromAddress);
  const [items, setItems] = useState<AuditView[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [open, setOpen] = useState<Set<number>>(new Set());
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    async (f: AuditFilter, before: number | undefined, signal?: AbortSignal) => {
      setBusy(true);
      try {
        const page = await api.audit({ ...f, ...(before ? { before } : {}), limit: PAGE }, signal);
        setItems((old) => (before && old ? [...old, ...page.items] : page.items));
        setNext(page.next);
        setNotice(null);
      } catch (e) {
        if (!signal?.aborted) setNotice({ kind: 'error', text: errorText(t, e) });
      } finally {
        setBusy(false);
      }
    },
    [api, t],
  );
  useEffect(() => {
    const ctl = new AbortController();
    void load(filter, undefined, ctl.signal);
    return () => ctl.abort();
  }, [load, filter]);

  const onApply = (e: FormEvent) => {
    e.preventDefault();
    if (draft.id && !draft.entity) return setNotice({ kind: 'error', text: t('audit.needEntity') });
    const clean = Object.fromEntries(Object.entries(draft).filter(([, v]) => v)) as AuditFilter;
    const sp = new URLSearchParams(clean as Record<string, string>).toString();
    window.history.replaceState(null, '', `${window.location.pathname}${sp ? `?${sp}` : ''}`);
    setOpen(new Set());
    setFilter(clean);
  };
  const onReset = () => {
    setDraft({});
    setOpen(new Set());
    window.history.replaceState(null, '', window.location.pathname);
    setFilter({});
  };
  const toggle = (id: number) =>
    setOpen((o) => {
      const n = new Set(o);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const actor = (e: AuditView) =>
    e.actor.label && (e.actor.kind === 'account' || e.actor.kind === 'token') ? (
      <bdi dir="ltr">{e.actor.label}</bdi>
    ) : (
      <>
        {t(`audit.actors.${e.actor.kind}`, { defaultValue: e.actor.kind })}
        {e.actor.label && e.actor.kind !== 'admin_token' ? (
          <>
            {' '}
            (<bdi dir="ltr">{e.actor.label}</bdi>)
          </>
        ) : null}
      </>
    );

  return (
    <main className="admin-page" aria-labelledby={`${ids}-h`}>
      <h1 id={`${ids}-h`}>{t('audit.heading')}</h1>
      <p className="intro">{t('audit.intro')}</p>
      <section className="card" aria-labelledby={`${ids}-filters`}>
        <h2 id={`${ids}-filters`}>{t('audit.filters')}</h2>
        <form className="stack" onSubmit={onApply} noValidate>
          <div className="row">
            <label>
              {t('audit.entity')}
              <select
                value={draft.entity ?? ''}
                onChange={(e) => setDraft({ ...draft, entity: e.target.value })}
              >
                <option value="">{t('audit.any')}</option>
                {ENTITIES.map((x) => (
                  <option key={x} value={x}>
                    {entityName(t, x)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('audit.id')}
              <input
                dir="ltr"
                value={draft.id ?? ''}
                onChange={(e) => setDraft({ ...draft, id: e.target.value.trim() })}
              />
            </label>
            <label>
              {t('audit.from')}
              <input
                type="date"
                dir="ltr"
                value={draft.from ?? ''}
                onChange={(e) => setDraft({ ...draft, from: e.target.value })}
              />
            </label>
            <label>
              {t('audit.to')}
              <input
                type="date"
                dir="ltr"
                value={draft.to ?? ''}
                onChange={(e) => setDraft({ ...draft, to: e.target.value })}
              />
            </label>
          </div>
          <div className="actions">
            <button type="submit" className="admin-btn primary">
              {t('audit.apply')}
            </button>
            <button type="button" className="admin-btn" onClick={onReset}>
              {t('audit.reset')}
            </button>
            <a className="admin-btn" href={api.auditCsvUrl(filter)} download>
              {t('audit.csv')}
            </a>
          </div>
        </form>
      </section>
      <Notices notice={notice} />
      <section className="card" aria-labelledby={`${ids}-list`} aria-busy={busy}>
        <h2 id={`${ids}-list`}>{t('audit.heading')}</h2>
        <p role="status" className="help">
          {items
            ? items.length
              ? t('audit.shown', { count: items.length })
              : t('audit.none')
            : t('loading')}
        </p>
        {items?.length ? (
          <div className="scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('audit.when')}</th>
                  <th scope="col">{t('audit.who')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.item')}</th>
                  <th scope="col">{t('audit.summary')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('audit.details')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((e) => {
                  const expanded = open.has(e.id);
                  return (
                    <Fragment key={e.id}>
                      <tr>
                        <td>
                          <When iso={e.at} lang={lang} />
                        </td>
                        <td>{actor(e)}</td>
                        <td>
                          <bdi dir="ltr">{e.action}</bdi>
                        </td>
                        <td>
                          {entityName(t, e.entity_type)}
                          {e.entity_id ? (
                            <>
                              {' '}
                              <a
                                href={appUrl(
                                  `/admin/audit?entity=${encodeURIComponent(e.entity_type)}&id=${encodeURIComponent(e.entity_id)}`,
                                )}
                              >
                                <bdi dir="ltr">
                                  {e.entity_id.length > 13 ? `${e.entity_id.slice(0, 8)}…` : e.entity_id}
                                </bdi>
                              </a>
                            </>
                          ) : null}
                        </td>
                        <td>
                          <bdi>{e.summary}</bdi>
                        </td>
                        <td>
                          <button
                            type="button"
                            className="admin-btn small"
                            aria-expanded={expanded}
                            aria-controls={expanded ? `${ids}-d${e.id}` : undefined}
                            onClick={() => toggle(e.id)}
                          >
                            {t(expanded ? 'audit.hide' : 'audit.details')}
                            <span className="sr-only"> {t('audit.entry', { id: e.id })}</span>
                          </button>
                        </td>
                      </tr>
                      {expanded ? (
                        <tr id={`${ids}-d${e.id}`}>
                          <td colSpan={6}>
                            <Diff entry={e} />
                          </td>
                        </tr>
                      ) : null}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : null}
        {next ? (
          <button type="button" className="admin-btn" disabled={busy} onClick={() => void load(filter, next)}>
            {t('audit.more')}
          </button>
        ) : null}
      </section>
    </main>
  );
}
