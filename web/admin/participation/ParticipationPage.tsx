/**
 * /admin/participation (admins and planners): import a CSV of participation counts
 * (POST /api/admin/participation/import, all or nothing), read its report or the rows and columns
 * it was refused for, and the imported batches with their deletion. The planner shows the counts
 * as reach (docs/PLANNER.md, "Reach").
 */
import { type FormEvent, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { BatchInfo, ImportReport, RowError } from '../../../server/reach/import.ts';
import { apiUrl, appUrl } from '../../state/tenant.ts';
import { adminFetch } from '../auth/authApi.ts';
import type { AdminPageProps } from '../pages.ts';
import '../common/pages.css';
import { type ReachT, useReachText } from './i18n.ts';

type Notice = { kind: 'ok' | 'error'; text: string } | null;

class Refusal extends Error {
  constructor(
    message: string,
    readonly errors: RowError[] = [],
    readonly count = 0,
  ) {
    super(message);
  }
}

async function answer<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => null)) as {
    error?: { message?: string; details?: { errors?: RowError[]; error_count?: number } | null };
  } | null;
  if (!res.ok) {
    const e = body?.error;
    throw new Refusal(
      e?.message ?? `${res.status} ${res.statusText}`,
      e?.details?.errors ?? [],
      e?.details?.error_count ?? 0,
    );
  }
  return body as T;
}

function reachApi(tenant: string | null) {
  const q = (path: string) => apiUrl(tenant ? `${path}?tenant=${encodeURIComponent(tenant)}` : path);
  return {
    batches: (signal?: AbortSignal) =>
      adminFetch(q('/api/admin/participation/batches'), signal ? { signal } : {}).then((r) =>
        answer<{ items: BatchInfo[] }>(r),
      ),
    importCsv: (batch: string, csv: string, dryRun: boolean) =>
      adminFetch(q('/api/admin/participation/import'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ batch, csv, dry_run: dryRun }),
      }).then((r) => answer<ImportReport>(r)),
    remove: (batch: string) =>
      adminFetch(q(`/api/admin/participation/batches/${encodeURIComponent(batch)}`), {
        method: 'DELETE',
      }).then((r) => answer<{ deleted: number }>(r)),
  };
}

/** a figure or name isolated from the sentence around it */
const iso = (s: string | number) => `\u2068${s}\u2069`;

function totals(t: ReachT, lang: string, values: Record<string, number>): string {
  return Object.entries(values)
    .map(([m, n]) => `${n.toLocaleString(lang)} ${t(`measures.${m}` as 'measures.participants')}`)
    .join(' · ');
}

export function ParticipationPage({ me }: AdminPageProps) {
  const { t, lang } = useReachText();
  const ids = useId();
  const api = useMemo(() => reachApi(me.tenant), [me.tenant]);
  const fileRef = useRef<HTMLInputElement>(null);
  const [batch, setBatch] = useState('');
  const [dryRun, setDryRun] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [batches, setBatches] = useState<BatchInfo[] | null>(null);
  const problem = useCallback(
    (e: unknown) =>
      setNotice({
        kind: 'error',
        text: t('problemText', { error: e instanceof Error ? e.message : String(e) }),
      }),
    [t],
  );

  const load = useCallback(
    async (signal?: AbortSignal) => setBatches((await api.batches(signal)).items),
    [api],
  );
  useEffect(() => {
    const ctl = new AbortController();
    load(ctl.signal).catch((e: unknown) => {
      if (!ctl.signal.aborted) problem(e);
    });
    return () => ctl.abort();
  }, [load, problem]);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!batch.trim()) return setNotice({ kind: 'error', text: t('needBatch') });
    if (!file) return setNotice({ kind: 'error', text: t('needFile') });
    setBusy(true);
    setReport(null);
    setRefusal(null);
    setNotice(null);
    try {
      const r = await api.importCsv(batch.trim(), await file.text(), dryRun);
      setReport(r);
      setNotice({
        kind: 'ok',
        text: r.committed
          ? t('stored', { rows: iso(r.rows), batch: iso(r.batch) })
          : t('checked', { rows: iso(r.rows) }),
      });
      await load();
    } catch (err) {
      if (err instanceof Refusal && err.errors.length) {
        setRefusal(err);
        setNotice({ kind: 'error', text: t('refused', { count: iso(err.count || err.errors.length) }) });
      } else problem(err);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (b: BatchInfo) => {
    if (!window.confirm(t('confirmDelete', { batch: b.batch, rows: b.rows }))) return;
    try {
      await api.remove(b.batch);
      setNotice({ kind: 'ok', text: t('deleted', { batch: iso(b.batch) }) });
      await load();
    } catch (err) {
      problem(err);
    }
  };

  return (
    <main className="admin-page" aria-labelledby={`${ids}-h`}>
      <h1 id={`${ids}-h`}>{t('heading')}</h1>
      <p className="intro">{t('intro')}</p>
      <p className="help">{t('columns')}</p>
      <p>
        <a href={appUrl('/planner?metric=reach&unreached=1')}>{t('toPlanner')}</a>
      </p>
      <section className="card" aria-labelledby={`${ids}-form`}>
        <h2 id={`${ids}-form`}>{t('upload')}</h2>
        <form className="stack" onSubmit={onSubmit} noValidate>
          <div className="row">
            <div className="field">
              <label htmlFor={`${ids}-batch`}>{t('batch')}</label>
              <input
                id={`${ids}-batch`}
                value={batch}
                maxLength={100}
                dir="auto"
                aria-describedby={`${ids}-batch-help`}
                onChange={(e) => setBatch(e.target.value)}
              />
              <span id={`${ids}-batch-help`} className="help">
                {t('batchHelp')}
              </span>
            </div>
            <div className="field">
              <label htmlFor={`${ids}-file`}>{t('file')}</label>
              <input id={`${ids}-file`} ref={fileRef} type="file" accept=".csv,text/csv" />
            </div>
          </div>
          <label className="check">
            <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} />
            {t('dryRun')}
          </label>
          <div className="actions">
            <button type="submit" className="admin-btn primary" disabled={busy}>
              {busy ? t('busy') : t('submit')}
            </button>
          </div>
        </form>
      </section>
      <div role="status" aria-live="polite" className="notice ok">
        {notice?.kind === 'ok' ? notice.text : ''}
      </div>
      <div role="alert" className="notice error">
        {notice?.kind === 'error' ? notice.text : ''}
      </div>
      {refusal ? (
        <section className="card report-bad" aria-labelledby={`${ids}-errors`}>
          <h2 id={`${ids}-errors`}>{t('errors')}</h2>
          <div className="scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('line')}</th>
                  <th scope="col">{t('column')}</th>
                  <th scope="col">{t('problem')}</th>
                </tr>
              </thead>
              <tbody>
                {refusal.errors.map((e) => (
                  <tr key={`${e.line}:${e.column}:${e.message}`}>
                    <td>
                      <bdi>{e.line}</bdi>
                    </td>
                    <td>
                      <bdi dir="ltr">{e.column}</bdi>
                    </td>
                    <td>
                      <bdi dir="ltr">{e.message}</bdi>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      {report ? (
        <section className="card report-ok" aria-labelledby={`${ids}-report`}>
          <h2 id={`${ids}-report`}>{t('report')}</h2>
          <dl>
            <dt>{t('rows')}</dt>
            <dd>
              <bdi>{report.rows}</bdi>
              {report.replaced ? ` — ${t('replaced', { n: iso(report.replaced) })}` : ''}
            </dd>
            {report.period ? (
              <>
                <dt>{t('period')}</dt>
                <dd>
                  <bdi dir="ltr">
                    {report.period.from} – {report.period.to}
                  </bdi>
                </dd>
              </>
            ) : null}
            <dt>{t('totals')}</dt>
            <dd>
              <bdi>{totals(t, lang, report.totals)}</bdi>
            </dd>
            <dt>{t('withoutNeighbourhood')}</dt>
            <dd>
              <bdi>{report.without_neighbourhood}</bdi>
            </dd>
            {report.unmatched_programmes.length ? (
              <>
                <dt>{t('unmatched')}</dt>
                <dd>
                  <bdi>{report.unmatched_programmes.join(', ')}</bdi>
                </dd>
              </>
            ) : null}
          </dl>
        </section>
      ) : null}
      <section className="card" aria-labelledby={`${ids}-batches`} aria-busy={batches === null}>
        <h2 id={`${ids}-batches`}>{t('batches')}</h2>
        {batches === null ? null : batches.length ? (
          <div className="scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('batch')}</th>
                  <th scope="col">{t('rows')}</th>
                  <th scope="col">{t('period')}</th>
                  <th scope="col">{t('totals')}</th>
                  <th scope="col">{t('importedAt')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('delete')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {batches.map((b) => (
                  <tr key={b.batch}>
                    <th scope="row">
                      <bdi>{b.batch}</bdi>
                    </th>
                    <td>
                      <bdi>{b.rows}</bdi>
                    </td>
                    <td>
                      <bdi dir="ltr">
                        {b.period.from} – {b.period.to}
                      </bdi>
                    </td>
                    <td>
                      <bdi>{totals(t, lang, b.totals)}</bdi>
                    </td>
                    <td>
                      <time dateTime={b.imported_at}>
                        <bdi>
                          {new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(
                            new Date(b.imported_at),
                          )}
                        </bdi>
                      </time>
                    </td>
                    <td>
                      <button
                        type="button"
                        className="admin-btn small"
                        aria-label={t('deleteLabel', { batch: b.batch })}
                        onClick={() => void remove(b)}
                      >
                        {t('delete')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t('noBatches')}</p>
        )}
      </section>
    </main>
  );
}
