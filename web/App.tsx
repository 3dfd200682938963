/**
 * The resident's map: layers with a legend, a list in sync with the map, details, near me.
 * The map itself is a lazily loaded chunk; the panel works (and is announced) before it arrives.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, type ClientConfig, type FeatureProps, type LayerCollection, type LayerId, type NearbyItem } from './api.ts';
import { formatDistance, haversine } from './format.ts';
import { strings } from './i18n/strings.ts';
import type { BBox } from './map/MapView.tsx';
import { Details } from './panels/Details.tsx';
import { FeatureList, type ListItem } from './panels/FeatureList.tsx';
import { Legend } from './panels/Legend.tsx';
import { NearMe } from './panels/NearMe.tsx';

const MapView = lazy(() => import('./map/MapView.tsx'));

const DATA_LAYERS: LayerId[] = ['parks', 'gardens', 'centres', 'programs', 'degraded-zones', 'neighbourhoods'];
const LISTED: LayerId[] = ['programs', 'gardens', 'centres', 'parks', 'degraded-zones'];
const NEARBY_RADIUS_M = 1500;
const NEARBY_LIMIT = 50;

const ALL_VISIBLE: Record<LayerId, boolean> = {
  parks: true,
  gardens: true,
  centres: true,
  programs: true,
  'degraded-zones': true,
  neighbourhoods: true,
};

function inBBox(p: FeatureProps, bbox: BBox | null): boolean {
  if (!bbox || p.lon === undefined || p.lat === undefined) return true;
  return p.lon >= bbox[0] && p.lon <= bbox[2] && p.lat >= bbox[1] && p.lat <= bbox[3];
}

/** points carry their position in their geometry; the list wants it in the properties too */
function withPosition(fc: LayerCollection): LayerCollection {
  for (const f of fc.features) {
    if (f.geometry?.type === 'Point' && f.properties.lon === undefined) {
      const [lon, lat] = f.geometry.coordinates as [number, number];
      f.properties.lon = lon;
      f.properties.lat = lat;
    }
  }
  return fc;
}

export function App() {
  const [config, setConfig] = useState<ClientConfig | null>(null);
  const [configError, setConfigError] = useState<string | null>(null);
  const [visible, setVisible] = useState(ALL_VISIBLE);
  const [data, setData] = useState<Partial<Record<LayerId, LayerCollection>>>({});
  const [view, setView] = useState<{ bbox: BBox; center: [number, number] } | null>(null);
  const [selected, setSelected] = useState<FeatureProps | null>(null);
  const [flyTo, setFlyTo] = useState<{ lon: number; lat: number; key: number; zoom?: number } | null>(null);
  const [point, setPoint] = useState<[number, number] | null>(null);
  const [nearby, setNearby] = useState<NearbyItem[] | null>(null);
  const [picking, setPicking] = useState(false);
  const [nearStatus, setNearStatus] = useState<string | null>(null);
  const layerAbort = useRef<AbortController | null>(null);

  const loadConfig = useCallback(() => {
    setConfigError(null);
    api
      .config()
      .then((c) => {
        setConfig(c);
        document.title = `${c.tenant.name} · ${strings.appName}`;
        document.documentElement.lang = c.tenant.defaultLocale;
        document.documentElement.dir = c.tenant.defaultLocale === 'he' ? 'rtl' : 'ltr';
      })
      .catch((e: unknown) => setConfigError(e instanceof Error ? e.message : String(e)));
  }, []);
  useEffect(loadConfig, [loadConfig]);

  const onBounds = useCallback((bbox: BBox, center: [number, number]) => {
    setView({ bbox, center });
    layerAbort.current?.abort();
    const ctrl = new AbortController();
    layerAbort.current = ctrl;
    // a margin around the view, so small pans need no new request to look complete
    const w = bbox[2] - bbox[0];
    const h = bbox[3] - bbox[1];
    const padded: BBox = [bbox[0] - w * 0.25, bbox[1] - h * 0.25, bbox[2] + w * 0.25, bbox[3] + h * 0.25];
    Promise.all(DATA_LAYERS.map((l) => api.layer(l, padded, ctrl.signal).then((fc) => [l, withPosition(fc)] as const)))
      .then((entries) => setData(Object.fromEntries(entries)))
      .catch((e: unknown) => {
        if (!ctrl.signal.aborted) console.error(e);
      });
  }, []);

  const select = useCallback((p: FeatureProps) => {
    setSelected(p);
    if (p.lon !== undefined && p.lat !== undefined) setFlyTo({ lon: p.lon, lat: p.lat, key: Date.now() });
  }, []);

  const searchNear = useCallback((lon: number, lat: number) => {
    setPoint([lon, lat]);
    setPicking(false);
    setNearStatus(null);
    api
      .nearby(lon, lat, NEARBY_RADIUS_M, NEARBY_LIMIT)
      .then((items) => {
        setNearby(items);
        setNearStatus(items.length ? null : strings.nearbyNone);
      })
      .catch((e: unknown) => setNearStatus(e instanceof Error ? e.message : String(e)));
  }, []);

  const locate = useCallback(() => {
    if (!('geolocation' in navigator)) {
      setNearStatus(strings.locationDenied);
      return;
    }
    setNearStatus(strings.locating);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        searchNear(pos.coords.longitude, pos.coords.latitude);
        setFlyTo({ lon: pos.coords.longitude, lat: pos.coords.latitude, key: Date.now(), zoom: 14 });
      },
      () => setNearStatus(strings.locationDenied),
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  }, [searchNear]);

  const clearNear = useCallback(() => {
    setPoint(null);
    setNearby(null);
    setNearStatus(null);
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      if (picking) setPicking(false);
      else setSelected(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [picking]);

  const items: ListItem[] = useMemo(() => {
    if (nearby) {
      // the map's copy of a feature knows more (a program's categories, a place's address)
      const known = new Map<string, FeatureProps>();
      for (const l of LISTED) for (const f of data[l]?.features ?? []) known.set(f.properties.id, f.properties);
      return nearby
        .filter((n) => visible[n.layer])
        .map((n) => ({
          props: { ...known.get(n.id), id: n.id, name: n.name, layer: n.layer, kind: n.kind, lon: n.lon, lat: n.lat },
          distance: n.distance_m,
        }));
    }
    const origin = view?.center ?? null;
    const out: ListItem[] = [];
    for (const layer of LISTED) {
      if (!visible[layer]) continue;
      for (const f of data[layer]?.features ?? []) {
        const p = { ...f.properties, layer };
        if (!inBBox(p, view?.bbox ?? null)) continue;
        const distance = origin && p.lon !== undefined && p.lat !== undefined ? haversine(origin, [p.lon, p.lat]) : null;
        out.push({ props: p, distance });
      }
    }
    return out.sort((a, b) => (a.distance ?? Number.POSITIVE_INFINITY) - (b.distance ?? Number.POSITIVE_INFINITY));
  }, [nearby, data, visible, view]);

  const counts = useMemo(
    () => Object.fromEntries(DATA_LAYERS.map((l) => [l, (data[l]?.features ?? []).filter((f) => inBBox(f.properties, view?.bbox ?? null)).length])),
    [data, view],
  );

  if (configError) {
    return (
      <main className="fatal">
        <h1>{strings.appName}</h1>
        <p role="alert">{`${strings.loadFailed} ${configError}`}</p>
        <button type="button" onClick={loadConfig}>
          {strings.retry}
        </button>
      </main>
    );
  }

  const announcement = nearby ? strings.nearbyCount(items.length) : strings.listCount(items.length);

  return (
    <div className="app">
      <a className="skip" href="#panel">
        {strings.skipToList}
      </a>
      <header className="topbar">
        <h1>
          {strings.appName}
          {config && <span className="tenant">{config.tenant.name}</span>}
        </h1>
      </header>
      <div className="layout">
        <div className="map-area">
          {config ? (
            <Suspense fallback={<p className="map-loading">{strings.loading}</p>}>
              <MapView
                styleUrl={config.mapStyleUrl}
                home={config.tenant.home}
                bbox={config.tenant.bbox}
                data={data}
                visible={visible}
                selectedId={selected?.id ?? null}
                point={point}
                picking={picking}
                flyTo={flyTo}
                onBounds={onBounds}
                onSelect={select}
                onPick={searchNear}
              />
            </Suspense>
          ) : (
            <p className="map-loading">{strings.loading}</p>
          )}
          {picking && <div className="pick-banner">{strings.pickHint}</div>}
        </div>
        <aside id="panel" className="panel" aria-label={strings.panelLabel} tabIndex={-1}>
          {selected && config && (
            <Details feature={selected} timeZone={config.tenant.timezone} onClose={() => setSelected(null)} onOpen={select} />
          )}
          <NearMe
            picking={picking}
            active={point !== null}
            status={nearStatus}
            onLocate={locate}
            onPick={() => setPicking(true)}
            onCancelPick={() => setPicking(false)}
            onClear={clearNear}
          />
          <Legend visible={visible} counts={counts} onToggle={(l, on) => setVisible((v) => ({ ...v, [l]: on }))} />
          <section className="list" aria-labelledby="list-title">
            <h2 id="list-title">{nearby ? strings.nearbyTitle : strings.list}</h2>
            <p className="count" aria-live="polite">
              {announcement}
              {nearby && nearby.length > 0 && ` · ${formatDistance(NEARBY_RADIUS_M)}`}
            </p>
            <FeatureList items={items} selectedId={selected?.id ?? null} onSelect={select} />
          </section>
        </aside>
      </div>
    </div>
  );
}
