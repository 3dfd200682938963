/**
 * "Get this every week": the current view as a calendar subscription (webcal:// and a copyable
 * https address), an Atom feed (also announced in the page head for feed readers), a printable
 * leaflet of its neighbourhood, the view's own link to share (WhatsApp, Telegram, SMS, e-mail or
 * the system share sheet, with its name in the reader's language), and a slot for the e-mail
 * subscription (`children`).
 */
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { feedLinks, leafletLink } from '../state/feed-links.ts';
import type { Filters } from '../state/filters.ts';
import { useFeedsText } from './get-this-every-week.i18n.ts';
import { listName } from './list-name.ts';
import { ShareMenu } from './ShareMenu.tsx';
import { absoluteUrl } from '../state/tenant.ts';

const AUTODISCOVERY_ID = 'cm-atom-feed';

/** keeps one <link rel="alternate" type="application/atom+xml"> in the head in step with the view */
function useAtomAutodiscovery(href: string, title: string) {
  useEffect(() => {
    let link = document.getElementById(AUTODISCOVERY_ID) as HTMLLinkElement | null;
    if (!link) {
      link = document.createElement('link');
      link.id = AUTODISCOVERY_ID;
      link.rel = 'alternate';
      link.type = 'application/atom+xml';
      document.head.appendChild(link);
    }
    link.href = href;
    link.title = title;
  }, [href, title]);
  useEffect(() => () => document.getElementById(AUTODISCOVERY_ID)?.remove(), []);
}

export function GetThisEveryWeek(props: {
  /** the feeds' query string (state/feed-links.ts feedQuery) */
  query: string;
  /** the neighbourhood of the view, for the leaflet */
  area: { id: string; name: string } | null;
  audiences: string[];
  /** the view to share: its app URL (state/filters.ts writeView), its filters and where it is */
  share: {
    url: string;
    filters: Filters;
    /** the name of the neighbourhood filtered on */
    area: string | null;
    near: { area: string | null } | null;
  };
  /** the e-mail subscription form */
  children?: ReactNode;
}) {
  const { t, lang } = useFeedsText();
  const links = feedLinks(absoluteUrl(''), props.query);
  // what the last copy did, and for which address (a new view shows no stale message)
  const [copy, setCopy] = useState<{ url: string; result: 'copied' | 'copyFailed' } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  useAtomAutodiscovery(links.atom, t('feedName'));

  const copyUrl = async () => {
    try {
      await navigator.clipboard.writeText(links.calendar);
      setCopy({ url: links.calendar, result: 'copied' });
    } catch {
      input.current?.select();
      setCopy({ url: links.calendar, result: 'copyFailed' });
    }
  };

  return (
    <section className="get-weekly" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('title')}</h2>
      <p className="hint">{t('intro')}</p>

      <h3>{t('calendarTitle')}</h3>
      <p>
        <a className="button-link" href={links.webcal} data-testid="webcal-link">
          {t('addToCalendar')}
        </a>
      </p>
      <p className="hint" id={`${id}-help`}>
        {t('calendarHelp')}
      </p>
      <div className="copy-row">
        <label htmlFor={`${id}-url`} className="sr-only">
          {t('calendarUrl')}
        </label>
        <bdi dir="ltr" className="url-box">
          <input
            id={`${id}-url`}
            ref={input}
            type="url"
            readOnly
            dir="ltr"
            value={links.calendar}
            aria-describedby={`${id}-help`}
            onFocus={(e) => e.currentTarget.select()}
            data-testid="calendar-url"
          />
        </bdi>
        <button type="button" onClick={copyUrl}>
          {t('copy')}
        </button>
      </div>
      <p className="hint" role="status" aria-live="polite">
        {copy?.url === links.calendar ? t(copy.result) : ''}
      </p>

      <h3>{t('feedTitle')}</h3>
      <p>
        <a href={links.atom} type="application/atom+xml" data-testid="atom-link">
          {t('atom')}
        </a>
      </p>

      <h3>{t('printTitle')}</h3>
      {props.area ? (
        <p>
          <a href={leafletLink(props.area.id, props.audiences, lang)} data-testid="leaflet-link">
            {t('print', { area: `\u2068${props.area.name}\u2069` })}
          </a>
        </p>
      ) : (
        <p className="hint">{t('printHint')}</p>
      )}

      <h3>{t('shareTitle')}</h3>
      <ShareList {...props.share} />

      {props.children && (
        <div className="email-section" data-slot="email-subscription">
          {props.children}
        </div>
      )}
      <p className="hint">{t('cap')}</p>
    </section>
  );
}

function ShareList(props: {
  url: string;
  filters: Filters;
  area: string | null;
  near: { area: string | null } | null;
}) {
  const { t, lang } = useFeedsText();
  const name = listName(props.filters, { t, lang, area: props.area, near: props.near });
  return (
    <div className="share-list" data-testid="share-list">
      <ShareMenu content={{ title: name, text: name, url: props.url }} label={t('shareList')} />
    </div>
  );
}
