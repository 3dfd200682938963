/**
 * The details of one feature: a program (next dates, for whom, languages, cost, how to join,
 * walking distance, share link and QR code, add to calendar, schema.org JSON-LD), a place (opening
 * hours, open now), or an area (population, its local programme).
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type FeatureProps, type OpportunityDetail, type PlaceDetail } from '../api.ts';
import { formatCost, formatDay, formatDistance, formatMoney, formatOccurrence, formatTime, haversine, walkMinutes } from '../format.ts';
import { languageName } from '../i18n/index.ts';
import { SafeLink } from '../SafeLink.tsx';
import { Bdi, Ltr, ltr, Phone } from '../bidi.tsx';
import { isolate, type ShareContent, ShareMenu } from './ShareMenu.tsx';
import { audienceLabel, categoryLabel } from '../taxonomy.ts';
import { useParticipateText } from '../participate/i18n.ts';
import { OpeningHoursWords } from '../words/OpeningHoursWords.tsx';
import { JoinLink, NeedBody, ResidentMark, SupportButton, useProposalOf } from '../participate/MapExtras.tsx';

type Loaded = { kind: 'opportunity'; data: OpportunityDetail } | { kind: 'place'; data: PlaceDetail } | { kind: 'area' } | { kind: 'need' };

interface Props {
  feature: FeatureProps;
  timeZone: string;
  point: [number, number] | null;
  shareUrl: string;
  onClose: () => void;
  onOpen: (p: FeatureProps) => void;
  /** where an activity's details come from (default: the public API); the back office's preview reads its own */
  loadOpportunity?: (id: string, signal: AbortSignal) => Promise<OpportunityDetail>;
}

export function Details(props: Props) {
  const { feature } = props;
  const { t, i18n } = useTranslation();
  const { t: tp } = useParticipateText();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const lang = i18n.language;
  const loadOpportunity = props.loadOpportunity ?? api.opportunity;
  useEffect(() => {
    const ctrl = new AbortController();
    setLoaded(null);
    // names and titles come in the interface's language (`lang`), set on the API client
    if (!lang) return;
    setError(null);
    const load = async (): Promise<Loaded> => {
      if (feature.layer === 'programs') return { kind: 'opportunity', data: await loadOpportunity(feature.id, ctrl.signal) };
      if (feature.layer === 'parks' || feature.layer === 'gardens' || feature.layer === 'centres') {
        return { kind: 'place', data: await api.place(feature.id, ctrl.signal) };
      }
      if (feature.layer === 'needs') return { kind: 'need' };
      return { kind: 'area' };
    };
    load()
      .then((l) => !ctrl.signal.aborted && setLoaded(l))
      .catch((e: unknown) => {
        if (!ctrl.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      });
    return () => ctrl.abort();
  }, [feature, lang, loadOpportunity]);

  // move focus to the details whenever another feature is opened (screen readers read it out)
  // biome-ignore lint/correctness/useExhaustiveDependencies: the feature is the trigger, not an input
  useEffect(() => {
    heading.current?.focus();
  }, [feature]);

  // a need opened from a shared link (?item=needs:…) has no name from a list: its text is the title
  const [needText, setNeedText] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the feature is the trigger, not an input
  useEffect(() => setNeedText(null), [feature]);
  const needTitle = feature.name || (needText && needText.length > 80 ? `${needText.slice(0, 79)}…` : (needText ?? ''));
  const title =
    loaded?.kind === 'opportunity' ? loaded.data.title : loaded?.kind === 'place' ? loaded.data.name : loaded?.kind === 'need' ? needTitle : feature.name;
  const titleLang = loaded?.kind === 'opportunity' ? loaded.data.title_lang : undefined;
  const position: [number, number] | null =
    loaded?.kind === 'opportunity' ? [loaded.data.lon, loaded.data.lat] : loaded?.kind === 'place' ? [loaded.data.lon, loaded.data.lat] : null;

  return (
    <section className="details" aria-labelledby="details-title">
      <header className="details-header">
        <p className="details-kind">
          {feature.layer === 'needs' ? tp('needDetail.kind') : t(`kind.${feature.kind}`, { defaultValue: feature.kind })}
          {loaded?.kind === 'opportunity' && loaded.data.resident_initiative && (
            <>
              {' '}
              <ResidentMark />
            </>
          )}
        </p>
        <h2 id="details-title" ref={heading} tabIndex={-1} lang={titleLang}>
          <Bdi>{title}</Bdi>
        </h2>
        {titleLang && titleLang !== i18n.language && <p className="fallback">{t('details.fallback', { lang: languageName(titleLang, i18n.language) })}</p>}
        <button type="button" className="close" onClick={props.onClose} aria-label={t('details.close')}>
          ×
        </button>
      </header>
      {error && <p role="alert">{error}</p>}
      {!loaded && !error && <p aria-busy="true">…</p>}
      {props.point && position && (
        <p className="walk">
          {t('details.walk', {
            distance: ltr(formatDistance(haversine(props.point, position), i18n.language)),
            minutes: walkMinutes(haversine(props.point, position)),
          })}
        </p>
      )}
      {loaded?.kind === 'opportunity' && <OpportunityBody d={loaded.data} timeZone={props.timeZone} onOpen={props.onOpen} />}
      {loaded?.kind === 'place' && <PlaceBody d={loaded.data} timeZone={props.timeZone} onOpen={props.onOpen} />}
      {loaded?.kind === 'opportunity' && loaded.data.resident_initiative && <ResidentInitiative d={loaded.data} />}
      {loaded?.kind === 'area' && <AreaBody p={feature} />}
      {loaded?.kind === 'need' && <NeedBody id={feature.id} name={needTitle} onText={setNeedText} />}
      {loaded && loaded.kind !== 'area' && loaded.kind !== 'need' && <Share content={shareContent(loaded, props.shareUrl, props.timeZone, i18n.language, t)} />}
      {loaded?.kind === 'opportunity' && <JsonLd d={loaded.data} url={props.shareUrl} />}
    </section>
  );
}

export function OpportunityBody({ d, timeZone, onOpen }: { d: OpportunityDetail; timeZone: string; onOpen: (p: FeatureProps) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const next = d.next_occurrences[0];
  return (
    <>
      <dl className="facts">
        {d.description && (
          <>
            <dt className="sr-only">{t('details.where')}</dt>
            <dd className="description" lang={d.description_lang ?? undefined}>
              {d.description}
            </dd>
          </>
        )}
        <dt>{t('details.nextDates')}</dt>
        <dd>
          {d.next_occurrences.length ? (
            <ul className="dates">
              {d.next_occurrences.map((o) => (
                <li key={o.start}>
                  <time dateTime={o.start}>{formatOccurrence(o.start, o.end, timeZone, lang)}</time>
                </li>
              ))}
            </ul>
          ) : (
            t('details.noDates')
          )}
        </dd>
        {d.place && (
          <>
            <dt>{t('details.where')}</dt>
            <dd>
              <button
                type="button"
                className="link"
                onClick={() =>
                  d.place &&
                  onOpen({ id: d.place.id, name: d.place.name, layer: d.place.layer as FeatureProps['layer'], kind: d.place.kind, lon: d.place.lon, lat: d.place.lat })
                }
              >
                <Bdi>{d.place.name}</Bdi>
              </button>
              {d.place.address && (
                <div>
                  <Bdi>{d.place.address}</Bdi>
                </div>
              )}
            </dd>
          </>
        )}
        <dt>{t('details.forWhom')}</dt>
        <dd>
          {d.audiences.map((a) => audienceLabel(a, lang)).join(', ')}
          {d.age_min !== null || d.age_max !== null ? ` (${t('details.ages', { min: d.age_min ?? 0, max: d.age_max ?? '…' })})` : ''}
        </dd>
        <dt>{t('details.languages')}</dt>
        <dd>{d.languages.map((l) => languageName(l, lang)).join(', ')}</dd>
        <dt>{t('details.cost')}</dt>
        <dd>{formatCost(d.cost, lang, t('details.free')) ?? ''}</dd>
        {d.grant && (
          <>
            <dt>{t('details.grant')}</dt>
            <dd className="grant-line">
              {t('details.grantLine', { deadline: isolate(formatDay(d.grant.deadline, lang)), amount: isolate(formatMoney(d.grant.amount, d.grant.currency, lang)) })}
            </dd>
          </>
        )}
        {d.eligibility && (
          <>
            <dt>{t('details.eligibility')}</dt>
            <dd>{d.eligibility}</dd>
          </>
        )}
        <dt>{t('details.registration')}</dt>
        <dd>
          {d.registration.required ? t('details.registrationRequired') : t('details.registrationNone')}
          {d.registration.url && (
            <div>
              <SafeLink url={d.registration.url} external>
                {t('details.website')}
              </SafeLink>
            </div>
          )}
          {d.registration.phone && (
            <div>
              {`${t('details.phone')}: `}
              <Phone number={d.registration.phone} />
            </div>
          )}
          {d.registration.email && (
            <div>
              <SafeLink url={`mailto:${d.registration.email}`}>
                <Ltr>{d.registration.email}</Ltr>
              </SafeLink>
            </div>
          )}
        </dd>
        <dt className="sr-only">{t('details.categories')}</dt>
        <dd className="tags">
          {d.categories.map((c) => (
            <span key={c} className="tag">
              {categoryLabel(c, lang)}
            </span>
          ))}
        </dd>
      </dl>
      {d.next_occurrences.length > 0 && (
        <div className="calendar-links">
          <a href={api.calendarUrl(d.id)} download>
            {t('details.addSeries')}
          </a>
          {next && (
            <a href={api.calendarUrl(d.id, next.start)} download>
              {t('details.addNext')}
            </a>
          )}
        </div>
      )}
    </>
  );
}

export function PlaceBody({ d, timeZone, onOpen }: { d: PlaceDetail; timeZone: string; onOpen: (p: FeatureProps) => void }) {
  const { t, i18n } = useTranslation();
  const area = typeof d.attributes.area_ha === 'number' ? d.attributes.area_ha : null;
  const plots = typeof d.attributes.plots === 'number' ? d.attributes.plots : null;
  const wheelchair = typeof d.accessibility.wheelchair === 'string' ? d.accessibility.wheelchair : null;
  const o = d.opening;
  return (
    <dl className="facts">
      {d.address && (
        <>
          <dt>{t('details.address')}</dt>
          <dd>
            <Bdi>{d.address}</Bdi>
          </dd>
        </>
      )}
      {d.opening_hours && (
        <>
          <dt>{t('details.openingHours')}</dt>
          <dd>
            {o && o.open_now !== null && (
              <strong className={o.open_now ? 'open' : 'closed'}>
                {o.open_now ? t('details.openNow') : t('details.closedNow')}
                {o.next_change && ` · ${o.open_now ? t('details.changesAt', { time: isolate(formatTime(o.next_change, timeZone, i18n.language)) }) : t('details.opensAt', { time: isolate(formatTime(o.next_change, timeZone, i18n.language)) })}`}
              </strong>
            )}
            <OpeningHoursWords value={d.opening_hours} timeZone={timeZone} />
          </dd>
        </>
      )}
      {wheelchair && (
        <>
          <dt>{t('details.accessibility')}</dt>
          <dd>{t('details.wheelchair', { value: t(`value.${wheelchair}`, { defaultValue: wheelchair }) })}</dd>
        </>
      )}
      {area !== null && (
        <>
          <dt>{t('details.area')}</dt>
          <dd>
            <Ltr>{`${new Intl.NumberFormat(i18n.language).format(area)} ha`}</Ltr>
          </dd>
        </>
      )}
      {plots !== null && (
        <>
          <dt>{t('details.plots')}</dt>
          <dd>{plots}</dd>
        </>
      )}
      {(d.contact.phone || d.contact.email || d.contact.website) && (
        <>
          <dt>{t('details.contact')}</dt>
          <dd>
            {d.contact.phone && (
              <div>
                {`${t('details.phone')}: `}
                <Phone number={d.contact.phone} />
              </div>
            )}
            {d.contact.email && (
              <div>
                <SafeLink url={`mailto:${d.contact.email}`}>
                  <Ltr>{d.contact.email}</Ltr>
                </SafeLink>
              </div>
            )}
            {d.contact.website && (
              <div>
                <SafeLink url={d.contact.website} external>
                  {t('details.website')}
                </SafeLink>
              </div>
            )}
          </dd>
        </>
      )}
      {d.opportunities.length > 0 && (
        <>
          <dt>{t('details.activitiesHere')}</dt>
          <dd>
            <ul className="sublist">
              {d.opportunities.map((x) => (
                <li key={x.id}>
                  <button type="button" className="link" onClick={() => onOpen({ id: x.id, name: x.title, layer: 'programs', kind: x.kind })}>
                    <Bdi>{x.title}</Bdi>
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

/** a resident initiative's join link (a private group's on request) and its supports */
function ResidentInitiative({ d }: { d: OpportunityDetail }) {
  const proposal = useProposalOf(d, true);
  return (
    <>
      {d.join && <JoinLink opportunityId={d.id} join={d.join} />}
      {proposal && <SupportButton targetType="proposal" targetId={proposal.id} name={d.title} count={proposal.supports} />}
    </>
  );
}

function AreaBody({ p }: { p: FeatureProps }) {
  const { t, i18n } = useTranslation();
  return (
    <dl className="facts">
      {p.population != null && (
        <>
          <dt>{t('details.population')}</dt>
          <dd>{new Intl.NumberFormat(i18n.language).format(p.population)}</dd>
        </>
      )}
      {/* an area's official designation (e.g. a degraded-zone decree) is the planner's, not shown to residents */}
      {p.programme && (
        <>
          <dt>{t('details.programme')}</dt>
          <dd>{p.programme}</dd>
        </>
      )}
    </dl>
  );
}

/** the short text shared of a program (title, next date, place) or a place (name, address) */
function shareContent(
  loaded: Exclude<Loaded, { kind: 'area' } | { kind: 'need' }>,
  url: string,
  timeZone: string,
  lang: string,
  t: (k: string, o?: Record<string, string>) => string,
): ShareContent {
  if (loaded.kind === 'place') {
    const d = loaded.data;
    return { title: d.name, text: d.address ? `${isolate(d.name)}, ${isolate(d.address)}` : d.name, url };
  }
  const d = loaded.data;
  const next = d.next_occurrences[0];
  const when = next ? isolate(formatOccurrence(next.start, next.end, timeZone, lang)) : '';
  const place = d.place?.name ? isolate(d.place.name) : '';
  const title = isolate(d.title);
  const text = when && place ? t('share.text', { title, when, place }) : when ? t('share.textWhen', { title, when }) : title;
  return { title: d.title, text, url };
}

/** the share button (system sheet or links), and a QR code of the link (qrcode is loaded only when a detail opens) */
function Share({ content }: { content: ShareContent }) {
  const { t } = useTranslation();
  const url = content.url;
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    import('qrcode')
      .then((q) => q.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }))
      .then((s) => live && setSvg(s), () => {});
    return () => {
      live = false;
    };
  }, [url]);
  return (
    <div className="share">
      <ShareMenu content={content} />
      {svg && (
        <figure className="qr">
          {/* the SVG is generated locally from our own URL by the qrcode library */}
          <img src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`} alt={t('details.qr')} width={132} height={132} data-qr-url={url} />
          <figcaption>{t('details.qr')}</figcaption>
        </figure>
      )}
    </div>
  );
}

/** schema.org Event for search engines and assistants */
function JsonLd({ d, url }: { d: OpportunityDetail; url: string }) {
  useEffect(() => {
    const el = document.createElement('script');
    el.type = 'application/ld+json';
    el.dataset.commonsMap = 'item';
    el.textContent = JSON.stringify({
      '@context': 'https://schema.org',
      '@type': 'Event',
      name: d.title,
      description: d.description ?? undefined,
      url,
      eventStatus: 'https://schema.org/EventScheduled',
      eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
      startDate: d.next_occurrences[0]?.start,
      endDate: d.next_occurrences[0]?.end,
      isAccessibleForFree: d.cost.free,
      inLanguage: d.languages,
      audience: d.audiences.map((a) => ({ '@type': 'Audience', audienceType: a })),
      location: {
        '@type': 'Place',
        name: d.place?.name ?? d.title,
        address: d.place?.address ?? undefined,
        geo: { '@type': 'GeoCoordinates', latitude: d.lat, longitude: d.lon },
      },
      eventSchedule: d.schedule?.rrule ? { '@type': 'Schedule', repeatFrequency: d.schedule.rrule, scheduleTimezone: d.schedule.timezone } : undefined,
    }).replace(/</g, '\\u003c');
    document.head.appendChild(el);
    return () => el.remove();
  }, [d, url]);
  return null;
}
