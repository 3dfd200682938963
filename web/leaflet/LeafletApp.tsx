/**
 * /leaflet?area=<neighbourhood id>&audience=…&lang=… — this week's activities of a neighbourhood
 * on one or two A4 pages, in large print, for a notice board or a neighbour without a smartphone:
 * day, time, place and address, how to join, a phone number, and a QR code of each activity's
 * page in the app. Without `area`, a chooser of the neighbourhoods and audiences.
 * With `print=1` (a kiosk's off-screen frame: web/kiosk/LeafletPrint.tsx) it prints itself once
 * its pages are fitted, then tells the page that opened it.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { api, type ClientConfig, setApiLanguage } from '../api.ts';
import { formatMoney, setTenantClock, timeFields } from '../format.ts';
import { autonym, UI_LANGUAGES } from '../i18n/index.ts';
import { weekOfAreaLink } from '../state/feed-links.ts';
import { AUDIENCES, audienceLabel } from '../taxonomy.ts';
import { type LeafletData, type LeafletEntry, loadLeaflet, MAX_TIMES, qrSvg } from './data.ts';
import { fitOnPages } from './fit.ts';
import { type LeafletT, useLeaflet } from './i18n.ts';
import './leaflet.css';
import { LEAFLET_FAILED, LEAFLET_PRINTED } from './print-messages.ts';
import { absoluteUrl, appUrl } from '../state/tenant.ts';

interface Area {
  id: string;
  name: string;
}

function readQuery(): { area: string | null; audience: string | null; print: boolean } {
  const q = new URLSearchParams(window.location.search);
  return { area: q.get('area') || null, audience: q.get('audience') || null, print: q.get('print') === '1' };
}

/** tells the page whose frame this is (a kiosk) what became of the print: same origin only */
function tellOpener(type: string, message?: string) {
  if (window.parent !== window) window.parent.postMessage({ type, message }, window.location.origin);
}

export function LeafletApp() {
  const { t, lang } = useLeaflet();
  const [config, setConfig] = useState<ClientConfig | null>(null);
  const [areas, setAreas] = useState<Area[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const query = readQuery();
  setApiLanguage(lang);

  useEffect(() => {
    const ctrl = new AbortController();
    Promise.all([api.config(ctrl.signal), api.layer('neighbourhoods', null, ctrl.signal)])
      .then(([c, layer]) => {
        setTenantClock(c.tenant.clock);
        setConfig(c);
        const list = layer.features.map((f) => ({ id: f.properties.id, name: f.properties.name }));
        setAreas(list.sort((a, b) => a.name.localeCompare(b.name, lang)));
      })
      .catch((e: unknown) => !ctrl.signal.aborted && setError(e instanceof Error ? e.message : String(e)));
    return () => ctrl.abort();
  }, [lang]);

  const town = config ? (config.tenant.names[lang] ?? config.tenant.name) : '';
  useEffect(() => {
    if (town) document.title = t('pageTitle', { town });
  }, [town, t]);

  useEffect(() => {
    if (error && query.print) tellOpener(LEAFLET_FAILED, error);
  }, [error, query.print]);

  if (error)
    return (
      <p role="alert" className="leaflet-status">
        {t('error', { message: error })}
      </p>
    );
  if (!config || !areas)
    return (
      <p className="leaflet-status" aria-busy="true">
        {t('loading')}
      </p>
    );
  if (!query.area) return <Chooser t={t} lang={lang} areas={areas} audience={query.audience} />;
  return (
    <Leaflet
      t={t}
      lang={lang}
      config={config}
      town={town}
      area={query.area}
      areas={areas}
      audience={query.audience}
      autoPrint={query.print}
    />
  );
}

function Chooser({
  t,
  lang,
  areas,
  audience,
}: {
  t: LeafletT;
  lang: string;
  areas: Area[];
  audience: string | null;
}) {
  return (
    <main className="leaflet-chooser">
      <h1>{t('chooser.title')}</h1>
      <p>{t('chooser.intro')}</p>
      <form method="get" action="/leaflet">
        <label>
          {t('chooser.area')}
          <select name="area" required defaultValue={areas[0]?.id}>
            {areas.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('chooser.audience')}
          <select name="audience" defaultValue={audience ?? ''}>
            <option value="">{t('chooser.everyone')}</option>
            {AUDIENCES.map((a) => (
              <option key={a} value={a}>
                {audienceLabel(a, lang)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('chooser.language')}
          <select name="lang" defaultValue={lang}>
            {UI_LANGUAGES.map((l) => (
              <option key={l} value={l} lang={l}>
                {autonym(l)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('chooser.show')}</button>
      </form>
    </main>
  );
}

interface LeafletProps {
  t: LeafletT;
  lang: string;
  config: ClientConfig;
  town: string;
  area: string;
  areas: Area[];
  audience: string | null;
  /** print at once when the pages are fitted (a kiosk's frame) */
  autoPrint: boolean;
}

function Leaflet({ t, lang, config, town, area, areas, audience, autoPrint }: LeafletProps) {
  const [data, setData] = useState<LeafletData | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** how many activities the pages hold: null until measured */
  const [shown, setShown] = useState<number | null>(null);
  const [moreQr, setMoreQr] = useState<string | null>(null);
  const sheet = useRef<HTMLElement>(null);
  const timeZone = config.tenant.timezone;
  // the app's address in this tenant (its host, or its /t/<slug> prefix)
  const origin = absoluteUrl('');
  // "and N more" opens the app on this neighbourhood's week for this audience (the QR code and the
  // link); the address printed in the sentence is the app's home, short enough to type
  const moreUrl = weekOfAreaLink(origin, { area, audience, lang });
  const homeUrl = `${origin}/?lang=${encodeURIComponent(lang)}`;

  useEffect(() => {
    const ctrl = new AbortController();
    setData(null);
    setShown(null);
    setError(null);
    Promise.all([
      loadLeaflet({ area, audience }, { origin, lang, timeZone, now: new Date() }, ctrl.signal),
      qrSvg(moreUrl),
    ])
      .then(([d, q]) => {
        if (ctrl.signal.aborted) return;
        setMoreQr(q);
        setData(d);
      })
      .catch((e: unknown) => !ctrl.signal.aborted && setError(e instanceof Error ? e.message : String(e)));
    return () => ctrl.abort();
  }, [area, audience, lang, timeZone, origin, moreUrl]);

  // first every card is laid out (at the printed width), then only those the pages hold
  useLayoutEffect(() => {
    const el = sheet.current;
    if (!data || shown !== null || !el) return;
    // the top of the sheet's content box: the printed page's top margin is the sheet's padding on screen
    const style = getComputedStyle(el);
    const top =
      el.getBoundingClientRect().top +
      Number.parseFloat(style.paddingTop) +
      Number.parseFloat(style.borderTopWidth);
    const list = el.querySelector('.leaflet-list');
    const cards = [...el.querySelectorAll('.leaflet-entry')].map((c) => c.getBoundingClientRect().height);
    const footer = el.querySelector('.leaflet-more')?.getBoundingClientRect().height ?? 0;
    const first = (list?.getBoundingClientRect().top ?? top) - top;
    setShown(fitOnPages(first, cards, footer));
  }, [data, shown]);

  const ready = data !== null && shown !== null;
  const printed = useRef(false);
  useEffect(() => {
    if (!autoPrint || !ready || printed.current) return;
    printed.current = true;
    // window.print() returns once the page has gone to the printer (or the dialog was closed)
    window.print();
    tellOpener(LEAFLET_PRINTED);
  }, [autoPrint, ready]);
  useEffect(() => {
    if (autoPrint && error) tellOpener(LEAFLET_FAILED, error);
  }, [autoPrint, error]);

  if (error)
    return (
      <p role="alert" className="leaflet-status">
        {t('error', { message: error })}
      </p>
    );
  // the name is isolated (U+2068…U+2069): a Latin name inside a Hebrew heading keeps its order
  const areaName = `\u2068${areas.find((a) => a.id === area)?.name ?? ''}\u2069`;
  const heading = audience
    ? t('headingAudience', { area: areaName, audience: audienceLabel(audience, lang) })
    : t('heading', { area: areaName });
  const printedOn = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone }).format(new Date());
  const entries = data ? data.entries.slice(0, shown ?? data.entries.length) : [];
  const more = data ? data.total - (shown ?? 0) : 0;

  return (
    <div className="leaflet" data-leaflet-ready={ready ? 'true' : undefined}>
      <nav className="leaflet-toolbar" aria-label={t('print')}>
        <button type="button" onClick={() => window.print()} disabled={!data || shown === null}>
          {t('print')}
        </button>
        <a
          href={appUrl(`/leaflet?lang=${encodeURIComponent(lang)}${audience ? `&audience=${encodeURIComponent(audience)}` : ''}`)}
        >
          {t('back')}
        </a>
      </nav>
      <article className="leaflet-sheet" ref={sheet}>
        <header className="leaflet-head">
          <p className="leaflet-town">{town}</p>
          <h1>{heading}</h1>
          <p className="leaflet-printed">{t('printed', { date: printedOn })}</p>
        </header>
        {!data && <p aria-busy="true">{t('loading')}</p>}
        {data && data.total === 0 && <p className="leaflet-none">{t('none')}</p>}
        {data && (
          <ol className="leaflet-list">
            {entries.map((e) => (
              <Entry key={e.item.id} e={e} t={t} lang={lang} timeZone={timeZone} />
            ))}
          </ol>
        )}
        {data && (shown === null || more > 0) && (
          <footer className="leaflet-more" data-more={more}>
            <p>
              <a href={moreUrl} className="leaflet-more-link">
                {t('more', { count: Math.max(more, 1), url: `\u2068${homeUrl}\u2069` })}
              </a>
            </p>
            {moreQr && (
              <img className="leaflet-qr" src={svgSrc(moreQr)} alt={t('qrMore')} data-qr-url={moreUrl} />
            )}
          </footer>
        )}
      </article>
    </div>
  );
}

const svgSrc = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

function Entry({ e, t, lang, timeZone }: { e: LeafletEntry; t: LeafletT; lang: string; timeZone: string }) {
  const d = e.detail;
  const title = d?.title ?? e.item.name;
  const titleLang = d?.title_lang ?? e.item.name_lang;
  const place = d?.place?.name ?? e.item.place_name;
  const address = d?.place?.address;
  const reg = d?.registration ?? {};
  const day = new Intl.DateTimeFormat(lang, { weekday: 'long', day: 'numeric', month: 'long', timeZone });
  const time = new Intl.DateTimeFormat(lang, timeFields(lang, timeZone));
  const extra = e.times.length - MAX_TIMES;
  // the cost first ("Free." / "€6.00."), then how to join: no line of its own on a full page
  const cost = !d
    ? ''
    : d.cost.free
      ? t('free')
      : d.cost.amount !== undefined
        ? `${t('cost')}: \u2068${formatCost(d.cost.amount, d.cost.currency, lang)}\u2069`
        : '';
  return (
    <li className="leaflet-entry" data-id={e.item.id}>
      <div className="leaflet-text">
        <h2 lang={titleLang}>
          <bdi>{title}</bdi>
        </h2>
        <p className="leaflet-when">
          <span className="sr-only">{t('when')}: </span>
          {e.times.slice(0, MAX_TIMES).map((o) => (
            <span key={o.start} className="leaflet-time">
              {day.format(new Date(o.start))},{' '}
              <bdi dir="ltr" className="leaflet-hours">
                {time.format(new Date(o.start))}–{time.format(new Date(o.end))}
              </bdi>
            </span>
          ))}
          {extra > 0 && <span className="leaflet-time">{t('moreTimes', { count: extra })}</span>}
        </p>
        {place && (
          <p>
            {/* one run: a Latin place and address read "Hall, 68 Way, Town" inside Hebrew text */}
            <strong>{t('place')}:</strong>{' '}
            <bdi>
              {place}
              {address && (
                <>
                  {', '}
                  <bdi>{address}</bdi>
                </>
              )}
            </bdi>
          </p>
        )}
        <p>
          <strong>{t('join')}:</strong> {cost && `${cost}. `}
          {reg.required ? t('joinRequired') : t('joinNone')}
          {reg.phone && (
            <>
              {' '}
              {t('phone')}:{' '}
              <bdi dir="ltr" className="leaflet-phone">
                {reg.phone}
              </bdi>
            </>
          )}
          {reg.email && (
            <>
              {' '}
              {t('email')}: <bdi dir="ltr">{reg.email}</bdi>
            </>
          )}
          {reg.url && (
            <>
              {' '}
              {t('web')}:{' '}
              <bdi dir="ltr" className="leaflet-url">
                {reg.url}
              </bdi>
            </>
          )}
        </p>
      </div>
      <img className="leaflet-qr" src={svgSrc(e.qr)} alt={t('qr', { title })} data-qr-url={e.url} />
    </li>
  );
}

/** the one money format of the app (web/format.ts): "€6", not "€6.00" */
function formatCost(amount: number, currency: string | undefined, lang: string): string {
  return currency ? formatMoney(amount, currency, lang) : String(amount);
}
