/**
 * The resident's map: who it is for, filters (all in the URL), activities soonest first and what
 * suits the resident first, places in view, details, near me, search, six languages.
 * The map itself is a lazily loaded chunk; the panel works (and is announced) before it arrives.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  api,
  type ClientConfig,
  type FeatureProps,
  type LayerCollection,
  type LayerId,
  type NearbyItem,
  type SearchItem,
  type SearchResult,
  setApiLanguage,
  type AnyHit,
} from './api.ts';
import { type EmergencyPlace, useEmergency } from './emergency/api.ts';
import { EmergencyBanner } from './emergency/EmergencyBanner.tsx';
import { EmergencyPlaces } from './emergency/EmergencyPlaces.tsx';
import './emergency/emergency.css';
import { formatDistance, haversine, setTenantClock } from './format.ts';
import type { BBox } from './map/MapView.tsx';
import { AudienceChooser } from './panels/AudienceChooser.tsx';
import { Details } from './panels/Details.tsx';
import { FeatureList, type ListItem } from './panels/FeatureList.tsx';
import { FiltersPanel } from './panels/FiltersPanel.tsx';
import { GetThisEveryWeek } from './panels/GetThisEveryWeek.tsx';
import { SubscribeForm } from './subscribe/SubscribeForm.tsx';
import { LanguageSwitcher } from './panels/LanguageSwitcher.tsx';
import { Legend } from './panels/Legend.tsx';
import { NearMe } from './panels/NearMe.tsx';
import { ResultList } from './panels/ResultList.tsx';
import { SearchBox } from './panels/SearchBox.tsx';
import { type AreaOption, areaOptions } from './state/areas.ts';
import { areaAt, feedQuery } from './state/feed-links.ts';
import { activeFilterCount, apiQuery, type Filters, readPreference, readView, type ViewState, writePreference, writeView } from './state/filters.ts';
import { audienceLabel } from './taxonomy.ts';
import { absoluteUrl } from './state/tenant.ts';
import { ParticipateEntry } from './participate/MapExtras.tsx';
import { closesByBack, opening, readUi, type Sheet, type UiState, writeEntry } from './layout/history.ts';
import { useLayoutText } from './layout/i18n.ts';

const MapView = lazy(() => import('./map/MapView.tsx'));

const PLACE_LAYERS: LayerId[] = ['parks', 'gardens', 'centres', 'degraded-zones', 'neighbourhoods'];
const LISTED_PLACES: LayerId[] = ['gardens', 'centres', 'parks', 'degraded-zones', 'needs'];
const DEFAULT_RADIUS_M = 1500;

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

function programsCollection(items: SearchItem[]): LayerCollection {
  return {
    type: 'FeatureCollection',
    features: items.map((i) => ({
      type: 'Feature',
      id: i.id,
      geometry: { type: 'Point', coordinates: [i.lon, i.lat] },
      properties: { id: i.id, name: i.name, layer: 'programs', kind: i.kind, categories: i.categories, audiences: i.audiences, languages: i.languages, free: i.free, place_name: i.place_name, lon: i.lon, lat: i.lat },
    })),
  };
}

export function App() {
  const { t, i18n } = useTranslation();
  const { t: tl } = useLayoutText();
  const [config, setConfig] = useState<ClientConfig | null>(null);
  const [configError, setConfigError] = useState<string | null>(null);
  const [view, setView] = useState<ViewState>(() => readView(window.location.search));
  // what the URL does not hold: the phone's sheet, the filters sheet, what the history entry opened
  const [ui, setUi] = useState<UiState>(() => readUi(window.history.state));
  const uiRef = useRef(ui);
  uiRef.current = ui;
  /** the next write of the URL pushes a history entry (something was opened) */
  const pushNext = useRef(false);
  const [loading, setLoading] = useState(true);
  const searchSeq = useRef(0);
  const [places, setPlaces] = useState<Partial<Record<LayerId, LayerCollection>>>({});
  const [results, setResults] = useState<SearchResult | null>(null);
  const [forYou, setForYou] = useState<SearchItem[] | null>(null);
  const [nearby, setNearby] = useState<NearbyItem[] | null>(null);
  const [mapView, setMapView] = useState<{ bbox: BBox; center: [number, number] } | null>(null);
  const [selected, setSelected] = useState<FeatureProps | null>(null);
  const [flyTo, setFlyTo] = useState<{ lon: number; lat: number; key: number; zoom?: number } | null>(null);
  const [picking, setPicking] = useState(false);
  const [nearStatus, setNearStatus] = useState<string | null>(null);
  const [prefer, setPrefer] = useState<string[] | null>(() => readPreference());
  const [choosing, setChoosing] = useState(() => readPreference() === null);
  const layerAbort = useRef<AbortController | null>(null);
  const [areas, setAreas] = useState<AreaOption[]>([]);
  // needs residents pinned (issue 13): a layer the resident turns on in the legend
  const [showNeeds, setShowNeeds] = useState(false);
  const needsAbort = useRef<AbortController | null>(null);

  const lang = i18n.language;
  setApiLanguage(lang);
  const changeLanguage = useCallback((l: string) => void i18n.changeLanguage(l), [i18n]);
  // emergency mode: polled, so a switch shows (and goes) without a reload
  const emergency = useEmergency(lang);
  const emergencyOn = emergency?.active === true;
  const { filters, point } = view;
  const visible = useMemo(
    () =>
      ({
        ...Object.fromEntries(['parks', 'gardens', 'centres', 'programs', 'degraded-zones', 'neighbourhoods'].map((l) => [l, !view.hidden.includes(l as LayerId)])),
        needs: showNeeds,
      }) as Record<LayerId, boolean>,
    [view.hidden, showNeeds],
  );

  // the URL follows the view, and the history entry the UI (web/layout/history.ts): opening a
  // detail, the filters or the whole list pushes an entry, so Back closes what was opened last;
  // any other change replaces the current entry. `lang` stays in the URL when the URL named one,
  // and follows the language the resident switches to
  const initialLang = useRef(lang);
  const urlNamedLang = useRef(new URLSearchParams(window.location.search).has('lang'));
  useEffect(() => {
    const keepLang = urlNamedLang.current || lang !== initialLang.current ? lang : null;
    const url = `${window.location.pathname}${writeView(view, keepLang)}`;
    const mode = pushNext.current ? 'push' : 'replace';
    pushNext.current = false;
    writeEntry(url, ui, mode);
  }, [view, lang, ui]);

  const loadConfig = useCallback(() => {
    setConfigError(null);
    api
      .config()
      .then((c) => {
        setTenantClock(c.tenant.clock);
        setConfig(c);
        document.title = `${c.tenant.names[lang] ?? c.tenant.name} · ${t('appName')}`;
      })
      .catch((e: unknown) => setConfigError(e instanceof Error ? e.message : String(e)));
  }, [lang, t]);
  useEffect(loadConfig, [loadConfig]);

  // the town's neighbourhoods (names in the interface's language), for the area filter
  useEffect(() => {
    if (!config) return;
    const ctrl = new AbortController();
    api.layer('neighbourhoods', null, ctrl.signal).then(
      (fc) => setAreas(areaOptions(fc.features, lang)),
      (e: unknown) => !ctrl.signal.aborted && console.error(e),
    );
    return () => ctrl.abort();
  }, [config, lang]);

  const mapViewRef = useRef<{ bbox: BBox; center: [number, number] } | null>(null);
  const loadPlaces = useCallback((bbox: BBox) => {
    layerAbort.current?.abort();
    const ctrl = new AbortController();
    layerAbort.current = ctrl;
    // a margin around the view, so small pans need no new request to look complete
    const w = bbox[2] - bbox[0];
    const h = bbox[3] - bbox[1];
    const padded: BBox = [bbox[0] - w * 0.25, bbox[1] - h * 0.25, bbox[2] + w * 0.25, bbox[3] + h * 0.25];
    Promise.all(PLACE_LAYERS.map((l) => api.layer(l, padded, ctrl.signal).then((fc) => [l, withPosition(fc)] as const)))
      .then((entries) => {
        if (!ctrl.signal.aborted) setPlaces((p) => ({ ...Object.fromEntries(entries), ...(p.needs ? { needs: p.needs } : {}) }));
      })
      .catch((e: unknown) => {
        if (!ctrl.signal.aborted) console.error(e);
      });
  }, []);
  // the needs layer is fetched only while it is shown, apart from the places (it may fail alone)
  const loadNeeds = useCallback((bbox: BBox) => {
    needsAbort.current?.abort();
    const ctrl = new AbortController();
    needsAbort.current = ctrl;
    api.layer('needs', bbox, ctrl.signal).then(
      (fc) => !ctrl.signal.aborted && setPlaces((p) => ({ ...p, needs: withPosition(fc) })),
      (e: unknown) => !ctrl.signal.aborted && console.error(e),
    );
  }, []);
  useEffect(() => {
    if (showNeeds && mapView) loadNeeds(mapView.bbox);
  }, [showNeeds, mapView, loadNeeds]);

  const onBounds = useCallback(
    (bbox: BBox, center: [number, number]) => {
      mapViewRef.current = { bbox, center };
      setMapView({ bbox, center });
      loadPlaces(bbox);
    },
    [loadPlaces],
  );
  // names come in the interface's language: fetch again when it changes
  useEffect(() => {
    if (lang && mapViewRef.current) loadPlaces(mapViewRef.current.bbox);
  }, [lang, loadPlaces]);

  // activities matching the filters (around the chosen point, when there is one)
  const radius = filters.radius ?? DEFAULT_RADIUS_M;
  useEffect(() => {
    if (!config) return;
    const ctrl = new AbortController();
    // never an older answer over a newer one: the older request is aborted, and an answer that
    // arrives anyway is dropped unless it answers the latest request
    const seq = ++searchSeq.current;
    const latest = () => !ctrl.signal.aborted && seq === searchSeq.current;
    const q = apiQuery(filters, {
      limit: '300',
      ...(prefer?.length ? { prefer: prefer.join(',') } : {}),
      // around a point the list is "nearest to the chosen point": nearest first, strictly
      ...(point ? { lon: point[0].toFixed(6), lat: point[1].toFixed(6), radius_m: String(radius), sort: 'distance' } : {}),
    });
    setLoading(true);
    api.search(q, ctrl.signal).then(
      (r) => {
        if (!latest()) return;
        setResults(r);
        setLoading(false);
      },
      (e: unknown) => {
        if (!latest()) return;
        setLoading(false);
        console.error(e);
      },
    );
    return () => ctrl.abort();
  }, [config, filters, point, radius, prefer]);

  // "for you this week"
  useEffect(() => {
    if (!config || !prefer?.length) {
      setForYou(null);
      return;
    }
    const ctrl = new AbortController();
    api
      .search(apiQuery({ ...filters, audiences: prefer, when: 'week', from: null, to: null }, { limit: '5', prefer: prefer.join(',') }), ctrl.signal)
      .then((r) => !ctrl.signal.aborted && setForYou(r.items), () => {});
    return () => ctrl.abort();
  }, [config, prefer, filters]);

  // places near the chosen point
  useEffect(() => {
    if (!point) {
      setNearby(null);
      return;
    }
    const ctrl = new AbortController();
    setNearStatus(null);
    // places only: asked with the programs, the nearest 50 were mostly programs and crowded places out
    api.nearby(point[0], point[1], radius, 50, ctrl.signal, ['gardens', 'parks', 'centres']).then(
      (items) => !ctrl.signal.aborted && setNearby(items.filter((n) => n.layer !== 'programs')),
      (e: unknown) => !ctrl.signal.aborted && setNearStatus(e instanceof Error ? e.message : String(e)),
    );
    return () => ctrl.abort();
  }, [point, radius]);

  // a view of one neighbourhood (a link from a leaflet, the area filter) shows it on the map
  const shownArea = useRef<string | null>(null);
  const mapReady = mapView !== null;
  useEffect(() => {
    const a = filters.area ? areas.find((x) => x.id === filters.area) : undefined;
    if (!mapReady || !a?.center || shownArea.current === a.id) return;
    shownArea.current = a.id;
    if (!point) setFlyTo({ lon: a.center[0], lat: a.center[1], key: Date.now(), zoom: 14 });
  }, [filters.area, areas, point, mapReady]);

  const update = useCallback((patch: Partial<ViewState>) => setView((v) => ({ ...v, ...patch })), []);
  const setFilters = useCallback((f: Filters) => update({ filters: f }), [update]);

  // opening a detail pushes a history entry (Back closes it); another detail opened from an open
  // one takes its place, so the close button and Back both return to the list
  const itemOpen = view.item !== null;
  const select = useCallback(
    (p: FeatureProps) => {
      setSelected(p);
      if (!itemOpen) {
        pushNext.current = true;
        setUi((u) => opening(u, 'details', { filters: false }));
      }
      update({ item: { layer: p.layer, id: p.id } });
      if (p.lon !== undefined && p.lat !== undefined) setFlyTo({ lon: p.lon, lat: p.lat, key: Date.now() });
    },
    [update, itemOpen],
  );
  const closeDetails = useCallback(() => {
    if (closesByBack(uiRef.current, 'details')) {
      window.history.back();
      return;
    }
    setSelected(null);
    update({ item: null });
  }, [update]);

  // the filters sheet (phones): opened with its own entry; Back, its close button and "Show N
  // activities" all close it and keep the filters chosen in it
  const filtersButton = useRef<HTMLButtonElement>(null);
  const filtersSheet = useRef<HTMLDivElement>(null);
  const openFilters = useCallback(() => {
    pushNext.current = true;
    setUi((u) => opening(u, 'filters', { filters: true }));
  }, []);
  const closeFilters = useCallback(() => {
    if (!uiRef.current.filters) return;
    if (closesByBack(uiRef.current, 'filters')) window.history.back();
    else setUi((u) => ({ ...u, filters: false }));
  }, []);
  const wasFiltersOpen = useRef(ui.filters);
  useEffect(() => {
    if (ui.filters && !wasFiltersOpen.current) filtersSheet.current?.focus();
    if (!ui.filters && wasFiltersOpen.current) filtersButton.current?.focus();
    wasFiltersOpen.current = ui.filters;
  }, [ui.filters]);

  // the phone's sheet: half by default; the whole list or the whole map is an entry of its own
  const setSheet = useCallback((sheet: Sheet) => {
    const u = uiRef.current;
    if (sheet === u.sheet) return;
    if (sheet === 'half' && closesByBack(u, 'sheet')) window.history.back();
    else if (u.sheet === 'half') {
      pushNext.current = true;
      setUi(opening(u, 'sheet', { sheet }));
    } else setUi({ ...u, sheet });
  }, []);

  // Back (or Forward): the entry's URL is the view, its state the UI. Leaving the filters sheet
  // keeps what was chosen in it (the entry left to is then rewritten with it)
  useEffect(() => {
    const onPop = (e: PopStateEvent) => {
      const next = readUi(e.state);
      const fromUrl = readView(window.location.search);
      const leavingFilters = uiRef.current.filters && !next.filters;
      setView((cur) => (leavingFilters ? { ...fromUrl, filters: cur.filters, point: cur.point, hidden: cur.hidden } : fromUrl));
      setUi(next);
      setPicking(false);
      const item = fromUrl.item;
      setSelected((s) => (item === null ? null : s?.id === item.id && s.layer === item.layer ? s : { id: item.id, layer: item.layer, name: '', kind: item.layer === 'programs' ? 'program' : item.layer }));
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  // an item in the URL (a shared link) opens once the config is there
  const opened = useRef(false);
  useEffect(() => {
    if (!config || opened.current) return;
    opened.current = true;
    if (view.item) setSelected({ id: view.item.id, layer: view.item.layer, name: '', kind: view.item.layer === 'programs' ? 'program' : view.item.layer });
  }, [config, view.item]);

  const selectEmergency = useCallback(
    (p: EmergencyPlace) => {
      const [layer = '', id = p.target_id] = p.item.split(':');
      const known: LayerId[] = ['parks', 'gardens', 'centres', 'programs'];
      if ((known as string[]).includes(layer))
        select({ id, name: p.name, layer: layer as LayerId, kind: layer === 'programs' ? 'program' : layer, lon: p.lon, lat: p.lat, address: p.address });
      else setFlyTo({ lon: p.lon, lat: p.lat, key: Date.now(), zoom: 16 });
    },
    [select],
  );
  const selectEmergencyById = useCallback(
    (id: string) => {
      const p = emergency?.places.find((x) => x.id === id);
      if (p) selectEmergency(p);
    },
    [emergency, selectEmergency],
  );

  const searchNear = useCallback(
    (lon: number, lat: number) => {
      setPicking(false);
      update({ point: [lon, lat] });
    },
    [update],
  );
  // near me is in the filters sheet on a phone: its answer (or the map to pick on) shows once it closes
  const startPicking = useCallback(() => {
    closeFilters();
    setPicking(true);
  }, [closeFilters]);

  const locate = useCallback(() => {
    closeFilters();
    if (!('geolocation' in navigator)) {
      setNearStatus(t('nearMe.denied'));
      return;
    }
    setNearStatus(t('nearMe.locating'));
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setNearStatus(null);
        searchNear(pos.coords.longitude, pos.coords.latitude);
        setFlyTo({ lon: pos.coords.longitude, lat: pos.coords.latitude, key: Date.now(), zoom: 14 });
      },
      () => setNearStatus(t('nearMe.denied')),
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  }, [searchNear, t, closeFilters]);

  const pickHit = useCallback(
    (h: AnyHit) => {
      // a category ("їжа" → food support) filters the activities by it
      if (h.type === 'category') {
        setView((v) => ({ ...v, filters: { ...v.filters, categories: [h.id] } }));
        return;
      }
      if (h.type === 'opportunity') select({ id: h.id, name: h.name, layer: 'programs', kind: h.kind, lon: h.lon, lat: h.lat });
      else if (h.type === 'place') {
        const layer: LayerId = h.kind === 'park' ? 'parks' : h.kind === 'community_garden' ? 'gardens' : 'centres';
        select({ id: h.id, name: h.name, layer, kind: h.kind, lon: h.lon, lat: h.lat });
      } else setFlyTo({ lon: h.lon, lat: h.lat, key: Date.now(), zoom: 15 });
    },
    [select],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || choosing) return;
      if (uiRef.current.filters) closeFilters();
      else if (picking) setPicking(false);
      else closeDetails();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [picking, closeDetails, choosing, closeFilters]);

  const activities = useMemo(() => (visible.programs ? (results?.items ?? []) : []), [results, visible.programs]);
  const placeItems: ListItem[] = useMemo(() => {
    if (nearby) {
      const known = new Map<string, FeatureProps>();
      for (const l of LISTED_PLACES) for (const f of places[l]?.features ?? []) known.set(f.properties.id, f.properties);
      return nearby
        .filter((n) => visible[n.layer])
        .map((n) => ({ props: { ...known.get(n.id), id: n.id, name: n.name, layer: n.layer, kind: n.kind, lon: n.lon, lat: n.lat }, distance: n.distance_m }));
    }
    const origin = mapView?.center ?? null;
    const out: ListItem[] = [];
    for (const layer of LISTED_PLACES) {
      if (!visible[layer]) continue;
      for (const f of places[layer]?.features ?? []) {
        const p = { ...f.properties, layer };
        if (!inBBox(p, mapView?.bbox ?? null)) continue;
        out.push({ props: p, distance: origin && p.lon !== undefined && p.lat !== undefined ? haversine(origin, [p.lon, p.lat]) : null });
      }
    }
    return out.sort((a, b) => (a.distance ?? Number.POSITIVE_INFINITY) - (b.distance ?? Number.POSITIVE_INFINITY));
  }, [nearby, places, visible, mapView]);

  const mapData = useMemo(() => ({ ...places, programs: programsCollection(activities) }), [places, activities]);
  const counts = useMemo(
    () => ({
      ...Object.fromEntries([...PLACE_LAYERS, 'needs'].map((l) => [l, (places[l as LayerId]?.features ?? []).filter((f) => inBBox(f.properties, mapView?.bbox ?? null)).length])),
      programs: results?.total ?? 0,
    }),
    [places, mapView, results],
  );

  if (configError) {
    return (
      <main className="fatal">
        <h1>{t('appName')}</h1>
        <p role="alert">{`${t('loadFailed')} ${configError}`}</p>
        <button type="button" onClick={loadConfig}>
          {t('retry')}
        </button>
      </main>
    );
  }

  const shareUrl = selected ? absoluteUrl(`/?item=${selected.layer}:${selected.id}${lang !== config?.tenant.defaultLocale ? `&lang=${lang}` : ''}`) : '';
  const tz = config?.tenant.timezone ?? 'UTC';
  // the view's feeds, and the neighbourhood of its point (else of the map's centre) for the leaflet
  const feedsQuery = feedQuery(filters, { tenant: config?.tenant.slug ?? '', lang, point, radius });
  const viewCentre = point ?? mapView?.center ?? null;
  const filterArea = filters.area ? { id: filters.area, name: areas.find((a) => a.id === filters.area)?.name ?? '' } : null;
  const pointArea = point ? areaAt(places.neighbourhoods?.features ?? [], point) : null;
  const viewArea = filterArea ?? (viewCentre ? areaAt(places.neighbourhoods?.features ?? [], viewCentre) : null);
  // the view's own link, to share the list: its filters and point, not the open item or hidden layers
  const listUrl = absoluteUrl(`/${writeView({ ...view, item: null, hidden: [] }, lang !== config?.tenant.defaultLocale ? lang : null)}`);
  // activities and places are counted apart, never added up ("15 results near" was 1 activity)
  const activityCount = visible.programs ? (results?.total ?? 0) : 0;
  const announcement = point
    ? `${t('list.nearCount', { count: activityCount })} · ${t('list.nearPlaces', { count: placeItems.length })}`
    : t('filters.results', { count: activityCount });

  const filtersOpen = ui.filters;
  // while the filters sheet covers a phone's screen, nothing behind it takes focus or touch
  const behind = filtersOpen ? { inert: true } : {};
  const showLabel = loading ? tl('loadingShort') : tl('show', { count: results?.total ?? 0 });
  const selectActivity = (i: SearchItem) => select({ id: i.id, name: i.name, layer: 'programs', kind: i.kind, lon: i.lon, lat: i.lat });

  return (
    <div className="app">
      <a className="skip" href="#panel" {...behind}>
        {t('skipToList')}
      </a>
      <header className="topbar" {...behind}>
        <h1>
          <span className="app-name">{t('appName')}</span>
          {config && <span className="tenant">{config.tenant.names[lang] ?? config.tenant.name}</span>}
        </h1>
        <div className="topbar-tools">
          <button type="button" className="audience-button" onClick={() => setChoosing(true)}>
            {prefer?.length ? t('audience.change', { list: prefer.map((a) => audienceLabel(a, lang)).join(', ') }) : t('audience.choose')}
          </button>
          <LanguageSwitcher onChange={(l) => i18n.changeLanguage(l)} />
        </div>
      </header>
      {emergencyOn && emergency && <EmergencyBanner state={emergency} timeZone={tz} />}
      {choosing && (
        <AudienceChooser
          initial={prefer ?? []}
          tenant={config?.tenant ?? null}
          onLanguage={changeLanguage}
          onDone={(a) => {
            writePreference(a);
            setPrefer(a);
            setChoosing(false);
          }}
          onSkip={() => {
            if (prefer === null) writePreference([]);
            setPrefer((p) => p ?? []);
            setChoosing(false);
          }}
        />
      )}
      <div className="layout" data-sheet={ui.sheet} data-details={selected ? 'open' : undefined} data-filters={filtersOpen ? 'open' : undefined}>
        <main className="map-area" {...behind}>
          {config ? (
            <Suspense fallback={<p className="map-loading">{t('loading')}</p>}>
              <MapView
                styleUrl={config.mapStyleUrl}
                home={config.tenant.home}
                bbox={config.tenant.bbox}
                data={mapData}
                visible={visible}
                selectedId={selected?.id ?? null}
                point={point}
                picking={picking}
                flyTo={flyTo}
                onBounds={onBounds}
                onSelect={select}
                onPick={searchNear}
                emergency={emergencyOn ? (emergency?.places ?? []) : null}
                onSelectEmergency={selectEmergencyById}
              />
            </Suspense>
          ) : (
            <p className="map-loading">{t('loading')}</p>
          )}
          {picking && <div className="pick-banner">{t('nearMe.pickHint')}</div>}
        </main>
        <aside id="panel" className={`panel${emergencyOn ? ' panel-emergency' : ''}`} aria-label={t('panelLabel')} tabIndex={-1}>
          {emergencyOn && emergency && (
            <div className="sheet-part" {...behind}>
              <EmergencyPlaces
                places={emergency.places}
                onSelect={selectEmergency}
                distance={(p) => {
                  const from = point ?? mapView?.center;
                  return from ? formatDistance(haversine(from, [p.lon, p.lat]), lang) : null;
                }}
              />
            </div>
          )}
          <div className="sheet-bar" {...behind}>
            <SearchBox onPick={pickHit} timeZone={tz} />
            <div className="sheet-tools">
              <button type="button" ref={filtersButton} className="sheet-button filters-button" aria-expanded={filtersOpen} aria-controls="filters-sheet" onClick={openFilters}>
                {tl('filters', { count: activeFilterCount(filters) })}
              </button>
              <fieldset className="sheet-switch">
                <legend className="sr-only">{tl('sheetLabel')}</legend>
                <button type="button" className="sheet-button" aria-pressed={ui.sheet === 'peek'} onClick={() => setSheet(ui.sheet === 'peek' ? 'half' : 'peek')}>
                  {tl('showMap')}
                </button>
                <button type="button" className="sheet-button" aria-pressed={ui.sheet === 'full'} onClick={() => setSheet(ui.sheet === 'full' ? 'half' : 'full')}>
                  {tl('showList')}
                </button>
              </fieldset>
            </div>
            <div className="count-row">
              <p className="count" aria-live="polite" role="status">
                {announcement}
              </p>
              {loading && (
                <p className="loading" data-testid="results-loading">
                  <span className="spinner" aria-hidden="true" />
                  {tl('loading')}
                </p>
              )}
            </div>
          </div>
          {selected && config && (
            <div className="details-sheet" {...behind}>
              <Details feature={selected} timeZone={tz} point={point} shareUrl={shareUrl} onClose={closeDetails} onOpen={select} />
            </div>
          )}
          {forYou && forYou.length > 0 && !selected && (
            <section className="for-you sheet-part" aria-labelledby="for-you-title" {...behind}>
              <h2 id="for-you-title">{t('forYou.title')}</h2>
              <ResultList items={forYou} selectedId={null} timeZone={tz} onSelect={selectActivity} label={t('forYou.title')} />
            </section>
          )}
          <div
            id="filters-sheet"
            ref={filtersSheet}
            className="filters-sheet"
            tabIndex={-1}
            {...(filtersOpen ? { role: 'dialog', 'aria-modal': true, 'aria-labelledby': 'filters-title' } : {})}
          >
            <div className="filters-sheet-head">
              <button type="button" className="sheet-close" onClick={closeFilters} aria-label={tl('closeFilters')}>
                ×
              </button>
            </div>
            <FiltersPanel filters={filters} facets={results?.facets ?? null} hasPoint={point !== null} areas={areas} onChange={setFilters} />
            <NearMe
              picking={picking}
              active={point !== null}
              status={nearStatus}
              onLocate={locate}
              onPick={startPicking}
              onCancelPick={() => setPicking(false)}
              onClear={() => update({ point: null })}
            />
            <Legend
              visible={visible}
              counts={counts}
              onToggle={(l, on) => (l === 'needs' ? setShowNeeds(on) : update({ hidden: on ? view.hidden.filter((x) => x !== l) : [...view.hidden, l] }))}
            />
            <div className="filters-sheet-foot">
              <button type="button" className="show-results" aria-busy={loading} onClick={closeFilters}>
                {showLabel}
              </button>
            </div>
          </div>
          <section className="list sheet-part" aria-labelledby="list-title" aria-busy={loading} {...behind}>
            <h2 id="list-title">{point ? t('list.nearTitle') : t('list.title')}</h2>
            <ResultList items={activities} selectedId={selected?.id ?? null} timeZone={tz} onSelect={selectActivity} label={t('list.title')} />
          </section>
          {/* what follows the list waits for its first answer: drawn before, it stood where the
              results then arrive and was pushed down (a layout shift of 0.21 on a phone) */}
          {results && (
            <div className="sheet-part" {...behind}>
              <ParticipateEntry centre={point ?? mapView?.center ?? null} />
            </div>
          )}
          {config && results && (
            <div className="sheet-part" {...behind}>
              <GetThisEveryWeek
                query={feedsQuery}
                area={viewArea}
                audiences={filters.audiences}
                share={{ url: listUrl, filters, area: filterArea?.name || null, near: point ? { area: pointArea?.name ?? null } : null }}
              >
                <SubscribeForm
                  filters={Object.fromEntries(new URLSearchParams(feedsQuery))}
                  tenant={config.tenant.slug}
                  headingLevel={3}
                />
              </GetThisEveryWeek>
            </div>
          )}
          {results && (
            <section className="list sheet-part" aria-labelledby="places-title" {...behind}>
              <h2 id="places-title">{t('list.places')}</h2>
              <FeatureList items={placeItems} selectedId={selected?.id ?? null} onSelect={select} label={t('list.places')} />
            </section>
          )}
        </aside>
      </div>
    </div>
  );
}
