/** The details of one feature: a program with its next dates, a place, or an area. */
import { useEffect, useRef, useState } from 'react';
import audienceTaxonomy from '../../data/taxonomy/audiences.json';
import { api, type FeatureProps, type OpportunityDetail, type PlaceDetail } from '../api.ts';
import { formatOccurrence } from '../format.ts';
import { kindLabels, strings } from '../i18n/strings.ts';
import { CATEGORY_LABELS } from '../map/layerStyles.ts';

const AUDIENCE_LABELS: Record<string, string> = Object.fromEntries(
  audienceTaxonomy.audiences.map((a) => [a.code, a.label.en]),
);
const languageName = (code: string) => {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
};

type Loaded = { kind: 'opportunity'; data: OpportunityDetail } | { kind: 'place'; data: PlaceDetail } | { kind: 'area' };

export function Details(props: {
  feature: FeatureProps;
  timeZone: string;
  onClose: () => void;
  onOpen: (p: FeatureProps) => void;
}) {
  const { feature } = props;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const ctrl = new AbortController();
    setLoaded(null);
    setError(null);
    const load = async (): Promise<Loaded> => {
      if (feature.layer === 'programs') return { kind: 'opportunity', data: await api.opportunity(feature.id, ctrl.signal) };
      if (feature.layer === 'parks' || feature.layer === 'gardens' || feature.layer === 'centres') {
        return { kind: 'place', data: await api.place(feature.id, ctrl.signal) };
      }
      return { kind: 'area' };
    };
    load()
      .then(setLoaded)
      .catch((e: unknown) => {
        if (!ctrl.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      });
    return () => ctrl.abort();
  }, [feature]);

  // move focus to the details whenever another feature is opened (screen readers read it out)
  // biome-ignore lint/correctness/useExhaustiveDependencies: the feature is the trigger, not an input
  useEffect(() => {
    heading.current?.focus();
  }, [feature]);

  return (
    <section className="details" aria-labelledby="details-title">
      <header className="details-header">
        <p className="details-kind">{kindLabels[feature.kind] ?? feature.kind}</p>
        <h2 id="details-title" ref={heading} tabIndex={-1}>
          {loaded?.kind === 'opportunity' ? loaded.data.title : feature.name}
        </h2>
        <button type="button" className="close" onClick={props.onClose} aria-label={strings.close}>
          ×
        </button>
      </header>
      {error && <p role="alert">{error}</p>}
      {!loaded && !error && <p aria-busy="true">…</p>}
      {loaded?.kind === 'opportunity' && <OpportunityBody d={loaded.data} timeZone={props.timeZone} onOpen={props.onOpen} />}
      {loaded?.kind === 'place' && <PlaceBody d={loaded.data} onOpen={props.onOpen} />}
      {loaded?.kind === 'area' && <AreaBody p={feature} />}
    </section>
  );
}

function OpportunityBody({ d, timeZone, onOpen }: { d: OpportunityDetail; timeZone: string; onOpen: (p: FeatureProps) => void }) {
  return (
    <dl className="facts">
      {d.description && (
        <>
          <dt className="sr-only">{strings.details}</dt>
          <dd className="description">{d.description}</dd>
        </>
      )}
      <dt>{strings.nextDates}</dt>
      <dd>
        {d.next_occurrences.length ? (
          <ul className="dates">
            {d.next_occurrences.map((o) => (
              <li key={o.start}>
                <time dateTime={o.start}>{formatOccurrence(o.start, o.end, timeZone)}</time>
              </li>
            ))}
          </ul>
        ) : (
          strings.noDates
        )}
      </dd>
      {d.place && (
        <>
          <dt>{strings.happensAt}</dt>
          <dd>
            <button
              type="button"
              className="link"
              onClick={() =>
                d.place &&
                onOpen({ id: d.place.id, name: d.place.name, layer: d.place.layer as FeatureProps['layer'], kind: d.place.kind, lon: d.place.lon, lat: d.place.lat })
              }
            >
              {d.place.name}
            </button>
            {d.place.address && <div>{d.place.address}</div>}
          </dd>
        </>
      )}
      <dt>{strings.forWhom}</dt>
      <dd>
        {d.audiences.map((a) => AUDIENCE_LABELS[a] ?? a).join(', ')}
        {d.age_min !== null || d.age_max !== null ? ` (ages ${d.age_min ?? 0}–${d.age_max ?? '…'})` : ''}
      </dd>
      <dt>{strings.languages}</dt>
      <dd>{d.languages.map(languageName).join(', ')}</dd>
      <dt>{strings.cost}</dt>
      <dd>{d.cost.free ? strings.free : `${d.cost.amount ?? ''} ${d.cost.currency ?? ''}`.trim()}</dd>
      <dt>{strings.registration}</dt>
      <dd>
        {d.registration.required ? strings.registrationRequired : strings.registrationNone}
        {d.registration.url && (
          <div>
            <a href={d.registration.url} rel="noopener noreferrer" target="_blank">
              {strings.website}
            </a>
          </div>
        )}
        {d.registration.phone && <div>{`${strings.phone}: ${d.registration.phone}`}</div>}
      </dd>
      <dt className="sr-only">Categories</dt>
      <dd className="tags">
        {d.categories.map((c) => (
          <span key={c} className="tag">
            {CATEGORY_LABELS[c] ?? c}
          </span>
        ))}
      </dd>
    </dl>
  );
}

function PlaceBody({ d, onOpen }: { d: PlaceDetail; onOpen: (p: FeatureProps) => void }) {
  const area = typeof d.attributes.area_ha === 'number' ? d.attributes.area_ha : null;
  const plots = typeof d.attributes.plots === 'number' ? d.attributes.plots : null;
  return (
    <dl className="facts">
      {d.address && (
        <>
          <dt>{strings.address}</dt>
          <dd>{d.address}</dd>
        </>
      )}
      {d.opening_hours && (
        <>
          <dt>{strings.openingHours}</dt>
          <dd>
            <code>{d.opening_hours}</code>
          </dd>
        </>
      )}
      {area !== null && (
        <>
          <dt>{strings.area}</dt>
          <dd>{`${area} ha`}</dd>
        </>
      )}
      {plots !== null && (
        <>
          <dt>{strings.plots}</dt>
          <dd>{plots}</dd>
        </>
      )}
      {(d.contact.phone || d.contact.email || d.contact.website) && (
        <>
          <dt>Contact</dt>
          <dd>
            {d.contact.phone && <div>{`${strings.phone}: ${d.contact.phone}`}</div>}
            {d.contact.email && (
              <div>
                <a href={`mailto:${d.contact.email}`}>{d.contact.email}</a>
              </div>
            )}
            {d.contact.website && (
              <div>
                <a href={d.contact.website} rel="noopener noreferrer" target="_blank">
                  {strings.website}
                </a>
              </div>
            )}
          </dd>
        </>
      )}
      {d.opportunities.length > 0 && (
        <>
          <dt>{strings.activitiesHere}</dt>
          <dd>
            <ul className="sublist">
              {d.opportunities.map((o) => (
                <li key={o.id}>
                  <button type="button" className="link" onClick={() => onOpen({ id: o.id, name: o.title, layer: 'programs', kind: o.kind })}>
                    {o.title}
                  </button>
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
    </dl>
  );
}

function AreaBody({ p }: { p: FeatureProps }) {
  return (
    <dl className="facts">
      {p.population != null && (
        <>
          <dt>{strings.population}</dt>
          <dd>{p.population.toLocaleString('en')}</dd>
          {p.area_ha != null && (
            <>
              <dt>{strings.area}</dt>
              <dd>{`${p.area_ha.toLocaleString('en', { maximumFractionDigits: 0 })} ha`}</dd>
            </>
          )}
        </>
      )}
      {p.designation && (
        <>
          <dt>{strings.designation}</dt>
          <dd>{p.designation}</dd>
        </>
      )}
      {p.programme && (
        <>
          <dt>{strings.programme}</dt>
          <dd>{p.programme}</dd>
        </>
      )}
    </dl>
  );
}
