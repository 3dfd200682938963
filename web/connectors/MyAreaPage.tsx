/**
 * /admin/my-area: the block connector's own area (role block_connector). The area on a map with
 * numbered markers, and beside it the same items as lists — what's on, what residents propose,
 * what is missing — with no personal data; each can be confirmed or flagged (with a note for the
 * moderators). Pending proposals and needs are only counted.
 */
import { lazy, Suspense, useCallback, useEffect, useId, useMemo, useState } from 'react';
import type { AdminPageProps } from '../admin/pages.ts';
import { type AreaItem, connectorsApi, type MapConfig, type MyArea, mapConfig } from './api.ts';
import type { MapPoint } from './AreaMap.tsx';
import { type ConnectorsT, formatWhen, useConnectorsText } from './i18n.ts';
import '../admin/common/pages.css';
import './connectors.css';

const AreaMap = lazy(() => import('./AreaMap.tsx'));

type Notice = { kind: 'ok' | 'error'; text: string } | null;

export function MyAreaPage({ me }: AdminPageProps) {
  const { t, lang } = useConnectorsText();
  const api = useMemo(() => connectorsApi(me.tenant, lang), [me.tenant, lang]);
  const [config, setConfig] = useState<MapConfig | null>(null);
  const [area, setArea] = useState<MyArea | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [version, setVersion] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new version (after a change) reloads it
  useEffect(() => {
    const ctl = new AbortController();
    Promise.all([mapConfig(ctl.signal), api.myArea(ctl.signal)])
      .then(([c, a]) => {
        if (ctl.signal.aborted) return;
        setConfig(c);
        setArea(a);
      })
      .catch((e: unknown) => !ctl.signal.aborted && setError(e instanceof Error ? e.message : String(e)));
    return () => ctl.abort();
  }, [api, version]);

  const sections = useMemo(() => {
    if (!area) return [];
    let n = 0;
    const number = (items: AreaItem[]) => items.map((i) => ({ item: i, n: ++n }));
    return [
      { key: 'on' as const, items: number(area.on) },
      { key: 'proposed' as const, items: number(area.proposed) },
      { key: 'needed' as const, items: number(area.needed) },
    ];
  }, [area]);
  const points: MapPoint[] = useMemo(
    () =>
      sections.flatMap((s) =>
        s.items.map(({ item, n }) => ({
          lon: item.lon,
          lat: item.lat,
          n,
          kind: item.type,
          label: `${n}. ${item.title}`,
        })),
      ),
    [sections],
  );

  const review = useCallback(
    async (item: AreaItem, verdict: 'confirm' | 'flag', note?: string) => {
      setNotice(null);
      try {
        await api.review({ target_type: item.type, target_id: item.id, verdict, ...(note ? { note } : {}) });
        setNotice({ kind: 'ok', text: t('myArea.saved') });
        setVersion((v) => v + 1);
        return true;
      } catch (e) {
        setNotice({
          kind: 'error',
          text: t('problem', { error: e instanceof Error ? e.message : String(e) }),
        });
        return false;
      }
    },
    [api, t],
  );

  return (
    <main className="admin-page connectors-page my-area-page">
      <h1>{t('myArea.title')}</h1>
      <p className="intro">{t('myArea.intro')}</p>
      <div role="status" aria-live="polite" className="notice ok">
        {notice?.kind === 'ok' ? notice.text : ''}
      </div>
      <div role="alert" className="notice error">
        {notice?.kind === 'error' ? notice.text : error ? t('problem', { error }) : ''}
      </div>
      {!area || !config ? (
        !error && <p aria-busy="true">{t('loading')}</p>
      ) : !area.areas.length ? (
        <p>{t('myArea.noArea')}</p>
      ) : (
        <div className="area-layout">
          <section className="area-map-panel" aria-label={t('map.area')}>
            {area.areas.some((a) => a.name) && (
              <p className="area-name">
                {t('myArea.areaName', {
                  name: area.areas
                    .map((a) => a.name)
                    .filter(Boolean)
                    .map((n) => `\u2068${n}\u2069`)
                    .join(', '),
                })}
              </p>
            )}
            <div className="area-map">
              <Suspense fallback={<p aria-busy="true">{t('loading')}</p>}>
                <AreaMap
                  name="my-area"
                  styleUrl={config.mapStyleUrl}
                  label={t('map.area')}
                  home={config.home}
                  bbox={area.bbox}
                  areas={area.areas.map((a) => a.geometry)}
                  points={points}
                />
              </Suspense>
            </div>
            <p className="pending-count">
              {t('myArea.pending', { proposals: area.pending.proposals, needs: area.pending.needs })}
            </p>
          </section>
          <div className="area-lists">
            {sections.map((s) => (
              <section key={s.key} className="card area-section" aria-labelledby={`area-${s.key}`}>
                <h2 id={`area-${s.key}`}>
                  {t(`myArea.${s.key}`)} <span className="count">({s.items.length})</span>
                </h2>
                {s.items.length === 0 ? (
                  <p className="empty">
                    {t(
                      s.key === 'on'
                        ? 'myArea.emptyOn'
                        : s.key === 'proposed'
                          ? 'myArea.emptyProposed'
                          : 'myArea.emptyNeeded',
                    )}
                  </p>
                ) : (
                  <ol className="area-items">
                    {s.items.map(({ item, n }) => (
                      <AreaItemView
                        key={`${item.type}:${item.id}`}
                        item={item}
                        n={n}
                        t={t}
                        lang={lang}
                        onReview={review}
                      />
                    ))}
                  </ol>
                )}
              </section>
            ))}
          </div>
        </div>
      )}
    </main>
  );
}

function AreaItemView({
  item,
  n,
  t,
  lang,
  onReview,
}: {
  item: AreaItem;
  n: number;
  t: ConnectorsT;
  lang: string;
  onReview: (item: AreaItem, verdict: 'confirm' | 'flag', note?: string) => Promise<boolean>;
}) {
  const [flagging, setFlagging] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const noteId = useId();
  const act = async (verdict: 'confirm' | 'flag') => {
    setBusy(true);
    const ok = await onReview(item, verdict, verdict === 'flag' ? note.trim() : undefined);
    setBusy(false);
    if (ok) {
      setFlagging(false);
      setNote('');
    }
  };
  const mine = item.my_review;
  return (
    <li className={`area-item area-item-${item.type}`} value={n}>
      <div className="area-item-head">
        <span className={`item-number item-marker-${item.type}`} aria-hidden="true">
          <bdi>{n}</bdi>
        </span>
        <div>
          <p className="item-title">
            <bdi>{item.title}</bdi>
          </p>
          <p className="item-meta">
            {t(`types.${item.type}`)}
            {item.resident_initiative && item.type === 'opportunity'
              ? ` · ${t('myArea.residentInitiative')}`
              : ''}
            {item.supports !== null ? ` · ${t('supports', { count: item.supports })}` : ''}
          </p>
        </div>
      </div>
      {mine && (
        <div className={`my-verdict verdict-${mine.verdict}`}>
          <p>
            <span aria-hidden="true">{mine.verdict === 'confirm' ? '✓ ' : '⚑ '}</span>
            {t(mine.verdict === 'confirm' ? 'myArea.confirmed' : 'myArea.flagged', {
              when: `\u2068${formatWhen(mine.created_at, lang)}\u2069`,
            })}
          </p>
          {mine.note ? (
            <p className="note" dir="auto">
              {mine.note}
            </p>
          ) : null}
        </div>
      )}
      {flagging ? (
        <div className="flag-form">
          <label htmlFor={noteId}>{t('myArea.note')}</label>
          <textarea
            id={noteId}
            value={note}
            maxLength={1000}
            rows={2}
            onChange={(e) => setNote(e.target.value)}
          />
          <div className="actions">
            <button type="button" className="admin-btn danger" disabled={busy} onClick={() => act('flag')}>
              {t('myArea.sendFlag')}
            </button>
            <button type="button" className="admin-btn" disabled={busy} onClick={() => setFlagging(false)}>
              {t('myArea.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button
            type="button"
            className="admin-btn primary"
            disabled={busy}
            onClick={() => act('confirm')}
            aria-label={`${t('myArea.confirm')}: ${item.title}`}
          >
            ✓ {t('myArea.confirm')}
          </button>
          <button
            type="button"
            className="admin-btn danger"
            disabled={busy}
            onClick={() => setFlagging(true)}
            aria-label={`${t('myArea.flag')} ${item.title}`}
          >
            ⚑ {t('myArea.flag')}
          </button>
        </div>
      )}
    </li>
  );
}
