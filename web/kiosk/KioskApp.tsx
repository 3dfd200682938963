/**
 * /kiosk/{slug}: a touch screen in a community centre. Big buttons, no typing needed, every
 * language in its own script, "you are here" at the centre; after the idle time-out everything a
 * visitor did is gone (state, language, open detail, storage) and the attract screen returns.
 * Works offline from the service worker's copy, and says since when.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeatureProps, LayerCollection, LayerId, SearchItem } from '../api.ts';
import { formatClock, formatWeekdayTime, haversine, setTenantClock, walkMinutes } from '../format.ts';
import { LanguageMark } from '../words/LanguageMark.tsx';
import { setLanguage } from '../i18n/index.ts';
import { areaAt } from '../state/feed-links.ts';
import { AUDIENCES, audienceLabel, CATEGORIES, categoryColor, categoryLabel } from '../taxonomy.ts';
import { useEmergency } from '../emergency/api.ts';
import { EmergencyBanner } from '../emergency/EmergencyBanner.tsx';
import { EmergencyPlaces } from '../emergency/EmergencyPlaces.tsx';
import '../emergency/emergency.css';
import { Attract, type AttractItem } from './Attract.tsx';
import {
  areaBox,
  enableOffline,
  fold,
  type KioskConfig,
  kioskApi,
  kioskUrls,
  onNetworkState,
} from './data.ts';
import { ItemDetail } from './ItemDetail.tsx';
import { Keyboard } from './Keyboard.tsx';
import { LeafletPrint } from './LeafletPrint.tsx';
import { StillThere } from './StillThere.tsx';
import { useConfigUpdates } from './useConfigUpdates.ts';
import { useIdle } from './useIdle.ts';
import { absoluteUrl, apiUrl, appPathname, appUrl } from '../state/tenant.ts';
import './kiosk.css';

const MapView = lazy(() => import('../map/MapView.tsx'));

const NATIVE: Record<string, string> = {
  en: 'English',
  fr: 'Français',
  he: 'עברית',
  pl: 'Polski',
  uk: 'Українська',
  ru: 'Русский',
};
const ALL_LAYERS: LayerId[] = ['programs', 'centres', 'gardens', 'parks', 'degraded-zones', 'neighbourhoods'];
type When = 'today' | 'week' | 'fortnight';
const RELOAD_AFTER_MS = 12 * 3600_000;

interface Choice {
  category: string | null;
  audience: string | null;
  when: When;
  text: string;
  keyboard: boolean;
  open: SearchItem | null;
}
const START: Choice = { category: null, audience: null, when: 'week', text: '', keyboard: false, open: null };

declare global {
  interface Window {
    /** the kiosk's own controls, for the soak test */
    /** ask(seconds): the idle question now, waiting `seconds` for an answer (tests on a slow machine) */
    __commonsKiosk?: { expire: () => void; ask: (seconds?: number) => void; resets: number };
  }
}

function slugFromPath(): string {
  return decodeURIComponent(appPathname().replace(/^\/kiosk\/?/, '').replace(/\/.*$/, ''));
}

/** the local calendar day in the town's zone, as a Date at its UTC midnight */
function townToday(timeZone: string): Date {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
  return new Date(`${parts}T00:00:00Z`);
}

export function KioskApp() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const slug = useMemo(slugFromPath, []);
  const [config, setConfig] = useState<KioskConfig | null>(null);
  const [timeZone, setTimeZone] = useState('UTC');
  const [styleUrl, setStyleUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [items, setItems] = useState<SearchItem[]>([]);
  const [layers, setLayers] = useState<Partial<Record<LayerId, LayerCollection>>>({});
  const [choice, setChoice] = useState<Choice>(START);
  const [attract, setAttract] = useState(true);
  const [offlineSince, setOfflineSince] = useState<Date | null>(null);
  const [clock, setClock] = useState(() => new Date());
  const [flyTo, setFlyTo] = useState<{ lon: number; lat: number; key: number; zoom?: number } | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  /** the neighbourhood the centre stands in: the leaflet a kiosk with a printer prints */
  const [area, setArea] = useState<{ id: string; name: string } | null>(null);
  /** one per visitor: what a visit started (a print job) ends with it */
  const [visit, setVisit] = useState(0);
  const startLength = useRef(window.history.length);
  const loadedAt = useRef(Date.now());
  const online = useRef(true);
  // emergency mode: polled every minute and on focus; switching back restores the routine view
  const emergency = useEmergency(lang);
  const emergencyOn = emergency?.active === true;

  // the configuration, the town's time zone and map style
  useEffect(() => {
    const ctrl = new AbortController();
    kioskApi
      .config(slug, ctrl.signal)
      .then((c) => {
        setConfig(c);
        setFailed(null);
        void setLanguage(c.default_language);
        // the QR code library is loaded now, so that it is in the offline copy before it is needed
        void import('qrcode');
      })
      .catch((e: unknown) => {
        if (!ctrl.signal.aborted) setFailed(e instanceof Error ? e.message : String(e));
      });
    fetch(apiUrl('/api/config'), { signal: ctrl.signal })
      .then((r) => r.json() as Promise<{ tenant: { timezone: string; clock?: '12h' | '24h' | null }; mapStyleUrl: string }>)
      .then((c) => {
        setTenantClock(c.tenant.clock);
        setTimeZone(c.tenant.timezone);
        setStyleUrl(c.mapStyleUrl);
      })
      .catch(() => {});
    return () => ctrl.abort();
  }, [slug]);

  // offline since when; back online: everything is read again
  useEffect(
    () =>
      onNetworkState((offline) => {
        online.current = !offline;
        setOfflineSince((since) => {
          if (offline) return since ?? new Date();
          if (since) setReloadKey((k) => k + 1);
          return null;
        });
      }),
    [],
  );
  useEffect(() => {
    const id = setInterval(() => {
      setClock(new Date());
      // while offline, ask the server every 15 s; the answer says whether it came from the network
      if (offlineSince) kioskApi.health().catch(() => {});
    }, 15_000);
    return () => clearInterval(id);
  }, [offlineSince]);

  // the data: two weeks of activities around the centre, and the kiosk's layers in its area
  // biome-ignore lint/correctness/useExhaustiveDependencies: reloadKey is the "read everything again" trigger
  useEffect(() => {
    if (!config) return;
    const ctrl = new AbortController();
    const today = townToday(timeZone);
    kioskApi.activities(config, lang, today, ctrl.signal).then(
      (r) => setItems(r.items),
      () => {},
    );
    Promise.all(
      config.layers.map((l) =>
        kioskApi
          .layer(config, l, lang, ctrl.signal)
          .then((fc) => [l, fc] as const)
          .catch(() => [l, null] as const),
      ),
    ).then((entries) => {
      if (ctrl.signal.aborted) return;
      setLayers(
        Object.fromEntries(entries.filter(([, fc]) => fc)) as Partial<Record<LayerId, LayerCollection>>,
      );
    });
    // every 30 minutes, whatever happens: a kiosk runs for months
    const refresh = setTimeout(() => setReloadKey((k) => k + 1), 30 * 60_000);
    return () => {
      ctrl.abort();
      clearTimeout(refresh);
    };
  }, [config, lang, timeZone, reloadKey]);

  // a kiosk with a printer prints its neighbourhood's leaflet
  const centreLon = config?.centre.lon;
  const centreLat = config?.centre.lat;
  useEffect(() => {
    if (!config?.printer || centreLon === undefined || centreLat === undefined) {
      setArea(null);
      return;
    }
    const ctrl = new AbortController();
    kioskApi.neighbourhoods(ctrl.signal).then(
      (fc) => setArea(areaAt(fc.features, [centreLon, centreLat])),
      () => {},
    );
    return () => ctrl.abort();
  }, [config?.printer, centreLon, centreLat]);

  // the service worker keeps a copy of everything the kiosk reads, in every language it offers
  useEffect(() => {
    if (!config || !styleUrl) return;
    const today = townToday(timeZone);
    void enableOffline(() => [
      kioskUrls.config(config.slug),
      apiUrl('/api/config'),
      apiUrl('/api/health'),
      styleUrl,
      apiUrl('/api/basemap/streets.geojson'),
      apiUrl('/api/basemap/water.geojson'),
      kioskUrls.neighbourhoods,
      ...config.languages.flatMap((l) => [
        kioskUrls.activities(config, l, today),
        ...config.layers.map((layer) => kioskUrls.layer(config, layer, l)),
      ]),
    ]);
  }, [config, styleUrl, timeZone]);
  // and of each activity's detail, in the default language and the current one
  useEffect(() => {
    if (!config || !items.length || !navigator.serviceWorker?.controller) return;
    const langs = [...new Set([config.default_language, lang])];
    navigator.serviceWorker.controller.postMessage({
      type: 'precache',
      urls: items.flatMap((it) => langs.map((l) => kioskUrls.detail(it.id, l))),
    });
  }, [config, items, lang]);

  const centre: [number, number] | null = config ? [config.centre.lon, config.centre.lat] : null;
  const minutesTo = useCallback(
    (it: SearchItem): number | null => {
      if (!config || !centre) return null;
      if (it.place_id === config.centre.id) return null;
      return walkMinutes(haversine(centre, [it.lon, it.lat]));
    },
    [config, centre],
  );

  const today = useMemo(() => townToday(timeZone).toISOString().slice(0, 10), [timeZone]);
  const inWindow = useCallback(
    (it: SearchItem, when: When) => {
      if (!it.next) return false;
      const day = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }).format(new Date(it.next.start));
      const days = (Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000;
      return when === 'today' ? days === 0 : when === 'week' ? days < 7 : days < 14;
    },
    [timeZone, today],
  );

  const results = useMemo(() => {
    const q = fold(choice.text.trim());
    return items.filter(
      (it) =>
        inWindow(it, choice.when) &&
        (!choice.category || it.categories.includes(choice.category)) &&
        (!choice.audience || it.audiences.includes(choice.audience) || it.audiences.includes('everyone')) &&
        (!q || fold(it.name).includes(q) || fold(it.place_name ?? '').includes(q)),
    );
  }, [items, choice, inWindow]);

  const attractItems = useMemo((): AttractItem[] => {
    const here = items.filter((it) => inWindow(it, 'today') && it.place_id === config?.centre.id);
    const near = items.filter((it) => inWindow(it, 'week') && !here.includes(it));
    return [
      ...here.map((item) => ({ item, group: 'today' as const, minutes: null })),
      ...near.slice(0, 12).map((item) => ({ item, group: 'week' as const, minutes: minutesTo(item) })),
    ];
  }, [items, inWindow, config, minutesTo]);

  // nothing of a visitor is left for the next one
  const checkConfig = useConfigUpdates(slug, config, attract, (c) => {
    setConfig(c);
    void setLanguage(c.default_language);
  });

  const reset = useCallback(() => {
    // a kiosk runs for months: twice a day, between visitors and while the server answers, it
    // starts afresh (the service worker serves the page), so nothing can pile up in memory
    if (Date.now() - loadedAt.current > RELOAD_AFTER_MS && online.current) {
      window.location.replace(appUrl(`/kiosk/${slug}`));
      return;
    }
    setChoice(START);
    setAttract(true);
    setVisit((v) => v + 1);
    if (config) void setLanguage(config.default_language);
    try {
      window.localStorage.clear();
      window.sessionStorage.clear();
    } catch {
      // storage disabled: nothing to clear
    }
    window.history.replaceState(null, '', appUrl(`/kiosk/${slug}`));
    // the browser's timing buffers: nothing of a visit needs keeping
    performance.clearResourceTimings();
    performance.clearMarks();
    performance.clearMeasures();
    if (centre) setFlyTo({ lon: centre[0], lat: centre[1], key: Date.now(), zoom: 14 });
    if (window.__commonsKiosk) window.__commonsKiosk.resets += 1;
    (document.activeElement as HTMLElement | null)?.blur?.();
    checkConfig();
  }, [config, slug, centre, checkConfig]);

  // before it forgets a visit, the kiosk asks whether anyone is still there (not on the attract screen)
  const { expire, asking, stay, askNow } = useIdle(config?.idle_seconds ?? 90, reset, !attract);
  useEffect(() => {
    window.__commonsKiosk = { expire, ask: askNow, resets: window.__commonsKiosk?.resets ?? 0 };
  }, [expire, askNow]);
  useEffect(() => {
    document.title = config
      ? `${config.centre.names[lang] ?? config.centre.name} · Commons Map`
      : 'Commons Map';
    document.documentElement.dataset.kiosk = 'true';
    document.documentElement.dataset.historyStart = String(startLength.current);
  }, [config, lang]);

  const onSelect = useCallback(
    (p: FeatureProps) => {
      if (p.layer !== 'programs') return;
      const it = items.find((x) => x.id === p.id);
      if (it) setChoice((c) => ({ ...c, open: it }));
    },
    [items],
  );

  if (failed && !config) {
    return (
      <main className="k-fatal">
        <h1>{t('kiosk.notFound')}</h1>
        <p>{failed}</p>
      </main>
    );
  }
  if (!config) return <p className="k-loading">{t('loading')}</p>;

  const centreName = config.centre.names[lang] ?? config.centre.name;
  const visible = Object.fromEntries(ALL_LAYERS.map((l) => [l, config.layers.includes(l)])) as Record<
    LayerId,
    boolean
  >;
  const publicUrl = (it: SearchItem) => absoluteUrl(`/?item=programs:${it.id}&lang=${lang}`);

  return (
    <div className={choice.keyboard ? 'kiosk k-typing' : 'kiosk'}>
      <header className="k-bar">
        <div className="k-where">
          <span className="k-here-dot" aria-hidden="true" />
          <div>
            <h1>{centreName}</h1>
            <p>{t('kiosk.youAreHere')}</p>
          </div>
        </div>
        <time className="k-clock" dateTime={clock.toISOString()}>
          {formatClock(clock, timeZone, lang)}
        </time>
        <nav className="k-langs" aria-label={t('kiosk.languages')}>
          {config.languages.map((l) => (
            <button
              key={l}
              type="button"
              lang={l}
              dir={l === 'he' ? 'rtl' : 'ltr'}
              aria-pressed={lang === l}
              onClick={() => void setLanguage(l)}
            >
              {NATIVE[l] ?? l}
            </button>
          ))}
        </nav>
      </header>
      {offlineSince && (
        <p className="k-offline" role="status">
          {t('kiosk.offline', {
            time: formatClock(offlineSince, timeZone, lang),
          })}
        </p>
      )}

      {emergencyOn && emergency && <EmergencyBanner state={emergency} timeZone={timeZone} className="k-emergency" />}

      <main className="k-main">
        <div className="k-map">
          {styleUrl && centre && (
            <Suspense fallback={<p className="k-loading">{t('loading')}</p>}>
              <MapView
                styleUrl={styleUrl}
                home={{ center: centre, zoom: 14 }}
                bbox={areaBox(config)}
                data={layers}
                visible={visible}
                selectedId={choice.open?.id ?? null}
                point={centre}
                pointLabel={t('kiosk.youAreHere')}
                picking={false}
                flyTo={flyTo}
                onBounds={() => {}}
                onSelect={onSelect}
                onPick={() => {}}
                emergency={emergencyOn ? (emergency?.places ?? []) : null}
                onSelectEmergency={(id) => {
                  const p = emergency?.places.find((x) => x.id === id);
                  if (p) setFlyTo({ lon: p.lon, lat: p.lat, key: Date.now(), zoom: 16 });
                }}
              />
            </Suspense>
          )}
        </div>

        <section className="k-choose" aria-labelledby="k-what">
          <div className="k-buttons k-when">
            {(['today', 'week', 'fortnight'] as const).map((w) => (
              <button
                key={w}
                type="button"
                aria-pressed={choice.when === w}
                onClick={() => setChoice((c) => ({ ...c, when: w }))}
              >
                {w === 'today' ? t('when.today') : w === 'week' ? t('when.week') : t('kiosk.twoWeeks')}
              </button>
            ))}
            <button
              type="button"
              aria-pressed={choice.keyboard}
              onClick={() => setChoice((c) => ({ ...c, keyboard: !c.keyboard }))}
            >
              ⌨ {t('kiosk.search')}
            </button>
          </div>
          {choice.keyboard && (
            <div className="k-search">
              <output className="k-search-text" aria-label={t('kiosk.search')}>
                {choice.text || '…'}
              </output>
              {/* while typing, the choices made before still apply: say which */}
              {(choice.category || choice.audience) && (
                <p className="k-search-within">
                  {[
                    choice.category ? categoryLabel(choice.category, lang) : null,
                    choice.audience ? audienceLabel(choice.audience, lang) : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </p>
              )}
            </div>
          )}
          <h2 id="k-what">{t('kiosk.what')}</h2>
          <div className="k-buttons">
            <button
              type="button"
              aria-pressed={choice.category === null}
              onClick={() => setChoice((c) => ({ ...c, category: null }))}
            >
              {t('kiosk.everything')}
            </button>
            {CATEGORIES.filter((c) => c !== 'grants').map((c) => (
              <button
                key={c}
                type="button"
                aria-pressed={choice.category === c}
                onClick={() => setChoice((x) => ({ ...x, category: x.category === c ? null : c }))}
              >
                <span className="k-dot" style={{ background: categoryColor(c) }} aria-hidden="true" />
                {categoryLabel(c, lang)}
              </button>
            ))}
          </div>
          <h2>{t('kiosk.forWhom')}</h2>
          <div className="k-buttons">
            <button
              type="button"
              aria-pressed={choice.audience === null}
              onClick={() => setChoice((c) => ({ ...c, audience: null }))}
            >
              {t('kiosk.anyone')}
            </button>
            {AUDIENCES.filter((a) => a !== 'everyone').map((a) => (
              <button
                key={a}
                type="button"
                aria-pressed={choice.audience === a}
                onClick={() => setChoice((x) => ({ ...x, audience: x.audience === a ? null : a }))}
              >
                {audienceLabel(a, lang)}
              </button>
            ))}
          </div>
        </section>

        <section className="k-results" aria-labelledby="k-count">
          <div className="k-results-head">
            <h2 id="k-count" aria-live="polite">
              {results.length ? t('kiosk.results', { count: results.length }) : t('kiosk.none')}
            </h2>
            <button type="button" className="k-reset" onClick={reset}>
              {t('kiosk.startOver')}
            </button>
          </div>
          {config.printer && area && !offlineSince && (
            <LeafletPrint key={visit} area={area} audience={choice.audience} />
          )}
          {emergencyOn && emergency && centre && (
            <EmergencyPlaces
              className="k-emergency-places"
              places={emergency.places}
              headingLevel={3}
              onSelect={(p) => setFlyTo({ lon: p.lon, lat: p.lat, key: Date.now(), zoom: 16 })}
              distance={(p) =>
                p.target_id === config.centre.id
                  ? t('kiosk.here')
                  : t('kiosk.walk', { minutes: walkMinutes(haversine(centre, [p.lon, p.lat])) })
              }
            />
          )}
          <ul className="k-list">
            {results.slice(0, 60).map((it) => {
              const m = minutesTo(it);
              return (
                <li key={it.id}>
                  <button
                    type="button"
                    className="k-item"
                    onClick={() => setChoice((c) => ({ ...c, open: it }))}
                  >
                    <span
                      className="k-dot"
                      style={{ background: categoryColor(it.categories[0]) }}
                      aria-hidden="true"
                    />
                    <span className="k-item-text">
                      <span className="k-item-title" lang={it.name_lang}>
                        {it.name}
                      </span>
                      <LanguageMark lang={it.name_lang} ui={lang} className="k-lang-mark" />
                      <span className="k-item-meta">
                        {it.next ? formatWeekdayTime(it.next.start, timeZone, lang) : ''}
                        {' · '}
                        {m === null ? t('kiosk.here') : t('kiosk.walk', { minutes: m })}
                      </span>
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
        {/* the keyboard sits under the results, so that what is typed shows its results above it */}
        {choice.keyboard && (
          <section className="k-keys" aria-label={t('kiosk.keyboard')}>
            <Keyboard
              lang={lang}
              label={t('kiosk.keyboard')}
              spaceLabel={t('kiosk.space')}
              clearLabel={t('kiosk.clearText')}
              onKey={(k) => setChoice((c) => ({ ...c, text: (c.text + k).slice(0, 40) }))}
              onBackspace={() => setChoice((c) => ({ ...c, text: c.text.slice(0, -1) }))}
              onClear={() => setChoice((c) => ({ ...c, text: '' }))}
            />
          </section>
        )}
      </main>

      {choice.open && (
        <ItemDetail
          item={choice.open}
          minutes={minutesTo(choice.open)}
          timeZone={timeZone}
          printer={config.printer}
          publicUrl={publicUrl(choice.open)}
          onClose={() => setChoice((c) => ({ ...c, open: null }))}
        />
      )}
      {asking !== null && !attract && <StillThere secondsLeft={asking} onContinue={stay} onStartOver={reset} />}
      {attract && (
        <Attract
          centreName={centreName}
          languages={config.languages}
          items={attractItems}
          timeZone={timeZone}
          emergency={emergencyOn ? emergency : null}
          where={(p) =>
            p.target_id === config.centre.id
              ? t('kiosk.here')
              : centre
                ? t('kiosk.walk', { minutes: walkMinutes(haversine(centre, [p.lon, p.lat])) })
                : null
          }
          onStart={() => setAttract(false)}
        />
      )}
    </div>
  );
}
