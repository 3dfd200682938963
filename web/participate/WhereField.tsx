/**
 * Where: a point on the map (click or tap, drag the marker, or with the keyboard move the map and
 * put the point at its centre), found by an address search, or — for proposals — only a
 * neighbourhood. Choosing a neighbourhood also moves the map there, so the keyboard way to a
 * point is: choose the neighbourhood, search the address or move the map, put the point.
 */
import { lazy, Suspense, useCallback, useEffect, useId, useRef, useState } from 'react';
import { api, type ClientConfig, type TextHit } from '../api.ts';
import type { AreaOption } from '../state/areas.ts';
import { useParticipateText } from './i18n.ts';
import { FieldError, fieldId } from './ui.tsx';
import type { Problem, Where } from './validate.ts';

const ParticipateMap = lazy(() => import('./ParticipateMap.tsx'));

type Point = { lon: number; lat: number };

function AddressSearch({ onHit }: { onHit: (h: TextHit) => void }) {
  const { t } = useParticipateText();
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
      api.text(q.trim(), ctl.signal).then((h) => !ctl.signal.aborted && setHits(h), () => {});
    }, 250);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [q]);
  return (
    <div className="p-search">
      <label htmlFor={id}>{t('where.search')}</label>
      <input id={id} type="search" dir="auto" value={q} autoComplete="off" onChange={(e) => setQ(e.currentTarget.value)} />
      <div aria-live="polite">
        {hits && (
          <ul className="p-hits" aria-label={t('where.searchResults')}>
            {hits.length === 0 && <li className="p-help">{t('where.searchNone')}</li>}
            {hits.map((h) => (
              <li key={`${h.type}:${h.id}`}>
                <button
                  type="button"
                  onClick={() => {
                    onHit(h);
                    setHits(null);
                    setQ('');
                  }}
                >
                  <bdi>{h.name}</bdi>
                  {h.detail ? (
                    <span className="p-help">
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

export function WhereField({
  form,
  value,
  onChange,
  config,
  areas,
  pointOnly,
  problem,
}: {
  form: string;
  value: Where;
  onChange: (w: Where) => void;
  config: ClientConfig;
  areas: AreaOption[];
  /** needs are always a point; proposals may give only a neighbourhood */
  pointOnly?: boolean;
  problem: Problem | undefined;
}) {
  const { t } = useParticipateText();
  const id = fieldId(form, 'where');
  const [flyTo, setFlyTo] = useState<{ lon: number; lat: number; zoom: number; key: number } | null>(null);
  const [near, setNear] = useState<string | null>(null);
  const centre = useRef<() => Point | null>(() => null);
  const onCentre = useCallback((get: () => Point | null) => {
    centre.current = get;
  }, []);
  const pick = (p: Point, name: string | null = null) => {
    setNear(name);
    onChange({ ...value, mode: 'point', point: { lon: Math.round(p.lon * 1e6) / 1e6, lat: Math.round(p.lat * 1e6) / 1e6 } });
  };
  const mode = pointOnly ? 'point' : value.mode;
  const errorId = `${id}-error`;
  return (
    <fieldset id={id} className="p-group p-where" tabIndex={-1} aria-invalid={problem ? true : undefined} aria-describedby={problem ? errorId : undefined}>
      <legend>
        {t('where.legend')} <span className="p-required">({t('form.required')})</span>
      </legend>
      {!pointOnly && (
        <div className="p-radios">
          {(['point', 'area'] as const).map((m) => (
            <label key={m} className="p-radio">
              <input type="radio" name={`${form}-where-mode`} value={m} checked={mode === m} onChange={() => onChange({ ...value, mode: m })} />
              {m === 'point' ? t('where.modePoint') : t('where.modeArea')}
            </label>
          ))}
        </div>
      )}
      <div className="p-row">
        <label htmlFor={`${id}-area`}>
          {t('where.neighbourhood')}
          {mode === 'area' && <span className="p-required"> ({t('form.required')})</span>}
        </label>
        <select
          id={`${id}-area`}
          value={value.areaId}
          onChange={(e) => {
            const areaId = e.currentTarget.value;
            onChange({ ...value, areaId });
            const a = areas.find((x) => x.id === areaId);
            if (a?.center) setFlyTo({ lon: a.center[0], lat: a.center[1], zoom: 15, key: Date.now() });
          }}
        >
          <option value="">{t('where.chooseNeighbourhood')}</option>
          {areas.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </div>
      {mode === 'point' && (
        <>
          <AddressSearch
            onHit={(h) => {
              pick({ lon: h.lon, lat: h.lat }, h.name);
              setFlyTo({ lon: h.lon, lat: h.lat, zoom: 16, key: Date.now() });
            }}
          />
          <p className="p-help" id={`${id}-hint`}>
            {t('where.mapHint')}
          </p>
          <div className="p-map">
            <Suspense fallback={<p aria-busy="true">{t('loading')}</p>}>
              <ParticipateMap
                styleUrl={config.mapStyleUrl}
                home={config.tenant.home}
                bbox={config.tenant.bbox}
                point={value.point}
                label={t('where.mapLabel')}
                markerLabel={t('where.marker')}
                flyTo={flyTo}
                onPick={(p) => pick(p)}
                onCentre={onCentre}
              />
            </Suspense>
          </div>
          <div className="p-buttons">
            <button
              type="button"
              className="p-secondary"
              onClick={() => {
                const c = centre.current();
                if (c) pick(c);
              }}
            >
              {t('where.atCentre')}
            </button>
            {value.point && (
              <button type="button" className="p-secondary" onClick={() => onChange({ ...value, point: null })}>
                {t('where.clear')}
              </button>
            )}
          </div>
          <p role="status" className="p-point-status">
            {value.point ? (near ? t('where.pointAt', { name: `\u2068${near}\u2069` }) : t('where.pointSet')) : t('where.noPoint')}
          </p>
        </>
      )}
      <FieldError id={errorId} problem={problem} />
    </fieldset>
  );
}
