/**
 * /admin/connectors: the applications to be a block connector (admins). Each with its area on a
 * small map (the chosen neighbourhoods, or the shape drawn), the applicant's message; approve (an
 * account with the role block connector for that area, and a sign-in link by mail) or decline
 * with a reason (sent to the applicant).
 */
import { type FormEvent, lazy, Suspense, useCallback, useEffect, useId, useMemo, useState } from 'react';
import type { AdminPageProps } from '../admin/pages.ts';
import { type Application, connectorsApi, type Decided, type MapConfig, mapConfig } from './api.ts';
import { type ConnectorsT, formatKm2, formatWhen, iso, useConnectorsText } from './i18n.ts';
import '../admin/common/pages.css';
import './connectors.css';

const AreaMap = lazy(() => import('./AreaMap.tsx'));
const STATUSES = ['pending', 'approved', 'declined', 'unconfirmed', 'all'] as const;

type Notice = { kind: 'ok' | 'error'; text: string; link?: string } | null;

/** the bounds of a (Multi)Polygon */
function bboxOf(g: Application['geometry']): [number, number, number, number] {
  const pts = g.type === 'Polygon' ? g.coordinates.flat() : g.coordinates.flat(2);
  const xs = pts.map((p) => p[0] as number);
  const ys = pts.map((p) => p[1] as number);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

export function ApplicationsPage({ me }: AdminPageProps) {
  const { t, lang } = useConnectorsText();
  const api = useMemo(() => connectorsApi(me.tenant, lang), [me.tenant, lang]);
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('pending');
  const [config, setConfig] = useState<MapConfig | null>(null);
  const [items, setItems] = useState<Application[] | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [version, setVersion] = useState(0);
  const statusId = useId();
  const fail = useCallback(
    (e: unknown) =>
      setNotice({ kind: 'error', text: t('problem', { error: e instanceof Error ? e.message : String(e) }) }),
    [t],
  );
  useEffect(() => {
    const ctl = new AbortController();
    mapConfig(ctl.signal)
      .then((c) => !ctl.signal.aborted && setConfig(c))
      .catch((e: unknown) => !ctl.signal.aborted && fail(e));
    return () => ctl.abort();
  }, [fail]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new version (after a change) reloads it
  useEffect(() => {
    const ctl = new AbortController();
    setItems(null);
    api
      .applications(status, ctl.signal)
      .then((r) => !ctl.signal.aborted && setItems(r.items))
      .catch((e: unknown) => !ctl.signal.aborted && fail(e));
    return () => ctl.abort();
  }, [api, status, version, fail]);

  const decide = async (a: Application, action: 'approve' | 'decline', reason?: string) => {
    setNotice(null);
    try {
      const r: Decided = await api.decide(a.id, { action, ...(reason ? { reason } : {}) });
      const name = iso(a.name);
      setNotice(
        action === 'decline'
          ? { kind: 'ok', text: t('applications.declined', { name }) }
          : r.link
            ? { kind: 'ok', text: t('applications.approvedLink', { name }), link: r.link.url }
            : { kind: 'ok', text: t('applications.approved', { name }) },
      );
      setVersion((v) => v + 1);
      return true;
    } catch (e) {
      fail(e);
      return false;
    }
  };

  return (
    <main className="admin-page connectors-page applications-page">
      <h1>{t('applications.title')}</h1>
      <p className="intro">{t('applications.intro')}</p>
      <div role="status" aria-live="polite" className="notice ok">
        {notice?.kind === 'ok' ? notice.text : ''}
      </div>
      {notice?.link && (
        <p>
          <input
            type="text"
            readOnly
            dir="ltr"
            value={notice.link}
            onFocus={(e) => e.currentTarget.select()}
            aria-label={t('applications.approvedLink', { name: '' })}
          />
        </p>
      )}
      <div role="alert" className="notice error">
        {notice?.kind === 'error' ? notice.text : ''}
      </div>
      <div className="row">
        <label htmlFor={statusId}>
          {t('applications.show')}
          <select
            id={statusId}
            value={status}
            onChange={(e) => setStatus(e.target.value as (typeof STATUSES)[number])}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`applications.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {!items ? (
        <p aria-busy="true">{t('loading')}</p>
      ) : !items.length ? (
        <p className="empty">{t('applications.empty')}</p>
      ) : (
        <ol className="application-items">
          {items.map((a) => (
            <ApplicationItem key={a.id} a={a} config={config} t={t} lang={lang} onDecide={decide} />
          ))}
        </ol>
      )}
    </main>
  );
}

function ApplicationItem({
  a,
  config,
  t,
  lang,
  onDecide,
}: {
  a: Application;
  config: MapConfig | null;
  t: ConnectorsT;
  lang: string;
  onDecide: (a: Application, action: 'approve' | 'decline', reason?: string) => Promise<boolean>;
}) {
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const reasonId = useId();
  const titleId = useId();
  const act = async (action: 'approve' | 'decline') => {
    setBusy(true);
    await onDecide(a, action, action === 'decline' ? reason.trim() : undefined);
    setBusy(false);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void act('decline');
  };
  return (
    <li className="application-item card" aria-labelledby={titleId}>
      <h2 id={titleId} className="item-title">
        <bdi>{a.name}</bdi> · <bdi dir="ltr">{a.email}</bdi>
      </h2>
      <p className="item-meta">
        {t(`applications.status.${a.status}`)} ·{' '}
        {t('applications.applied', { when: iso(formatWhen(a.confirmed_at ?? a.created_at, lang)) })}
      </p>
      <div
        className="queue-body"
        style={{ display: 'grid', gridTemplateColumns: 'minmax(200px, 320px) 1fr', gap: 12 }}
      >
        <div className="small-map">
          {config && (
            <Suspense fallback={<p aria-busy="true">{t('loading')}</p>}>
              <AreaMap
                name={`application-${a.id}`}
                styleUrl={config.mapStyleUrl}
                label={`${t('map.area')}: ${a.name}`}
                home={config.home}
                bbox={bboxOf(a.geometry)}
                areas={[a.geometry]}
                interactive={false}
              />
            </Suspense>
          )}
        </div>
        <div className="stack">
          <p>
            {a.blocks.length
              ? t('applications.blocks', { names: a.blocks.map((b) => iso(b.name)).join(', ') })
              : t('applications.drawn', { size: iso(t('km2', { value: formatKm2(a.area_m2, lang) })) })}
          </p>
          {a.message && (
            <div>
              <h3>{t('applications.message')}</h3>
              <p dir="auto">{a.message}</p>
            </div>
          )}
          {a.decline_reason && <p>{t('applications.declinedReason', { reason: iso(a.decline_reason) })}</p>}
          {a.status === 'pending' &&
            (declining ? (
              <form className="reason-form" onSubmit={submit}>
                <label htmlFor={reasonId}>{t('applications.reason')}</label>
                <textarea
                  id={reasonId}
                  maxLength={1000}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                />
                <div className="actions">
                  <button type="submit" className="admin-btn danger" disabled={busy}>
                    {t('applications.confirmDecline')}
                  </button>
                  <button type="button" className="admin-btn" onClick={() => setDeclining(false)}>
                    {t('applications.cancel')}
                  </button>
                </div>
              </form>
            ) : (
              <div className="actions">
                <button
                  type="button"
                  className="admin-btn primary"
                  disabled={busy}
                  onClick={() => act('approve')}
                >
                  {t('applications.approve')}
                </button>
                <button
                  type="button"
                  className="admin-btn danger"
                  disabled={busy}
                  onClick={() => setDeclining(true)}
                >
                  {t('applications.decline')}
                </button>
              </div>
            ))}
        </div>
      </div>
    </li>
  );
}
