/**
 * /admin/review: the moderator's queue (admins and moderators; docs/ADMIN.md, "Review"). The
 * tenant's pending activities and places, longest waiting first, each opening
 *   /admin/review/<opportunity|place>/<id>
 * with the preview residents will see (the content pages' Preview, fed by the review API), its
 * history, and the decision: "Publish", or "Return to the editor" with a reason.
 * The strings live in the content pages' namespace (admin-content, `review.*`).
 */
import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import type { PlaceDetail } from '../../api.ts';
import { ContentError, contentApi, type TenantConfig, setContentTenant } from '../content/contentApi.ts';
import { formatWhen } from '../content/format.tsx';
import { History } from '../content/History.tsx';
import { useContentText } from '../content/i18n.ts';
import { link, navigate, useLocationKey } from '../content/nav.ts';
import { Preview } from '../content/Preview.tsx';
import { pickText, type ReviewItem, type ReviewType } from '../content/types.ts';
import type { AdminPageProps } from '../pages.ts';
import '../content/content.css';
import './review.css';

type Notice = { kind: 'ok' | 'error'; text: string } | null;

function routeOf(pathname: string): { type: ReviewType; id: string } | null {
  const p = pathname.replace(/\/+$/, '').split('/').slice(3); // after /admin/review
  if ((p[0] === 'opportunity' || p[0] === 'place') && p[1])
    return { type: p[0], id: decodeURIComponent(p[1]) };
  return null;
}

const itemPath = (i: { type: ReviewType; id: string }) =>
  `/admin/review/${i.type}/${encodeURIComponent(i.id)}`;

export function ReviewPage({ me }: AdminPageProps) {
  const { t } = useContentText();
  setContentTenant(me.tenant);
  const locationKey = useLocationKey();
  const [config, setConfig] = useState<TenantConfig | null>(null);
  const [error, setError] = useState<string | null>(null);
  // what the last decision did, said on the list it returns to
  const [notice, setNotice] = useState<Notice>(null);

  useEffect(() => {
    const ctl = new AbortController();
    contentApi
      .config(ctl.signal)
      .then((c) => !ctl.signal.aborted && setConfig(c))
      .catch((e: unknown) => !ctl.signal.aborted && setError(e instanceof Error ? e.message : String(e)));
    return () => ctl.abort();
  }, []);

  const route = routeOf(locationKey.split('?')[0] ?? '');
  const done = useCallback((n: Notice) => {
    setNotice(n);
    navigate('/admin/review');
  }, []);
  return (
    <main className="admin-page content-page review-page">
      {error ? (
        <p role="alert" className="notice error">
          {t('problem', { error })}
        </p>
      ) : !config ? (
        <p aria-busy="true">{t('review.loading')}</p>
      ) : route ? (
        <ReviewItemView
          key={`${route.type}:${route.id}`}
          type={route.type}
          id={route.id}
          config={config}
          onDone={done}
        />
      ) : (
        <Queue key={locationKey} config={config} notice={notice} />
      )}
    </main>
  );
}

function Queue({ config, notice }: { config: TenantConfig; notice: Notice }) {
  const { t, lang } = useContentText();
  const [items, setItems] = useState<ReviewItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const ctl = new AbortController();
    contentApi
      .reviewQueue(ctl.signal)
      .then((r) => !ctl.signal.aborted && setItems(r.items))
      .catch((e: unknown) => !ctl.signal.aborted && setError(e instanceof Error ? e.message : String(e)));
    return () => ctl.abort();
  }, []);
  useEffect(() => {
    if (notice) heading.current?.focus();
  }, [notice]);
  return (
    <>
      <h2 id="review-heading" tabIndex={-1} ref={heading}>
        {t('review.heading')}
      </h2>
      <p className="muted">{t('review.intro')}</p>
      <div aria-live="polite">
        {notice && (
          <p role={notice.kind === 'ok' ? 'status' : 'alert'} className={`notice ${notice.kind}`}>
            {notice.text}
          </p>
        )}
      </div>
      {error && (
        <p role="alert" className="notice error">
          {t('problem', { error })}
        </p>
      )}
      {!items && !error && <p aria-busy="true">{t('review.loading')}</p>}
      {items && (
        <p role="status" className="list-count">
          {items.length ? t('review.count', { count: items.length }) : t('review.empty')}
        </p>
      )}
      {items && items.length > 0 && (
        <table className="admin-table content-table review-table" aria-label={t('review.listLabel')}>
          <thead>
            <tr>
              <th scope="col">{t('review.item')}</th>
              <th scope="col">{t('review.type')}</th>
              <th scope="col">{t('review.organisation')}</th>
              <th scope="col">{t('review.sent')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => {
              const name =
                i.type === 'place' ? i.name : pickText(i.title, lang, config.defaultLocale) || i.name;
              return (
                <tr key={`${i.type}:${i.id}`}>
                  <th scope="row">
                    <a href={itemPath(i)} onClick={link(itemPath(i))}>
                      <bdi>{name}</bdi>
                    </a>
                  </th>
                  <td>{t(`review.${i.type}`)}</td>
                  <td>{i.organisation ? <bdi>{i.organisation.name}</bdi> : t('review.noOrganisation')}</td>
                  <td>
                    <time dateTime={i.sent_at}>
                      <bdi>{formatWhen(i.sent_at, config.timezone, lang)}</bdi>
                    </time>
                    {i.sent_by && (
                      <div className="muted">
                        {t('review.by', { who: '' })}
                        <bdi dir="ltr">{i.sent_by}</bdi>
                      </div>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}

function PlaceSummaryView({ id }: { id: string }) {
  const { t, lang } = useContentText();
  const [place, setPlace] = useState<PlaceDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    contentApi
      .reviewPlacePreview(id, lang, ctl.signal)
      .then((p) => !ctl.signal.aborted && setPlace(p))
      .catch((e: unknown) => !ctl.signal.aborted && setError(e instanceof Error ? e.message : String(e)));
    return () => ctl.abort();
  }, [id, lang]);
  if (error)
    return (
      <p role="alert" className="notice error">
        {t('problem', { error })}
      </p>
    );
  if (!place) return <p aria-busy="true">{t('review.loading')}</p>;
  return (
    <dl className="review-place" data-testid="review-place-preview">
      <dt>{t('review.kind')}</dt>
      <dd>{t(`placeKind.${place.kind}`, { defaultValue: place.kind })}</dd>
      <dt>{t('review.address')}</dt>
      <dd>{place.address ? <bdi>{place.address}</bdi> : t('review.none')}</dd>
      <dt>{t('review.hours')}</dt>
      <dd>{place.opening_hours ? <bdi dir="ltr">{place.opening_hours}</bdi> : t('review.none')}</dd>
    </dl>
  );
}

function ReviewItemView({
  type,
  id,
  config,
  onDone,
}: {
  type: ReviewType;
  id: string;
  config: TenantConfig;
  onDone: (n: Notice) => void;
}) {
  const { t, lang } = useContentText();
  const [item, setItem] = useState<ReviewItem | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const reasonId = useId();
  const helpId = useId();

  useEffect(() => {
    const ctl = new AbortController();
    contentApi
      .reviewItem(type, id, ctl.signal)
      .then((r) => !ctl.signal.aborted && setItem(r))
      .catch((e: unknown) => {
        if (ctl.signal.aborted) return;
        if (e instanceof ContentError && e.status === 404) onDone({ kind: 'error', text: t('review.gone') });
        else setLoadError(e instanceof Error ? e.message : String(e));
      });
    return () => ctl.abort();
  }, [type, id, onDone, t]);
  useEffect(() => {
    if (item) heading.current?.focus();
  }, [item]);
  const loadHistory = useCallback(
    (signal: AbortSignal) => contentApi.reviewHistory(type, id, signal),
    [type, id],
  );

  if (loadError)
    return (
      <p role="alert" className="notice error">
        {t('problem', { error: loadError })}
      </p>
    );
  if (!item) return <p aria-busy="true">{t('review.loading')}</p>;
  const name =
    item.type === 'place' ? item.name : pickText(item.title, lang, config.defaultLocale) || item.name;

  const decide = async (decision: 'publish' | 'return', e?: FormEvent) => {
    e?.preventDefault();
    if (decision === 'return' && !reason.trim()) {
      setProblem(t('review.reasonRequired'));
      document.getElementById(reasonId)?.focus();
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await contentApi.decide(
        type,
        id,
        decision,
        item.updated_at,
        decision === 'return' ? reason.trim() : undefined,
      );
      onDone({
        kind: 'ok',
        text: t(decision === 'publish' ? 'review.published' : 'review.returnedDone', { name }),
      });
    } catch (err) {
      if (err instanceof ContentError && (err.status === 404 || err.code === 'stale'))
        onDone({ kind: 'error', text: t('review.gone') });
      else if (err instanceof ContentError && err.code === 'not_publishable') {
        const missing = ((err.details as { missing?: { field: string; message: string }[] })?.missing ?? [])
          .map((m) => t(`workflow.reason.${m.field}`, { defaultValue: `${m.field}: ${m.message}` }))
          .join('; ');
        setProblem(t('review.notPublishable', { missing: missing || err.message }));
      } else setProblem(t('problem', { error: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className="review-item" aria-labelledby="review-item-heading">
      <p>
        <a href="/admin/review" onClick={link('/admin/review')}>
          {t('review.back')}
        </a>
      </p>
      <h2 id="review-item-heading" tabIndex={-1} ref={heading}>
        <bdi>{name}</bdi>
      </h2>
      <p className="muted">
        {t(`review.${item.type}`)}
        {' · '}
        {item.organisation ? <bdi>{item.organisation.name}</bdi> : t('review.noOrganisation')}
        {' · '}
        {t('review.sent')}{' '}
        <time dateTime={item.sent_at}>
          <bdi>{formatWhen(item.sent_at, config.timezone, lang)}</bdi>
        </time>
        {item.sent_by && (
          <>
            {' '}
            {t('review.by', { who: '' })}
            <bdi dir="ltr">{item.sent_by}</bdi>
          </>
        )}
      </p>
      <div className="review-columns">
        <section aria-labelledby="review-preview-h" className="review-preview">
          <h3 id="review-preview-h">{t('review.previewHeading')}</h3>
          {item.type === 'opportunity' ? (
            <Preview
              id={item.id}
              kind={item.kind}
              name={name}
              updatedAt={item.updated_at}
              timeZone={config.timezone}
              onClose={() => navigate('/admin/review')}
              loadPreview={contentApi.reviewPreview}
            />
          ) : (
            <PlaceSummaryView id={item.id} />
          )}
        </section>
        <section aria-labelledby="review-decision-h" className="review-decision">
          <h3 id="review-decision-h">{t('review.decision')}</h3>
          <div aria-live="assertive">
            {problem && (
              <p role="alert" className="notice error">
                {problem}
              </p>
            )}
          </div>
          <button
            type="button"
            className="admin-btn primary"
            disabled={busy}
            onClick={() => void decide('publish')}
          >
            {t('review.publish')}
          </button>
          <form className="review-return" onSubmit={(e) => void decide('return', e)} noValidate>
            <label htmlFor={reasonId}>{t('review.reason')}</label>
            <textarea
              id={reasonId}
              value={reason}
              maxLength={1000}
              rows={4}
              aria-describedby={helpId}
              aria-invalid={problem === t('review.reasonRequired') ? true : undefined}
              onChange={(e) => setReason(e.target.value)}
            />
            <p id={helpId} className="muted">
              {t('review.reasonHelp')}
            </p>
            <button type="submit" className="admin-btn" disabled={busy}>
              {t('review.returnIt')}
            </button>
          </form>
        </section>
      </div>
      <History
        kind={type === 'opportunity' ? 'opportunities' : 'places'}
        id={id}
        timeZone={config.timezone}
        load={loadHistory}
      />
    </article>
  );
}
