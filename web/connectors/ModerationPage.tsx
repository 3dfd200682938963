/**
 * /admin/moderation: the moderation queue of residents' proposals and needs (moderators and
 * admins), over the moderation API (server/proposals/moderation.ts): each item with its location
 * on a small map, the block connectors' confirmations and flags, its supporters; publish, return
 * with a reason, reject with a reason; block the sender's (hidden) address or e-mail domain. Below,
 * what block connectors flagged and the list of blocks.
 */
import { type FormEvent, lazy, Suspense, useCallback, useEffect, useId, useMemo, useState } from 'react';
import type { AdminPageProps } from '../admin/pages.ts';
import {
  type Block,
  type ConnectorReview,
  connectorsApi,
  type MapConfig,
  type ModerationItem,
  mapConfig,
} from './api.ts';
import { type ConnectorsT, formatWhen, iso, useConnectorsText } from './i18n.ts';
import '../admin/common/pages.css';
import './connectors.css';

const AreaMap = lazy(() => import('./AreaMap.tsx'));

type Notice = { kind: 'ok' | 'error'; text: string } | null;
type Type = 'proposal' | 'need';
const STATUSES = ['pending', 'returned', 'published', 'rejected'] as const;
/** items beyond this many show their map on request (each map is a WebGL context) */
const MAPS_SHOWN = 10;

export function ModerationPage({ me }: AdminPageProps) {
  const { t, lang } = useConnectorsText();
  const api = useMemo(() => connectorsApi(me.tenant, lang), [me.tenant, lang]);
  const [type, setType] = useState<Type>('proposal');
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('pending');
  const [config, setConfig] = useState<MapConfig | null>(null);
  const [items, setItems] = useState<ModerationItem[] | null>(null);
  const [blocks, setBlocks] = useState<Block[] | null>(null);
  const [flags, setFlags] = useState<ConnectorReview[] | null>(null);
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
      .moderation(type, status, ctl.signal)
      .then((r) => !ctl.signal.aborted && setItems(r.items))
      .catch((e: unknown) => !ctl.signal.aborted && fail(e));
    return () => ctl.abort();
  }, [api, type, status, version, fail]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new version (after a change) reloads it
  useEffect(() => {
    const ctl = new AbortController();
    api
      .blocks(ctl.signal)
      .then((r) => !ctl.signal.aborted && setBlocks(r.items))
      .catch((e: unknown) => !ctl.signal.aborted && fail(e));
    api
      .flags(ctl.signal)
      .then((r) => !ctl.signal.aborted && setFlags(r.items))
      .catch((e: unknown) => !ctl.signal.aborted && fail(e));
    return () => ctl.abort();
  }, [api, version, fail]);

  const run = async (p: Promise<unknown>, ok: string) => {
    setNotice(null);
    try {
      await p;
      setNotice({ kind: 'ok', text: ok });
      setVersion((v) => v + 1);
      return true;
    } catch (e) {
      fail(e);
      return false;
    }
  };

  return (
    <main className="admin-page connectors-page moderation-page">
      <h1>{t('moderation.title')}</h1>
      <p className="intro">{t('moderation.intro')}</p>
      <div role="status" aria-live="polite" className="notice ok">
        {notice?.kind === 'ok' ? notice.text : ''}
      </div>
      <div role="alert" className="notice error">
        {notice?.kind === 'error' ? notice.text : ''}
      </div>
      <section className="card" aria-labelledby="queue-title">
        <h2 id="queue-title" className="sr-only">
          {t(type === 'proposal' ? 'moderation.proposals' : 'moderation.needs')}
        </h2>
        <div className="row queue-filters">
          <fieldset className="segmented">
            <legend className="sr-only">{t('moderation.show')}</legend>
            {(['proposal', 'need'] as const).map((k) => (
              <button
                key={k}
                type="button"
                className="admin-btn"
                aria-pressed={type === k}
                onClick={() => setType(k)}
              >
                {t(k === 'proposal' ? 'moderation.proposals' : 'moderation.needs')}
              </button>
            ))}
          </fieldset>
          <label htmlFor={statusId}>
            {t('moderation.show')}
            <select
              id={statusId}
              value={status}
              onChange={(e) => setStatus(e.target.value as (typeof STATUSES)[number])}
            >
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`moderation.status.${s}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        {!items ? (
          <p aria-busy="true">{t('loading')}</p>
        ) : !items.length ? (
          <p className="empty">{t('moderation.empty')}</p>
        ) : (
          <ol
            className="queue-items"
            aria-label={t(type === 'proposal' ? 'moderation.proposals' : 'moderation.needs')}
          >
            {items.map((item, i) => (
              <QueueItem
                key={`${item.type}:${item.id}`}
                item={item}
                config={config}
                mapShown={i < MAPS_SHOWN}
                t={t}
                lang={lang}
                onDecide={(action, reason) =>
                  run(
                    api.moderate(item.type, item.id, {
                      action,
                      ...(reason ? { reason } : {}),
                      expected_updated_at: item.updated_at,
                    }),
                    t(`moderation.done.${action}`, { title: iso(item.title) }),
                  )
                }
                onBlock={(kind) =>
                  run(api.block({ kind, from: { type: item.type, id: item.id } }), t('moderation.blocked'))
                }
              />
            ))}
          </ol>
        )}
      </section>
      <FlagsSection
        flags={flags}
        t={t}
        lang={lang}
        onResolve={(id) => run(api.resolveFlag(id), t('moderation.flagResolved'))}
      />
      <BlocksSection
        blocks={blocks}
        t={t}
        lang={lang}
        onAdd={(b) => run(api.block(b), t('moderation.blocked'))}
        onRemove={(id) => run(api.unblock(id), t('moderation.unblocked'))}
      />
    </main>
  );
}

function QueueItem({
  item,
  config,
  mapShown,
  t,
  lang,
  onDecide,
  onBlock,
}: {
  item: ModerationItem;
  config: MapConfig | null;
  mapShown: boolean;
  t: ConnectorsT;
  lang: string;
  onDecide: (action: 'publish' | 'return' | 'reject', reason?: string) => Promise<boolean>;
  onBlock: (kind: Block['kind']) => Promise<boolean>;
}) {
  const [asking, setAsking] = useState<'return' | 'reject' | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [showMap, setShowMap] = useState(mapShown);
  const reasonId = useId();
  const titleId = useId();
  const where = item.location ?? item.public_location;
  const confirms = item.reviews.filter((r) => r.verdict === 'confirm').length;
  const flagged = item.reviews.filter((r) => r.verdict === 'flag');
  const decide = async (action: 'publish' | 'return' | 'reject') => {
    setBusy(true);
    const ok = await onDecide(action, action === 'publish' ? undefined : reason.trim());
    setBusy(false);
    if (ok) {
      setAsking(null);
      setReason('');
    }
  };
  const submitReason = (e: FormEvent) => {
    e.preventDefault();
    if (asking && reason.trim()) void decide(asking);
  };
  const canDecide = item.status === 'pending';
  return (
    <li className="queue-item" aria-labelledby={titleId}>
      <h3 id={titleId} className="item-title">
        <bdi>{item.title}</bdi>
      </h3>
      <p className="item-meta">
        {item.kind ? `${t(`moderation.kind.${item.kind}`, { defaultValue: item.kind })} · ` : ''}
        {item.submitted_at
          ? t('moderation.submitted', { when: iso(formatWhen(item.submitted_at, lang)) })
          : ''}
        {' · '}
        {t('supports', { count: item.supports })}
      </p>
      <div className="queue-body">
        <div>
          {where && config ? (
            showMap ? (
              <div className="small-map">
                <Suspense fallback={<p aria-busy="true">{t('loading')}</p>}>
                  <AreaMap
                    name={`item-${item.id}`}
                    styleUrl={config.mapStyleUrl}
                    label={`${t('map.item')}: ${item.title}`}
                    home={config.home}
                    points={[{ lon: where.lon, lat: where.lat, n: 1, kind: item.type, label: item.title }]}
                    zoom={13}
                    interactive={false}
                  />
                </Suspense>
              </div>
            ) : (
              <button type="button" className="admin-btn" onClick={() => setShowMap(true)}>
                {t('map.item')}
              </button>
            )
          ) : (
            <p className="empty">{t('moderation.noLocation')}</p>
          )}
        </div>
        <div className="stack">
          {item.description ? (
            <p className="description" dir="auto">
              {item.description}
            </p>
          ) : null}
          {item.area && <p>{t('moderation.area', { name: iso(item.area.name) })}</p>}
          {item.zones.length > 0 && (
            <p>{t('moderation.zones', { names: item.zones.map((z) => iso(z.name)).join(', ') })}</p>
          )}
          <p>{t('moderation.from', { domain: iso(item.email_domain) })}</p>
          <div>
            <h4>{t('moderation.reviews')}</h4>
            {item.reviews.length === 0 ? (
              <p className="empty">{t('moderation.noReviews')}</p>
            ) : (
              <ul className="reviews-list">
                {confirms > 0 && (
                  <li className="verdict-confirm">
                    ✓ {t('moderation.reviewConfirm')}: <bdi>{confirms}</bdi>
                  </li>
                )}
                {flagged.map((r) => (
                  <li key={r.created_at} className="verdict-flag">
                    ⚑ {t('moderation.reviewFlag')} ({iso(formatWhen(r.created_at, lang))})
                    {r.note ? (
                      <span className="note" dir="auto">
                        {r.note}
                      </span>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </div>
          {item.return_reason && item.status === 'returned' ? <p>{item.return_reason}</p> : null}
          {asking ? (
            <form className="reason-form" onSubmit={submitReason}>
              <label htmlFor={reasonId}>{t('moderation.reason')}</label>
              <textarea
                id={reasonId}
                required
                maxLength={1000}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
              <div className="actions">
                <button type="submit" className="admin-btn primary" disabled={busy || !reason.trim()}>
                  {t(`moderation.send.${asking}`)}
                </button>
                <button type="button" className="admin-btn" onClick={() => setAsking(null)}>
                  {t('moderation.cancel')}
                </button>
              </div>
            </form>
          ) : (
            <div className="actions">
              {canDecide && (
                <button
                  type="button"
                  className="admin-btn primary"
                  disabled={busy}
                  onClick={() => decide('publish')}
                >
                  {t('moderation.publish')}
                </button>
              )}
              {canDecide && item.type === 'proposal' && (
                <button
                  type="button"
                  className="admin-btn"
                  disabled={busy}
                  onClick={() => setAsking('return')}
                >
                  {t('moderation.return')}
                </button>
              )}
              {item.status !== 'rejected' && (
                <button
                  type="button"
                  className="admin-btn danger"
                  disabled={busy}
                  onClick={() => setAsking('reject')}
                >
                  {t('moderation.reject')}
                </button>
              )}
            </div>
          )}
          <div className="actions">
            <button
              type="button"
              className="admin-btn small danger"
              disabled={busy}
              onClick={() => onBlock('address')}
            >
              {t('moderation.blockAddress')}
            </button>
            <button
              type="button"
              className="admin-btn small danger"
              disabled={busy}
              onClick={() => onBlock('email_domain')}
            >
              {t('moderation.blockDomain', { domain: iso(item.email_domain) })}
            </button>
          </div>
        </div>
      </div>
    </li>
  );
}

function FlagsSection({
  flags,
  t,
  lang,
  onResolve,
}: {
  flags: ConnectorReview[] | null;
  t: ConnectorsT;
  lang: string;
  onResolve: (id: string) => Promise<boolean>;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  return (
    <section className="card" aria-labelledby="flags-title">
      <h2 id="flags-title">{t('moderation.connectorFlags')}</h2>
      <p className="help">{t('moderation.connectorFlagsIntro')}</p>
      {!flags ? (
        <p aria-busy="true">{t('loading')}</p>
      ) : !flags.length ? (
        <p className="empty">{t('moderation.noFlags')}</p>
      ) : (
        <ul className="reviews-list">
          {flags.map((f) => (
            <li key={f.id} className="verdict-flag">
              <span id={`flag-${f.id}`}>
                ⚑ {t(`types.${f.target_type}`)}: <bdi>{f.title || t('none')}</bdi>
              </span>{' '}
              (
              {iso(formatWhen(f.created_at, lang))})
              {f.note ? (
                <span className="note" dir="auto">
                  {f.note}
                </span>
              ) : null}
              <button
                type="button"
                className="admin-btn small"
                disabled={busy === f.id}
                aria-describedby={`flag-${f.id}`}
                onClick={async () => {
                  setBusy(f.id);
                  await onResolve(f.id);
                  setBusy(null);
                }}
              >
                {t('moderation.resolveFlag')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function BlocksSection({
  blocks,
  t,
  lang,
  onAdd,
  onRemove,
}: {
  blocks: Block[] | null;
  t: ConnectorsT;
  lang: string;
  onAdd: (b: { kind: Block['kind']; value: string; reason?: string }) => Promise<boolean>;
  onRemove: (id: string) => Promise<boolean>;
}) {
  const [kind, setKind] = useState<Block['kind']>('email_domain');
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const ids = { kind: useId(), value: useId(), reason: useId() };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!value.trim()) return;
    if (await onAdd({ kind, value: value.trim(), ...(reason.trim() ? { reason: reason.trim() } : {}) })) {
      setValue('');
      setReason('');
    }
  };
  return (
    <section className="card" aria-labelledby="blocks-title">
      <h2 id="blocks-title">{t('moderation.blocks')}</h2>
      <p className="help">{t('moderation.blocksIntro')}</p>
      {!blocks ? (
        <p aria-busy="true">{t('loading')}</p>
      ) : !blocks.length ? (
        <p className="empty">{t('moderation.noBlocks')}</p>
      ) : (
        <table className="blocks-table">
          <thead>
            <tr>
              <th scope="col">{t('moderation.blockWhat')}</th>
              <th scope="col">{t('moderation.value')}</th>
              <th scope="col">{t('moderation.blockReason')}</th>
              <th scope="col">
                <span className="sr-only">{t('moderation.unblock')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {blocks.map((b) => (
              <tr key={b.id}>
                <td>{t(`moderation.blockKind.${b.kind}`)}</td>
                <td>
                  {b.value.startsWith('client:') ? (
                    <span title={b.value}>{t('moderation.hiddenAddress')}</span>
                  ) : (
                    <bdi dir="ltr">{b.value}</bdi>
                  )}
                  <br />
                  <small>{iso(formatWhen(b.created_at, lang))}</small>
                </td>
                <td>{b.reason ? <bdi>{b.reason}</bdi> : t('none')}</td>
                <td>
                  <button type="button" className="admin-btn small" onClick={() => onRemove(b.id)}>
                    {t('moderation.unblock')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="row" onSubmit={submit}>
        <label htmlFor={ids.kind}>
          {t('moderation.blockWhat')}
          <select id={ids.kind} value={kind} onChange={(e) => setKind(e.target.value as Block['kind'])}>
            <option value="email_domain">{t('moderation.blockKind.email_domain')}</option>
            <option value="address">{t('moderation.blockKind.address')}</option>
          </select>
        </label>
        <label htmlFor={ids.value}>
          {t('moderation.value')}
          <input
            id={ids.value}
            dir="ltr"
            required
            value={value}
            maxLength={300}
            onChange={(e) => setValue(e.target.value)}
          />
        </label>
        <label htmlFor={ids.reason}>
          {t('moderation.blockReason')}
          <input id={ids.reason} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
        </label>
        <button type="submit" className="admin-btn primary">
          {t('moderation.addBlock')}
        </button>
      </form>
    </section>
  );
}
