/**
 * /admin/imports: upload a file to the import API (POST /api/admin/import, docs/IMPORT.md) with
 * its options — format, layer, mapping, coordinate system, source, dry run, skip invalid rows —
 * and read its report: counts per layer, then every row with a problem (where and why), errors
 * first. Below, the recent imports from the audit log (action `import`), each with its report.
 */
import { type FormEvent, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { AdminPageProps } from '../pages.ts';
import { type AuditView, type ImportReport, PageError, pagesApi } from '../common/api.ts';
import { type PagesT, usePagesText } from '../common/i18n.ts';
import { errorText, type Notice, Notices, When } from '../common/ui.tsx';

const FORMATS = ['geojson', 'csv', 'census', 'osm', 'hsds', 'ical', 'tenant'] as const;
const LAYERS = [
  'neighbourhoods',
  'degraded-zones',
  'population-units',
  'parks',
  'gardens',
  'centres',
  'libraries',
  'playgrounds',
  'programs',
] as const;

function where(t: PagesT, r: ImportReport['issues'][number]['ref']): string {
  return [
    r.line !== undefined ? t('imports.line', { n: r.line }) : null,
    r.feature !== undefined
      ? typeof r.feature === 'number'
        ? t('imports.feature', { n: r.feature })
        : r.feature
      : null,
  ]
    .filter(Boolean)
    .join(', ');
}

/** a report as the page reads it (the audit log keeps the same shape, with committed: true) */
export function Report({
  report,
  headingLevel = 2,
  refused,
}: {
  report: ImportReport;
  headingLevel?: 2 | 3;
  /** the import was refused (422): nothing changed, dry run or not */
  refused?: boolean;
}) {
  const { t } = usePagesText();
  const ids = useId();
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const Sub = headingLevel === 2 ? 'h3' : 'h4';
  const issues = [...(report.issues ?? [])].sort((a, b) =>
    a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1,
  );
  const errors = issues.filter((i) => i.severity === 'error').length + (report.errorsOmitted ?? 0);
  const warnings = issues.length + (report.issuesOmitted ?? 0) - errors;
  const rejected = refused ?? (!report.committed && !report.dryRun);
  return (
    <section className={`card ${rejected ? 'report-bad' : 'report-ok'}`} aria-labelledby={`${ids}-h`}>
      <H id={`${ids}-h`}>{t('imports.report', { file: `\u2068${report.file}\u2069` })}</H>
      <p>
        <strong>
          {rejected
            ? t('imports.rejected')
            : report.dryRun
              ? t('imports.dryRunDone')
              : t('imports.committed')}
        </strong>
      </p>
      <Sub>{t('imports.counts')}</Sub>
      <div className="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('imports.countsLayer')}</th>
              <th scope="col">{t('imports.inserted')}</th>
              <th scope="col">{t('imports.updated')}</th>
              <th scope="col">{t('imports.rejectedCount')}</th>
              <th scope="col">{t('imports.skipped')}</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(report.layers ?? {}).map(([layer, c]) => (
              <tr key={layer}>
                <th scope="row">
                  {(LAYERS as readonly string[]).includes(layer) ? t(`imports.layers.${layer}`) : layer}
                </th>
                <td>
                  <bdi>{c.inserted}</bdi>
                </td>
                <td>
                  <bdi>{c.updated}</bdi>
                </td>
                <td>
                  <bdi>{c.rejected}</bdi>
                </td>
                <td>
                  <bdi>{c.skipped}</bdi>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {report.geometryFixes ? <p>{t('imports.geometryFixes', { count: report.geometryFixes })}</p> : null}
      {report.outsideNeighbourhoods?.count ? (
        <p>{t('imports.outside', { count: report.outsideNeighbourhoods.count })}</p>
      ) : null}
      <Sub>{t('imports.issues')}</Sub>
      {issues.length ? (
        <>
          <p>{t('imports.issuesCount', { errors, warnings })}</p>
          <div className="scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('imports.severity')}</th>
                  <th scope="col">{t('imports.where')}</th>
                  <th scope="col">{t('imports.why')}</th>
                </tr>
              </thead>
              <tbody>
                {issues.map((i, n) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: issues have no id; their order is fixed
                  <tr key={n}>
                    <td className={i.severity === 'error' ? 'sev-error' : 'sev-warning'}>
                      {i.severity === 'error' ? `✖ ${t('imports.error')}` : `⚠ ${t('imports.warning')}`}
                    </td>
                    <td>
                      <bdi dir="ltr">{where(t, i.ref) || i.ref.file}</bdi>
                    </td>
                    <td>
                      <bdi dir="ltr">{i.reason}</bdi>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {report.issuesOmitted ? <p>{t('imports.omitted', { count: report.issuesOmitted })}</p> : null}
        </>
      ) : (
        <p>{t('imports.noIssues')}</p>
      )}
      {report.notes?.length ? (
        <>
          <Sub>{t('imports.notes')}</Sub>
          <ul>
            {report.notes.map((n) => (
              <li key={n}>
                <bdi dir="ltr">{n}</bdi>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {report.durationMs >= 100 ? (
        <p className="help">{t('imports.took', { seconds: (report.durationMs / 1000).toFixed(1) })}</p>
      ) : null}
    </section>
  );
}

export function ImportsPage({ me }: AdminPageProps) {
  const { t, lang } = usePagesText();
  const ids = useId();
  const api = useMemo(() => pagesApi(me.tenant), [me.tenant]);
  const fileRef = useRef<HTMLInputElement>(null);
  const [format, setFormat] = useState<(typeof FORMATS)[number]>('geojson');
  const [layer, setLayer] = useState('');
  const [mapping, setMapping] = useState('');
  const [srid, setSrid] = useState('');
  const [source, setSource] = useState('');
  const [dryRun, setDryRun] = useState(true);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [report, setReport] = useState<{ report: ImportReport; refused: boolean } | null>(null);
  const [recent, setRecent] = useState<AuditView[] | null>(null);
  const [shown, setShown] = useState<number | null>(null);
  const operator = Boolean(me.account?.operator) || me.via === 'admin_token';

  const loadRecent = useCallback(
    async (signal?: AbortSignal) =>
      setRecent((await api.audit({ entity: 'import_run', limit: 20 }, signal)).items),
    [api],
  );
  useEffect(() => {
    const ctl = new AbortController();
    loadRecent(ctl.signal).catch((e: unknown) => {
      if (!ctl.signal.aborted) setNotice({ kind: 'error', text: errorText(t, e) });
    });
    return () => ctl.abort();
  }, [loadRecent, t]);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const files = fileRef.current?.files;
    if (!files?.length) return setNotice({ kind: 'error', text: t('imports.needFile') });
    const form = new FormData();
    for (const f of Array.from(files)) form.append('file', f, f.name);
    form.set('format', format);
    if (layer) form.set('layer', layer);
    if (mapping.trim()) form.set('mapping', mapping.trim());
    if (srid.trim()) form.set('srid', srid.trim());
    if (source.trim()) form.set('source', source.trim());
    form.set('dry_run', String(dryRun));
    form.set('skip_invalid', String(skipInvalid));
    setBusy(true);
    setReport(null);
    setNotice({ kind: 'ok', text: t('imports.running') });
    try {
      const r = await api.importFile(form);
      setReport({ report: r, refused: false });
      setNotice({ kind: 'ok', text: r.dryRun ? t('imports.dryRunDone') : t('imports.committed') });
      await loadRecent();
    } catch (err) {
      if (err instanceof PageError && err.report) {
        setReport({ report: err.report, refused: true });
        setNotice({ kind: 'error', text: t('imports.rejected') });
      } else setNotice({ kind: 'error', text: errorText(t, err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="admin-page" aria-labelledby={`${ids}-h`}>
      <h1 id={`${ids}-h`}>{t('imports.heading')}</h1>
      <p className="intro">{t('imports.intro')}</p>
      <section className="card" aria-labelledby={`${ids}-form`}>
        <h2 id={`${ids}-form`}>{t('imports.submit')}</h2>
        <form className="stack" onSubmit={onSubmit} noValidate>
          <div className="row">
            <div className="field">
              <label htmlFor={`${ids}-file`}>{t('imports.file')}</label>
              <input
                id={`${ids}-file`}
                ref={fileRef}
                type="file"
                multiple={format === 'hsds'}
                aria-describedby={`${ids}-file-help`}
              />
              <span id={`${ids}-file-help`} className="help">
                {t('imports.fileHelp')}
              </span>
            </div>
            <label>
              {t('imports.format')}
              <select value={format} onChange={(e) => setFormat(e.target.value as (typeof FORMATS)[number])}>
                {FORMATS.filter((f) => f !== 'tenant' || operator).map((f) => (
                  <option key={f} value={f}>
                    {t(`imports.formats.${f}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('imports.layer')}
              <select value={layer} onChange={(e) => setLayer(e.target.value)}>
                <option value="">{t('imports.layerAuto')}</option>
                {LAYERS.map((l) => (
                  <option key={l} value={l}>
                    {t(`imports.layers.${l}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-mapping`}>{t('imports.mapping')}</label>
            <textarea
              id={`${ids}-mapping`}
              dir="ltr"
              value={mapping}
              rows={3}
              aria-describedby={`${ids}-map-help`}
              onChange={(e) => setMapping(e.target.value)}
            />
            <span id={`${ids}-map-help`} className="help">
              {t('imports.mappingHelp')}
            </span>
          </div>
          <div className="row">
            <label>
              {t('imports.srid')}
              <input dir="ltr" inputMode="numeric" value={srid} onChange={(e) => setSrid(e.target.value)} />
            </label>
            <label>
              {t('imports.source')}
              <input dir="ltr" value={source} onChange={(e) => setSource(e.target.value)} />
            </label>
          </div>
          <label className="check">
            <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} />
            {t('imports.dryRun')}
          </label>
          <label className="check">
            <input type="checkbox" checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} />
            {t('imports.skipInvalid')}
          </label>
          <div className="actions">
            <button type="submit" className="admin-btn primary" disabled={busy}>
              {busy ? t('busy') : t('imports.submit')}
            </button>
          </div>
        </form>
      </section>
      <Notices notice={notice} />
      {report ? <Report report={report.report} refused={report.refused} /> : null}
      <section className="card" aria-labelledby={`${ids}-recent`} aria-busy={recent === null}>
        <h2 id={`${ids}-recent`}>{t('imports.recent')}</h2>
        {recent === null ? (
          <p>{t('loading')}</p>
        ) : recent.length ? (
          <div className="scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('imports.when')}</th>
                  <th scope="col">{t('imports.who')}</th>
                  <th scope="col">{t('imports.what')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('imports.showReport')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {recent.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <When iso={e.at} lang={lang} />
                    </td>
                    <td>
                      <bdi dir="ltr">{e.actor.label ?? e.actor.kind}</bdi>
                    </td>
                    <td>
                      <bdi dir="ltr">{e.summary}</bdi>
                    </td>
                    <td>
                      <button
                        type="button"
                        className="admin-btn small"
                        aria-expanded={shown === e.id}
                        aria-label={t('imports.showReportOf', { what: e.summary })}
                        onClick={() => setShown(shown === e.id ? null : e.id)}
                      >
                        {t('imports.showReport')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t('imports.noRecent')}</p>
        )}
        {shown !== null && recent?.find((e) => e.id === shown)?.new ? (
          <Report
            report={recent.find((e) => e.id === shown)?.new as unknown as ImportReport}
            headingLevel={3}
          />
        ) : null}
      </section>
    </main>
  );
}
