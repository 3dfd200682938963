/**
 * /planner: which neighbourhoods are underserved, and what a new site would change. Controls
 * (set, audience, walk, weights, mapped measure) live in the URL, so a view can be shared.
 */
import type { FeatureCollection, Geometry } from 'geojson';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { api, type ClientConfig } from '../api.ts';
import { setLanguage } from '../i18n/index.ts';
import { LanguageSwitcher } from '../panels/LanguageSwitcher.tsx';
import { audienceLabel } from '../taxonomy.ts';
import {
  type MetricsAnswer,
  type PlannerQuery,
  type PlannerRow,
  type Profile as ProfileData,
  plannerApi,
  type ReachAnswer,
  type ReachQuery,
  type SetsAnswer,
  type WhatIfAnswer,
} from './api.ts';
import { METRICS, type MetricId, metricValue, quantileBreaks } from './breaks.ts';
import { setLabel, usePlanner } from './i18n.ts';
import { MeasureNotes } from './MeasureNotes.tsx';
import type { DrawMode } from './PlannerMap.tsx';
import { Profile } from './Profile.tsx';
import { ProfileMap } from './ProfileMap.tsx';
import { RankTable } from './RankTable.tsx';
import { ReachControls, ReachSummary } from './Reach.tsx';
import { WhatIfPanel } from './WhatIfPanel.tsx';
import './planner.css';

const PlannerMap = lazy(() => import('./PlannerMap.tsx'));

interface ViewState extends PlannerQuery {
  metric: MetricId;
  selected: string | null;
  /** reach: the measure ('' = as the counts have it), the period (YYYY-MM-DD or ''), the layers shown */
  reachMeasure: string;
  from: string;
  to: string;
  unreached: boolean;
  proposals: boolean;
  needs: boolean;
}

function readUrl(): ViewState {
  const p = new URLSearchParams(window.location.search);
  const n = (k: string, d: number) => {
    const v = Number(p.get(k));
    return p.has(k) && Number.isFinite(v) ? v : d;
  };
  const metric = p.get('metric') as MetricId | null;
  return {
    set: p.get('set') ?? 'parks',
    audience: p.get('audience') ?? 'everyone',
    minutes: n('minutes', 10),
    weights: { gap: n('w_gap', 0.5), density: n('w_density', 0.2), vulnerability: n('w_vulnerability', 0.3) },
    metric: METRICS.some((m) => m.id === metric) ? (metric as MetricId) : 'score',
    selected: p.get('n'),
    reachMeasure: p.get('measure') ?? '',
    from: /^\d{4}-\d{2}-\d{2}$/.test(p.get('from') ?? '') ? (p.get('from') as string) : '',
    to: /^\d{4}-\d{2}-\d{2}$/.test(p.get('to') ?? '') ? (p.get('to') as string) : '',
    unreached: p.get('unreached') === '1',
    proposals: p.get('proposals') === '1',
    needs: p.get('needs') === '1',
  };
}

function writeUrl(v: ViewState) {
  const p = new URLSearchParams({
    set: v.set,
    audience: v.audience,
    minutes: String(v.minutes),
    w_gap: String(v.weights.gap),
    w_density: String(v.weights.density),
    w_vulnerability: String(v.weights.vulnerability),
    metric: v.metric,
  });
  if (v.selected) p.set('n', v.selected);
  if (v.reachMeasure) p.set('measure', v.reachMeasure);
  if (v.from) p.set('from', v.from);
  if (v.to) p.set('to', v.to);
  for (const k of ['unreached', 'proposals', 'needs'] as const) if (v[k]) p.set(k, '1');
  window.history.replaceState(null, '', `/planner?${p.toString()}`);
}

export function PlannerApp() {
  const { t, lang, fmt } = usePlanner();
  const label = (key: string) => setLabel(t, lang, key);
  const [view, setView] = useState<ViewState>(readUrl);
  const [config, setConfig] = useState<ClientConfig | null>(null);
  const [sets, setSets] = useState<SetsAnswer | null>(null);
  const [table, setTable] = useState<MetricsAnswer | null>(null);
  const [shapes, setShapes] = useState<FeatureCollection<Geometry> | null>(null);
  const [zones, setZones] = useState<FeatureCollection<Geometry> | null>(null);
  const [profile, setProfile] = useState<ProfileData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [draw, setDraw] = useState<DrawMode>('none');
  const [site, setSite] = useState<[number, number][]>([]);
  const [whatIf, setWhatIf] = useState<WhatIfAnswer | null>(null);
  const [busy, setBusy] = useState(false);
  const [sites, setSites] = useState<FeatureCollection<Geometry> | null>(null);
  const [reach, setReach] = useState<ReachAnswer | null>(null);
  const [unreachedShapes, setUnreached] = useState<FeatureCollection<Geometry> | null>(null);
  const [proposalPoints, setProposalPoints] = useState<FeatureCollection<Geometry> | null>(null);
  const [needPoints, setNeedPoints] = useState<FeatureCollection<Geometry> | null>(null);
  /** the legend, folded to one line for more map */
  const [legendOpen, setLegendOpen] = useState(true);

  useEffect(() => writeUrl(view), [view]);
  useEffect(() => {
    api.config().then(setConfig, (e: unknown) => setError(String(e)));
    plannerApi.sets().then(setSets, (e: unknown) => setError(String(e)));
    plannerApi.degradedZones().then(setZones, () => setZones(null));
  }, []);

  const query = useMemo<PlannerQuery>(
    () => ({ set: view.set, audience: view.audience, minutes: view.minutes, weights: view.weights, lang }),
    [view.set, view.audience, view.minutes, view.weights, lang],
  );

  // the neighbourhoods' outlines do not change with the query: read once
  useEffect(() => {
    const ctrl = new AbortController();
    plannerApi
      .shapes(
        {
          set: 'parks',
          audience: 'everyone',
          minutes: 10,
          weights: { gap: 0.5, density: 0.2, vulnerability: 0.3 },
        },
        ctrl.signal,
      )
      .then(setShapes, (e: unknown) => {
        if (!ctrl.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      });
    return () => ctrl.abort();
  }, []);

  useEffect(() => {
    const ctrl = new AbortController();
    setBusy(true);
    plannerApi
      .table(query, ctrl.signal)
      .then((t) => {
        setTable(t);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!ctrl.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      })
      .finally(() => setBusy(false));
    return () => ctrl.abort();
  }, [query]);

  useEffect(() => {
    if (!view.selected) {
      setProfile(null);
      return;
    }
    const ctrl = new AbortController();
    plannerApi.profile(view.selected, query, ctrl.signal).then(setProfile, (e: unknown) => {
      if (!ctrl.signal.aborted) setError(e instanceof Error ? e.message : String(e));
    });
    return () => ctrl.abort();
  }, [view.selected, query]);

  // the set's existing sites on the map (the layers the resident map also serves)
  const siteLayer = view.set.split(':')[0] ?? '';
  useEffect(() => {
    const ctrl = new AbortController();
    const layer = ({ parks: 'parks', gardens: 'gardens', centres: 'centres', programs: 'programs' } as const)[
      siteLayer as 'parks'
    ];
    if (!layer) {
      setSites(null);
      return;
    }
    api.layer(layer, null, ctrl.signal).then(setSites, () => setSites(null));
    return () => ctrl.abort();
  }, [siteLayer]);

  // reach of the chosen audience, and the residents' proposals, needs and supports per neighbourhood
  const reachQuery = useMemo<ReachQuery>(
    () => ({
      audience: view.audience,
      ...(view.reachMeasure ? { measure: view.reachMeasure } : {}),
      ...(view.from ? { from: view.from } : {}),
      ...(view.to ? { to: view.to } : {}),
      lang,
    }),
    [view.audience, view.reachMeasure, view.from, view.to, lang],
  );
  useEffect(() => {
    const ctrl = new AbortController();
    plannerApi.reach(reachQuery, ctrl.signal).then(setReach, (e: unknown) => {
      if (!ctrl.signal.aborted) setError(e instanceof Error ? e.message : String(e));
    });
    return () => ctrl.abort();
  }, [reachQuery]);
  useEffect(() => {
    if (!view.unreached) {
      setUnreached(null);
      return;
    }
    const ctrl = new AbortController();
    plannerApi.unreached(reachQuery, ctrl.signal).then(setUnreached, (e: unknown) => {
      if (!ctrl.signal.aborted) setError(e instanceof Error ? e.message : String(e));
    });
    return () => ctrl.abort();
  }, [reachQuery, view.unreached]);
  useEffect(() => {
    const ctrl = new AbortController();
    if (view.proposals)
      plannerApi
        .residentLayer('proposals', ctrl.signal)
        .then(setProposalPoints, () => setProposalPoints(null));
    else setProposalPoints(null);
    if (view.needs)
      plannerApi.residentLayer('needs', ctrl.signal).then(setNeedPoints, () => setNeedPoints(null));
    else setNeedPoints(null);
    return () => ctrl.abort();
  }, [view.proposals, view.needs]);

  const rows = useMemo<PlannerRow[]>(() => {
    const byId = new Map((reach?.neighbourhoods ?? []).map((r) => [r.id, r]));
    return (table?.neighbourhoods ?? []).map((r) => {
      const x = byId.get(r.id);
      return {
        ...r,
        reach: x?.reach ?? null,
        reach_rank: x?.rank ?? null,
        participants: x?.participants ?? null,
        not_reached: x?.not_reached ?? null,
        proposals: x?.proposals ?? null,
        needs: x?.needs ?? null,
        supports: x?.supports ?? null,
      };
    });
  }, [table, reach]);

  const metric = METRICS.find((m) => m.id === view.metric) ?? (METRICS[0] as (typeof METRICS)[number]);
  const metricName = t(`metrics.${metric.id}`);
  const classes = useMemo(() => {
    const values = rows.map((r) => metricValue(r, metric.id)).filter((v): v is number => v !== null);
    return quantileBreaks(values, metric.need);
  }, [rows, metric]);

  const coloured = useMemo(() => {
    const byId = new Map(rows.map((r) => [r.id, r]));
    return {
      type: 'FeatureCollection' as const,
      features: (shapes?.features ?? []).map((f) => {
        const row = byId.get(String(f.id ?? f.properties?.id));
        return {
          ...f,
          properties: {
            id: String(f.id ?? ''),
            name: row?.name ?? '',
            value: row ? metricValue(row, metric.id) : null,
          },
        };
      }),
    };
  }, [shapes, rows, metric]);

  /** a value's class colour, as the map fills it (the profile's printed map uses the same) */
  const colourOf = useCallback(
    (value: number | null) => {
      if (value === null || !classes.colors.length) return '#d1d5db';
      const i = classes.breaks.findIndex((b) => value < b);
      return classes.colors[i < 0 ? classes.colors.length - 1 : i] ?? '#d1d5db';
    },
    [classes],
  );

  const update = (patch: Partial<ViewState>) => setView((v) => ({ ...v, ...patch }));
  const select = useCallback((id: string | null) => setView((v) => ({ ...v, selected: id })), []);

  const runWhatIf = useCallback(
    (geometry: Geometry) => {
      setBusy(true);
      plannerApi
        .whatIf(query, geometry)
        .then((w) => {
          setWhatIf(w);
          setError(null);
        })
        .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
        .finally(() => setBusy(false));
    },
    [query],
  );

  const onMapClick = useCallback(
    (lon: number, lat: number) => {
      if (draw === 'point') {
        setSite([[lon, lat]]);
        setDraw('none');
        runWhatIf({ type: 'Point', coordinates: [lon, lat] });
      } else if (draw === 'polygon') setSite((s) => [...s, [lon, lat]]);
    },
    [draw, runWhatIf],
  );

  const finishPolygon = () => {
    if (site.length < 3) return;
    setDraw('none');
    runWhatIf({ type: 'Polygon', coordinates: [[...site, site[0] as [number, number]]] });
  };

  const setOptions = sets?.standard ?? ['parks', 'gardens', 'centres', 'programs'];
  const townName = config ? (config.tenant.names[lang] ?? config.tenant.name) : '';
  useEffect(() => {
    document.title = t('pageTitle');
  }, [t]);

  return (
    <div className="planner">
      <a className="skip" href="#planner-table">
        {t('skipToTable')}
      </a>
      <header className="planner-bar no-print">
        <h1>
          {t('title')} <span className="tenant">{townName}</span>
        </h1>
        <LanguageSwitcher onChange={(l) => void setLanguage(l)} />
        <form className="controls" onSubmit={(e) => e.preventDefault()}>
          <label>
            {t('controls.accessTo')}
            <select value={view.set} onChange={(e) => update({ set: e.target.value })}>
              {setOptions.map((s) => (
                <option key={s} value={s}>
                  {label(s)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('controls.for')}
            <select value={view.audience} onChange={(e) => update({ audience: e.target.value })}>
              {(sets?.audiences ?? [{ code: 'everyone', walk_speed_kmh: 4.8, age_bands: [] }]).map((a) => (
                <option key={a.code} value={a.code}>
                  {t('controls.audienceOption', {
                    audience: audienceLabel(a.code, lang),
                    speed: fmt.num(a.walk_speed_kmh, 1),
                  })}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('controls.walkMinutes')}
            <input
              type="number"
              min={1}
              max={30}
              step={1}
              value={view.minutes}
              onChange={(e) => update({ minutes: Math.max(1, Math.min(30, Number(e.target.value) || 10)) })}
            />
          </label>
          <label>
            {t('controls.map')}
            <select value={view.metric} onChange={(e) => update({ metric: e.target.value as MetricId })}>
              {METRICS.map((m) => (
                <option key={m.id} value={m.id}>
                  {t(`metrics.${m.id}`)}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="weights">
            <legend>{t('controls.weights')}</legend>
            {(['gap', 'density', 'vulnerability'] as const).map((k) => (
              <label key={k}>
                {t(`controls.${k}`)}
                <input
                  type="number"
                  min={0}
                  max={10}
                  step={0.1}
                  value={view.weights[k]}
                  onChange={(e) =>
                    update({
                      weights: {
                        ...view.weights,
                        [k]: Math.max(0, Math.min(10, Number(e.target.value) || 0)),
                      },
                    })
                  }
                />
              </label>
            ))}
          </fieldset>
          <ReachControls
            measures={reach?.measures_available ?? []}
            measure={view.reachMeasure}
            from={view.from}
            to={view.to}
            layers={{ unreached: view.unreached, proposals: view.proposals, needs: view.needs }}
            onChange={(patch) => update(patch)}
          />
        </form>
      </header>

      {error && (
        <p className="planner-error" role="alert">
          {error}
        </p>
      )}
      <p className="sr-only" aria-live="polite">
        {busy ? t('updating') : table ? t('ranked', { count: table.neighbourhoods.length }) : ''}
      </p>

      <main className="planner-main">
        <div className="planner-map no-print">
          <div className="planner-map-canvas">
            {config && (
              <Suspense fallback={<p className="map-loading">{t('loadingMap')}</p>}>
                <PlannerMap
                  styleUrl={config.mapStyleUrl}
                  bbox={config.tenant.bbox}
                  shapes={coloured}
                  zones={zones}
                  sites={sites}
                  unreached={unreachedShapes}
                  proposals={proposalPoints}
                  needs={needPoints}
                  breaks={classes.breaks}
                  colors={classes.colors}
                  selectedId={view.selected}
                  draw={draw}
                  site={site}
                  onSelect={(id) => select(id)}
                  onMapClick={onMapClick}
                  label={t('mapLabel')}
                />
              </Suspense>
            )}
          </div>
          {/* under the map, not over it: it never hides a neighbourhood; folded, it takes one line */}
          <section className="choropleth-legend" aria-label={t('legend.label', { metric: metricName })}>
            <button
              type="button"
              className="legend-toggle"
              aria-expanded={legendOpen}
              aria-controls="planner-legend-items"
              onClick={() => setLegendOpen((o) => !o)}
            >
              <span className="legend-chevron" aria-hidden="true">
                {legendOpen ? '▾' : '▸'}
              </span>
              {t('legend.toggle')}: <strong>{metricName}</strong>
            </button>
            <ul id="planner-legend-items" hidden={!legendOpen}>
              {classes.colors.map((c, i) => {
                const lo = i === 0 ? classes.min : (classes.breaks[i - 1] as number);
                const hi = i < classes.breaks.length ? (classes.breaks[i] as number) : classes.max;
                return (
                  <li key={c}>
                    <span className="swatch" style={{ background: c }} />
                    <bdi dir="ltr">
                      {metric.format(lo, fmt)} –{' '}
                      {i < classes.breaks.length ? `< ${metric.format(hi, fmt)}` : metric.format(hi, fmt)}
                    </bdi>
                  </li>
                );
              })}
              <li>
                <span className="swatch zone" /> {t('legend.zone')}
              </li>
              <li>
                <span className="swatch site" /> {t('legend.existing', { set: label(view.set) })}
              </li>
              {view.unreached && (
                <li>
                  <span className="swatch unreached" />{' '}
                  {t('legend.unreached', { audience: audienceLabel(view.audience, lang) })}
                </li>
              )}
              {view.proposals && (
                <li>
                  <span className="swatch proposal" /> {t('legend.proposals')}
                </li>
              )}
              {view.needs && (
                <li>
                  <span className="swatch need" /> {t('legend.needs')}
                </li>
              )}
            </ul>
          </section>
        </div>

        <aside className="planner-side">
          <WhatIfPanel
            draw={draw}
            vertices={site.length}
            result={whatIf}
            setLabel={label(view.set)}
            onPoint={() => {
              setSite([]);
              setWhatIf(null);
              setDraw('point');
            }}
            onPolygon={() => {
              setSite([]);
              setWhatIf(null);
              setDraw('polygon');
            }}
            onFinish={finishPolygon}
            onClear={() => {
              setSite([]);
              setWhatIf(null);
              setDraw('none');
            }}
          />
          {profile && view.selected ? (
            <Profile
              map={
                <ProfileMap
                  shapes={coloured}
                  zones={zones}
                  sites={sites}
                  selectedId={view.selected}
                  colour={colourOf}
                  label={t('profile.mapLabel', { name: profile.name, metric: metricName })}
                />
              }
              p={profile}
              townName={townName}
              onClose={() => select(null)}
              reach={reach}
              reachRow={reach?.neighbourhoods.find((r) => r.id === view.selected) ?? null}
            />
          ) : null}
          <section id="planner-table" className="table-section no-print" aria-labelledby="table-title">
            <div className="table-head">
              <h2 id="table-title">
                {t('table.title', {
                  set: label(view.set),
                  minutes: view.minutes,
                  audience: audienceLabel(view.audience, lang),
                })}
              </h2>
              <div className="exports">
                <a href={plannerApi.exportUrl(query, 'csv')} download>
                  {t('table.exportCsv')}
                </a>
                <a href={plannerApi.exportUrl(query, 'geojson')} download>
                  {t('table.exportGeojson')}
                </a>
              </div>
            </div>
            {table && (
              <>
                <p className="method-note">
                  {t('method.summary', {
                    method: t(table.method === 'network' ? 'method.network' : 'method.straight'),
                    metres: fmt.num(table.threshold_m),
                    speed: fmt.num(table.walk_speed_kmh, 1),
                  })}{' '}
                  {table.population_units.neighbourhoods > 0
                    ? t('method.unitsNote', {
                        units: table.population_units.neighbourhoods,
                        total: table.population_units.of,
                      })
                    : t('method.uniformNote')}
                </p>
                {reach && <ReachSummary reach={reach} csvUrl={plannerApi.reachCsvUrl(reachQuery)} />}
                <div className="table-wrap">
                  <RankTable rows={rows} selectedId={view.selected} onSelect={(id) => select(id)} />
                </div>
                <details className="formula-box">
                  <summary>{t('formula.summary')}</summary>
                  <MeasureNotes
                    m={table}
                    audience={{ age_bands: table.audience_age_bands, walk_speed_kmh: table.walk_speed_kmh }}
                  />
                </details>
              </>
            )}
          </section>
        </aside>
      </main>
    </div>
  );
}
