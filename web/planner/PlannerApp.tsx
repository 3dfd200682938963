/**
 * /planner: which neighbourhoods are underserved, and what a new site would change. Controls
 * (set, audience, walk, weights, mapped measure) live in the URL, so a view can be shared.
 */
import type { FeatureCollection, Geometry } from 'geojson';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { api, type ClientConfig } from '../api.ts';
import {
  type MetricsAnswer,
  type PlannerQuery,
  type Profile as ProfileData,
  plannerApi,
  type SetsAnswer,
  type WhatIfAnswer,
} from './api.ts';
import { METRICS, type MetricId, metricValue, quantileBreaks } from './breaks.ts';
import type { DrawMode } from './PlannerMap.tsx';
import { Profile } from './Profile.tsx';
import { RankTable } from './RankTable.tsx';
import { WhatIfPanel } from './WhatIfPanel.tsx';
import './planner.css';

const PlannerMap = lazy(() => import('./PlannerMap.tsx'));

interface ViewState extends PlannerQuery {
  metric: MetricId;
  selected: string | null;
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
  window.history.replaceState(null, '', `/planner?${p.toString()}`);
}

const SET_LABELS: Record<string, string> = {
  parks: 'Parks',
  gardens: 'Community gardens',
  centres: 'Community centres',
  playgrounds: 'Playgrounds',
  libraries: 'Libraries',
  programs: 'All programs',
};
export function setLabel(key: string): string {
  const [layer, rest] = key.split(':');
  const base = SET_LABELS[layer ?? ''] ?? layer ?? key;
  return rest ? `Programs — ${rest.replace(/=/g, ': ').replace(/,/g, ', ')}` : base;
}

export function PlannerApp() {
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

  useEffect(() => writeUrl(view), [view]);
  useEffect(() => {
    document.title = 'Planner · Commons Map';
    api.config().then(setConfig, (e: unknown) => setError(String(e)));
    plannerApi.sets().then(setSets, (e: unknown) => setError(String(e)));
    plannerApi.degradedZones().then(setZones, () => setZones(null));
  }, []);

  const query = useMemo<PlannerQuery>(
    () => ({ set: view.set, audience: view.audience, minutes: view.minutes, weights: view.weights }),
    [view.set, view.audience, view.minutes, view.weights],
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

  const metric = METRICS.find((m) => m.id === view.metric) ?? (METRICS[0] as (typeof METRICS)[number]);
  const classes = useMemo(() => {
    const values = (table?.neighbourhoods ?? [])
      .map((r) => metricValue(r, metric.id))
      .filter((v): v is number => v !== null);
    return quantileBreaks(values, metric.need);
  }, [table, metric]);

  const coloured = useMemo(() => {
    const byId = new Map((table?.neighbourhoods ?? []).map((r) => [r.id, r]));
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
  }, [shapes, table, metric]);

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
  const townName = config ? (config.tenant.names.en ?? config.tenant.name) : '';

  return (
    <div className="planner">
      <a className="skip" href="#planner-table">
        Skip to the ranked table
      </a>
      <header className="planner-bar no-print">
        <h1>
          Commons Map · Planner <span className="tenant">{townName}</span>
        </h1>
        <form className="controls" onSubmit={(e) => e.preventDefault()}>
          <label>
            Access to
            <select value={view.set} onChange={(e) => update({ set: e.target.value })}>
              {setOptions.map((s) => (
                <option key={s} value={s}>
                  {setLabel(s)}
                </option>
              ))}
            </select>
          </label>
          <label>
            For
            <select value={view.audience} onChange={(e) => update({ audience: e.target.value })}>
              {(sets?.audiences ?? [{ code: 'everyone', walk_speed_kmh: 4.8, age_bands: [] }]).map((a) => (
                <option key={a.code} value={a.code}>
                  {a.code} ({a.walk_speed_kmh} km/h)
                </option>
              ))}
            </select>
          </label>
          <label>
            Walk (minutes)
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
            Map
            <select value={view.metric} onChange={(e) => update({ metric: e.target.value as MetricId })}>
              {METRICS.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.label}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="weights">
            <legend>Index weights</legend>
            {(['gap', 'density', 'vulnerability'] as const).map((k) => (
              <label key={k}>
                {k}
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
        </form>
      </header>

      {error && (
        <p className="planner-error" role="alert">
          {error}
        </p>
      )}
      <p className="sr-only" aria-live="polite">
        {busy ? 'Updating…' : table ? `${table.neighbourhoods.length} neighbourhoods ranked` : ''}
      </p>

      <main className="planner-main">
        <div className="planner-map no-print">
          {config && (
            <Suspense fallback={<p className="map-loading">Loading the map…</p>}>
              <PlannerMap
                styleUrl={config.mapStyleUrl}
                bbox={config.tenant.bbox}
                shapes={coloured}
                zones={zones}
                sites={sites}
                breaks={classes.breaks}
                colors={classes.colors}
                selectedId={view.selected}
                draw={draw}
                site={site}
                onSelect={(id) => select(id)}
                onMapClick={onMapClick}
              />
            </Suspense>
          )}
          <section className="choropleth-legend" aria-label={`Legend: ${metric.label}`}>
            <strong>{metric.label}</strong>
            <ul>
              {classes.colors.map((c, i) => {
                const lo = i === 0 ? classes.min : (classes.breaks[i - 1] as number);
                const hi = i < classes.breaks.length ? (classes.breaks[i] as number) : classes.max;
                return (
                  <li key={c}>
                    <span className="swatch" style={{ background: c }} />
                    {metric.format(lo)} –{' '}
                    {i < classes.breaks.length ? `< ${metric.format(hi)}` : metric.format(hi)}
                  </li>
                );
              })}
              <li>
                <span className="swatch zone" /> Designated degraded zone
              </li>
              <li>
                <span className="swatch site" /> {setLabel(view.set)} (existing)
              </li>
            </ul>
          </section>
        </div>

        <aside className="planner-side">
          <WhatIfPanel
            draw={draw}
            vertices={site.length}
            result={whatIf}
            setLabel={setLabel(view.set)}
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
            <Profile p={profile} townName={townName} onClose={() => select(null)} />
          ) : null}
          <section id="planner-table" className="table-section no-print" aria-labelledby="table-title">
            <div className="table-head">
              <h2 id="table-title">
                {setLabel(view.set)} within {view.minutes} min for {view.audience}
              </h2>
              <div className="exports">
                <a href={plannerApi.exportUrl(query, 'csv')} download>
                  Export CSV
                </a>
                <a href={plannerApi.exportUrl(query, 'geojson')} download>
                  Export GeoJSON
                </a>
              </div>
            </div>
            {table && (
              <>
                <p className="method-note">
                  {table.method === 'network' ? 'Along the walk network' : 'Straight line'} ·{' '}
                  {table.threshold_m} m at {table.walk_speed_kmh} km/h. {table.population_note}
                </p>
                <div className="table-wrap">
                  <RankTable
                    rows={table.neighbourhoods}
                    selectedId={view.selected}
                    onSelect={(id) => select(id)}
                  />
                </div>
                <details className="formula-box">
                  <summary>How the index is computed</summary>
                  <p>{table.formula}</p>
                  <p>
                    Weights now: gap {table.weights.gap}, density {table.weights.density}, vulnerability{' '}
                    {table.weights.vulnerability}.
                  </p>
                  <p>{table.method_note}</p>
                  <p>{table.audience_note}</p>
                </details>
              </>
            )}
          </section>
        </aside>
      </main>
    </div>
  );
}
