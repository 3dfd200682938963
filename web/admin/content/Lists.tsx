/**
 * The lists of activities and places: search, filters (kept in the address, so the back button and
 * a bookmark bring them back), paging, and per row edit, duplicate and archive. The number found
 * is announced (a live region); the status is a word with a shape, never only a colour.
 */
import { appUrl } from '../../state/tenant.ts';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { languageName } from '../../i18n/index.ts';
import { AUDIENCES, audienceLabel, CATEGORIES, categoryLabel } from '../../taxonomy.ts';
import { type ContentContext, link, navigate } from './nav.ts';
import { ContentError, contentApi } from './contentApi.ts';
import { ReturnedNote, useReturned } from './Returned.tsx';
import { formatWhen, Occurrence } from './format.tsx';
import { type ContentT, useContentText } from './i18n.ts';
import { PLACE_KINDS } from './PlaceEditor.tsx';
import { StatusBadge } from './Workflow.tsx';
import { KINDS, type OpportunitySummary, type PlaceSummary, pickText, STATUSES } from './types.ts';

const PAGE = 20;

type Notice = { kind: 'ok' | 'error'; text: string } | null;

function useQuery(): URLSearchParams {
  return new URLSearchParams(window.location.search);
}

function setQuery(base: string, values: Record<string, string>) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v) q.set(k, v);
  const s = q.toString();
  navigate(`${base}${s ? `?${s}` : ''}`);
}

function Pager({
  total,
  offset,
  base,
  values,
  t,
}: {
  total: number;
  offset: number;
  base: string;
  values: Record<string, string>;
  t: ContentT;
}) {
  if (total <= PAGE) return null;
  const go = (o: number) => setQuery(base, { ...values, offset: o ? String(o) : '' });
  return (
    <nav className="pager" aria-label={t('list.pages')}>
      <button
        type="button"
        className="admin-btn"
        disabled={offset === 0}
        onClick={() => go(Math.max(0, offset - PAGE))}
      >
        {t('list.previous')}
      </button>
      <span>
        <bdi dir="ltr">
          {t('list.range', { from: offset + 1, to: Math.min(total, offset + PAGE), total })}
        </bdi>
      </span>
      <button
        type="button"
        className="admin-btn"
        disabled={offset + PAGE >= total}
        onClick={() => go(offset + PAGE)}
      >
        {t('list.next')}
      </button>
    </nav>
  );
}

function Select({
  label,
  name,
  value,
  options,
  t,
}: {
  label: string;
  name: string;
  value: string;
  options: [string, string][];
  t: ContentT;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value}>
        <option value="">{t('list.any')}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}

function formValues(e: FormEvent<HTMLFormElement>): Record<string, string> {
  const data = new FormData(e.currentTarget);
  const out: Record<string, string> = {};
  for (const [k, v] of data.entries()) if (typeof v === 'string' && v.trim()) out[k] = v.trim();
  return out;
}

export function OpportunityList({ ctx }: { ctx: ContentContext }) {
  const { t, lang } = useContentText();
  const query = useQuery();
  const values: Record<string, string> = {};
  for (const k of ['q', 'status', 'kind', 'category', 'audience', 'organisation', 'missing'])
    values[k] = query.get(k) ?? '';
  const offset = Math.max(0, Number(query.get('offset')) || 0);
  const [data, setData] = useState<{ items: OpportunitySummary[]; total: number } | null>(null);
  const returned = useReturned('opportunity');
  const [notice, setNotice] = useState<Notice>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const searchId = useId();

  // biome-ignore lint/correctness/useExhaustiveDependencies: the list is keyed by the address; reloadKey reloads it
  useEffect(() => {
    const ctl = new AbortController();
    contentApi
      .opportunities({ ...values, limit: PAGE, offset }, ctl.signal)
      .then((d) => !ctl.signal.aborted && setData(d))
      .catch((e: unknown) => {
        if (!ctl.signal.aborted)
          setNotice({
            kind: 'error',
            text: t('problem', { error: e instanceof Error ? e.message : String(e) }),
          });
      });
    return () => ctl.abort();
  }, [reloadKey]);

  const act = async (
    what: 'duplicate' | 'archive',
    o: Omit<OpportunitySummary, 'title'> & { title: string },
  ) => {
    try {
      if (what === 'duplicate') {
        const copy = await contentApi.duplicateOpportunity(o.id);
        setNotice({ kind: 'ok', text: t('list.duplicated', { title: o.title }) });
        navigate(`/admin/content/opportunities/${encodeURIComponent(copy.id)}`);
        return;
      }
      await contentApi.setOpportunityStatus(o.id, 'archived', o.updated_at);
      setNotice({ kind: 'ok', text: t('list.archived', { title: o.title }) });
      setReloadKey((k) => k + 1);
    } catch (e) {
      setNotice({ kind: 'error', text: e instanceof ContentError ? e.message : String(e) });
    }
  };

  const base = '/admin/content';
  return (
    <section aria-labelledby={`${searchId}-h`} className="content-list">
      <h3 id={`${searchId}-h`} className="sr-only">
        {t('tabs.opportunities')}
      </h3>
      <div className="list-actions">
        <a
          className="admin-btn primary"
          href={appUrl('/admin/content/opportunities/new')}
          onClick={link('/admin/content/opportunities/new')}
        >
          {t('list.newOpportunity')}
        </a>
      </div>
      <search>
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            setQuery(base, formValues(e));
          }}
        >
          <div className="field grow">
            <label htmlFor={searchId}>{t('list.search')}</label>
            <input id={searchId} type="search" dir="auto" name="q" defaultValue={values.q} />
          </div>
          <Select
            label={t('list.status')}
            name="status"
            value={values.status ?? ''}
            options={STATUSES.map((s) => [s, t(`status.${s}`)])}
            t={t}
          />
          <Select
            label={t('list.kind')}
            name="kind"
            value={values.kind ?? ''}
            options={KINDS.map((k) => [k, t(`kind.${k}`)])}
            t={t}
          />
          <Select
            label={t('list.category')}
            name="category"
            value={values.category ?? ''}
            options={CATEGORIES.map((c) => [c, categoryLabel(c, lang)])}
            t={t}
          />
          <Select
            label={t('list.audience')}
            name="audience"
            value={values.audience ?? ''}
            options={AUDIENCES.map((a) => [a, audienceLabel(a, lang)])}
            t={t}
          />
          {ctx.organisations.length > 1 && (
            <Select
              label={t('list.organisation')}
              name="organisation"
              value={values.organisation ?? ''}
              options={ctx.organisations.map((o) => [o.id, o.name])}
              t={t}
            />
          )}
          <Select
            label={t('list.missing')}
            name="missing"
            value={values.missing ?? ''}
            options={ctx.config.locales.map((l) => [l, languageName(l, lang)])}
            t={t}
          />
          <div className="filter-buttons">
            <button type="submit" className="admin-btn primary">
              {t('list.apply')}
            </button>
            <a className="admin-btn" href={appUrl(base)} onClick={link(base)}>
              {t('list.clear')}
            </a>
          </div>
        </form>
      </search>
      {notice && (
        <p role={notice.kind === 'error' ? 'alert' : 'status'} className={`notice ${notice.kind}`}>
          {notice.text}
        </p>
      )}
      <p role="status" className="list-count">
        {data ? t('list.count', { count: data.total }) : t('loading')}
      </p>
      {data && data.items.length === 0 && <p>{t('list.empty')}</p>}
      {data && data.items.length > 0 && (
        <table className="admin-table content-table">
          <thead>
            <tr>
              <th scope="col">{t('list.title')}</th>
              <th scope="col">{t('list.status')}</th>
              <th scope="col">{t('list.kind')}</th>
              <th scope="col">{t('list.where')}</th>
              <th scope="col">{t('list.nextDate')}</th>
              <th scope="col">{t('list.translations')}</th>
              <th scope="col">{t('list.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((item) => {
              const o = { ...item, title: pickText(item.title, lang, ctx.config.defaultLocale) };
              return (
                <tr key={o.id}>
                  <th scope="row">
                    <a
                      href={appUrl(`/admin/content/opportunities/${encodeURIComponent(o.id)}`)}
                      onClick={link(`/admin/content/opportunities/${encodeURIComponent(o.id)}`)}
                    >
                      <bdi>{o.title}</bdi>
                    </a>
                    {o.organisation && <div className="muted">{o.organisation.name}</div>}
                  </th>
                  <td>
                    <StatusBadge status={o.status} />
                    {o.status === 'draft' && <ReturnedNote item={returned.get(o.id)} />}
                  </td>
                  <td>{t(`kind.${o.kind}`, { defaultValue: o.kind })}</td>
                  <td>{o.place ? <bdi>{o.place.name}</bdi> : '—'}</td>
                  <td>
                    {o.next_date ? (
                      <Occurrence
                        start={o.next_date.start}
                        end={o.next_date.end}
                        timeZone={ctx.config.timezone}
                        lang={lang}
                      />
                    ) : (
                      t('list.none')
                    )}
                  </td>
                  <td>
                    {o.missing_languages.length ? (
                      <span className="missing">
                        <span aria-hidden="true">⚠ </span>
                        {t('list.missingIn', {
                          langs: o.missing_languages.map((l) => languageName(l, lang)).join(', '),
                        })}
                      </span>
                    ) : (
                      t('list.complete')
                    )}
                  </td>
                  <td className="row-actions">
                    <a
                      className="admin-btn"
                      href={appUrl(`/admin/content/opportunities/${encodeURIComponent(o.id)}`)}
                      onClick={link(`/admin/content/opportunities/${encodeURIComponent(o.id)}`)}
                    >
                      {t('list.edit')} <span className="sr-only">{o.title}</span>
                    </a>
                    <button type="button" className="admin-btn" onClick={() => void act('duplicate', o)}>
                      {t('list.duplicate')} <span className="sr-only">{o.title}</span>
                    </button>
                    {o.status !== 'archived' && (
                      <button type="button" className="admin-btn" onClick={() => void act('archive', o)}>
                        {t('list.archive')} <span className="sr-only">{o.title}</span>
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {data && <Pager total={data.total} offset={offset} base={base} values={values} t={t} />}
    </section>
  );
}

export function PlaceList({ ctx }: { ctx: ContentContext }) {
  const { t, lang } = useContentText();
  const query = useQuery();
  const values: Record<string, string> = {};
  for (const k of ['q', 'status', 'kind', 'organisation']) values[k] = query.get(k) ?? '';
  const offset = Math.max(0, Number(query.get('offset')) || 0);
  const [data, setData] = useState<{ items: PlaceSummary[]; total: number } | null>(null);
  const returned = useReturned('place');
  const [notice, setNotice] = useState<Notice>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const searchId = useId();

  // biome-ignore lint/correctness/useExhaustiveDependencies: the list is keyed by the address; reloadKey reloads it
  useEffect(() => {
    const ctl = new AbortController();
    contentApi
      .places({ ...values, limit: PAGE, offset }, ctl.signal)
      .then((d) => !ctl.signal.aborted && setData(d))
      .catch((e: unknown) => {
        if (!ctl.signal.aborted)
          setNotice({
            kind: 'error',
            text: t('problem', { error: e instanceof Error ? e.message : String(e) }),
          });
      });
    return () => ctl.abort();
  }, [reloadKey]);

  const act = async (what: 'duplicate' | 'archive', p: PlaceSummary) => {
    try {
      if (what === 'duplicate') {
        const copy = await contentApi.duplicatePlace(p.id);
        navigate(`/admin/content/places/${encodeURIComponent(copy.id)}`);
        return;
      }
      await contentApi.setPlaceStatus(p.id, 'archived', p.updated_at);
      setNotice({ kind: 'ok', text: t('list.archived', { title: p.name }) });
      setReloadKey((k) => k + 1);
    } catch (e) {
      setNotice({ kind: 'error', text: e instanceof ContentError ? e.message : String(e) });
    }
  };

  const base = '/admin/content/places';
  return (
    <section aria-labelledby={`${searchId}-h`} className="content-list">
      <h3 id={`${searchId}-h`} className="sr-only">
        {t('tabs.places')}
      </h3>
      <div className="list-actions">
        <a
          className="admin-btn primary"
          href={appUrl('/admin/content/places/new')}
          onClick={link('/admin/content/places/new')}
        >
          {t('list.newPlace')}
        </a>
      </div>
      <search>
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            setQuery(base, formValues(e));
          }}
        >
          <div className="field grow">
            <label htmlFor={searchId}>{t('list.search')}</label>
            <input id={searchId} type="search" dir="auto" name="q" defaultValue={values.q} />
          </div>
          <Select
            label={t('list.status')}
            name="status"
            value={values.status ?? ''}
            options={STATUSES.map((s) => [s, t(`status.${s}`)])}
            t={t}
          />
          <Select
            label={t('list.kind')}
            name="kind"
            value={values.kind ?? ''}
            options={PLACE_KINDS.map((k) => [k, t(`placeKind.${k}`)])}
            t={t}
          />
          {ctx.organisations.length > 1 && (
            <Select
              label={t('list.organisation')}
              name="organisation"
              value={values.organisation ?? ''}
              options={ctx.organisations.map((o) => [o.id, o.name])}
              t={t}
            />
          )}
          <div className="filter-buttons">
            <button type="submit" className="admin-btn primary">
              {t('list.apply')}
            </button>
            <a className="admin-btn" href={appUrl(base)} onClick={link(base)}>
              {t('list.clear')}
            </a>
          </div>
        </form>
      </search>
      {notice && (
        <p role={notice.kind === 'error' ? 'alert' : 'status'} className={`notice ${notice.kind}`}>
          {notice.text}
        </p>
      )}
      <p role="status" className="list-count">
        {data ? t('list.placeCount', { count: data.total }) : t('loading')}
      </p>
      {data && data.items.length === 0 && <p>{t('list.empty')}</p>}
      {data && data.items.length > 0 && (
        <table className="admin-table content-table">
          <thead>
            <tr>
              <th scope="col">{t('list.name')}</th>
              <th scope="col">{t('list.status')}</th>
              <th scope="col">{t('list.kind')}</th>
              <th scope="col">{t('list.updated')}</th>
              <th scope="col">{t('list.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  <a
                    href={appUrl(`/admin/content/places/${encodeURIComponent(p.id)}`)}
                    onClick={link(`/admin/content/places/${encodeURIComponent(p.id)}`)}
                  >
                    <bdi>{p.name}</bdi>
                  </a>
                  {p.address && <div className="muted">{p.address}</div>}
                </th>
                <td>
                  <StatusBadge status={p.status} />
                  {p.status === 'draft' && <ReturnedNote item={returned.get(p.id)} />}
                </td>
                <td>{t(`placeKind.${p.kind}`, { defaultValue: p.kind })}</td>
                <td>
                  <bdi>{formatWhen(p.updated_at, ctx.config.timezone, lang)}</bdi>
                </td>
                <td className="row-actions">
                  <a
                    className="admin-btn"
                    href={appUrl(`/admin/content/places/${encodeURIComponent(p.id)}`)}
                    onClick={link(`/admin/content/places/${encodeURIComponent(p.id)}`)}
                  >
                    {t('list.edit')} <span className="sr-only">{p.name}</span>
                  </a>
                  <button type="button" className="admin-btn" onClick={() => void act('duplicate', p)}>
                    {t('list.duplicate')} <span className="sr-only">{p.name}</span>
                  </button>
                  {p.status !== 'archived' && (
                    <button type="button" className="admin-btn" onClick={() => void act('archive', p)}>
                      {t('list.archive')} <span className="sr-only">{p.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && <Pager total={data.total} offset={offset} base={base} values={values} t={t} />}
    </section>
  );
}
