/**
 * Where something is: a point put on a map (click or tap, drag the marker, or move the map with
 * the keyboard and put the point at its centre), typed as coordinates, or found by an address
 * search (GET /api/search: streets, places, neighbourhoods). A place found by the search can be
 * chosen as the place itself (`onPlace`) when the caller allows it.
 */
import { lazy, Suspense, useCallback, useEffect, useId, useRef, useState } from 'react';
import type { TextHit } from '../../api.ts';
import { contentApi, type TenantConfig } from './contentApi.ts';
import { ltr } from './format.tsx';
import { useContentText } from './i18n.ts';

const PickerMap = lazy(() => import('./PickerMap.tsx'));

type Point = { lon: number; lat: number };
const round = (v: number) => Math.round(v * 1e6) / 1e6;

export function AddressSearch({
  label,
  onHit,
  types,
}: {
  label: string;
  onHit: (h: TextHit) => void;
  types?: TextHit['type'][];
}) {
  const { t, lang } = useContentText();
  const id = useId();
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<TextHit[] | null>(null);
  useEffect(() => {
    if (q.trim().length < 2) {
      setHits(null);
      return;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      contentApi.search(q.trim(), lang, ctl.signal).then(
        (h) => !ctl.signal.aborted && setHits(types ? h.filter((x) => types.includes(x.type)) : h),
        () => {},
      );
    }, 250);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [q, lang, types]);
  return (
    <div className="address-search">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="search"
        value={q}
        autoComplete="off"
        onChange={(e) => setQ(e.currentTarget.value)}
      />
      <div aria-live="polite">
        {hits && (
          <ul className="hits" aria-label={t('map.results')}>
            {hits.length === 0 && <li className="muted">{t('map.searchNone')}</li>}
            {hits.map((h) => (
              <li key={`${h.type}:${h.id}`}>
                <button
                  type="button"
                  className="hit"
                  onClick={() => {
                    onHit(h);
                    setHits(null);
                    setQ('');
                  }}
                >
                  <bdi>{h.name}</bdi>
                  {h.detail ? (
                    <span className="muted">
                      {' · '}
                      <bdi>{h.detail}</bdi>
                    </span>
                  ) : null}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

export function LocationPicker({
  value,
  onChange,
  config,
}: {
  value: Point | null;
  onChange: (p: Point | null) => void;
  config: TenantConfig;
}) {
  const { t, lang } = useContentText();
  const id = useId();
  const [flyTo, setFlyTo] = useState<(Point & { key: number }) | null>(null);
  const centre = useRef<() => Point | null>(() => null);
  const onCentre = useCallback((get: () => Point | null) => {
    centre.current = get;
  }, []);
  const pick = (p: Point) => onChange({ lon: round(p.lon), lat: round(p.lat) });
  const fmt = (v: number) => new Intl.NumberFormat(lang, { maximumFractionDigits: 6 }).format(v);
  return (
    <div className="location-picker">
      <AddressSearch
        label={t('map.search')}
        onHit={(h) => {
          pick({ lon: h.lon, lat: h.lat });
          setFlyTo({ lon: h.lon, lat: h.lat, key: Date.now() });
        }}
      />
      <div className="picker-map">
        <Suspense fallback={<p aria-busy="true">{t('loading')}</p>}>
          <PickerMap
            styleUrl={config.mapStyleUrl}
            home={config.home}
            bbox={config.bbox}
            point={value}
            label={t('map.label')}
            markerLabel={t('map.point')}
            flyTo={flyTo}
            onPick={pick}
            onCentre={onCentre}
          />
        </Suspense>
      </div>
      <p className="muted">{t('map.keyboardHelp')}</p>
      <div className="picker-controls">
        <button
          type="button"
          className="admin-btn"
          onClick={() => {
            const c = centre.current();
            if (c) pick(c);
          }}
        >
          {t('map.useCentre')}
        </button>
        {value && (
          <button type="button" className="admin-btn" onClick={() => onChange(null)}>
            {t('map.clear')}
          </button>
        )}
      </div>
      <div className="coords">
        <label htmlFor={`${id}-lat`}>{t('map.lat')}</label>
        <input
          id={`${id}-lat`}
          type="number"
          step="any"
          min={-90}
          max={90}
          dir="ltr"
          value={value?.lat ?? ''}
          onChange={(e) => {
            const lat = Number(e.currentTarget.value);
            if (e.currentTarget.value !== '' && Number.isFinite(lat))
              onChange({ lon: value?.lon ?? config.home.center[0], lat });
          }}
        />
        <label htmlFor={`${id}-lon`}>{t('map.lon')}</label>
        <input
          id={`${id}-lon`}
          type="number"
          step="any"
          min={-180}
          max={180}
          dir="ltr"
          value={value?.lon ?? ''}
          onChange={(e) => {
            const lon = Number(e.currentTarget.value);
            if (e.currentTarget.value !== '' && Number.isFinite(lon))
              onChange({ lat: value?.lat ?? config.home.center[1], lon });
          }}
        />
      </div>
      <p role="status" className="point-status">
        {value ? t('map.pointAt', { lat: ltr(fmt(value.lat)), lon: ltr(fmt(value.lon)) }) : t('map.noPoint')}
      </p>
    </div>
  );
}
