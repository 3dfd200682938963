/**
 * An activity in large type: when, where and how far, for whom, cost, how to join. Nothing
 * leaves the kiosk: the activity itself and any website are QR codes to scan with a phone; a slip
 * can be printed where a printer is attached.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpportunityDetail, SearchItem } from '../api.ts';
import { formatCost, formatOccurrence } from '../format.ts';
import { LanguageMark } from '../words/LanguageMark.tsx';
import { safeHref, WEB_SCHEMES } from '../safe-url.ts';
import { audienceLabel, categoryLabel } from '../taxonomy.ts';
import { kioskApi } from './data.ts';
import { Qr } from './Qr.tsx';
import { Bdi, Phone } from '../bidi.tsx';

export function ItemDetail(props: {
  item: SearchItem;
  minutes: number | null;
  timeZone: string;
  printer: boolean;
  publicUrl: string;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [detail, setDetail] = useState<OpportunityDetail | null>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const ctrl = new AbortController();
    kioskApi.detail(props.item.id, lang, ctrl.signal).then(setDetail, () => setDetail(null));
    closeRef.current?.focus();
    return () => ctrl.abort();
  }, [props.item.id, lang]);
  const it = props.item;
  const dates = detail?.next_occurrences ?? (it.next ? [it.next] : []);
  // a QR code of a javascript: or data: URL would hand the visitor's phone a hostile link
  const website = safeHref(detail?.registration.url, WEB_SCHEMES);
  return (
    <div className="k-detail-backdrop">
      <section className="k-detail" role="dialog" aria-modal="true" aria-labelledby="k-detail-title">
        <header className="k-detail-head">
          <h2 id="k-detail-title" lang={detail?.title_lang ?? it.name_lang}>
            {detail?.title ?? it.name}
            <LanguageMark lang={detail?.title_lang ?? it.name_lang} ui={lang} />
          </h2>
          <button ref={closeRef} type="button" className="k-close" onClick={props.onClose}>
            {t('kiosk.close')}
          </button>
        </header>
        <div className="k-detail-body">
          <div className="k-detail-text">
            {detail?.description && <p className="k-desc">{detail.description}</p>}
            <dl>
              <dt>{t('details.nextDates')}</dt>
              <dd>
                <ul>
                  {dates.slice(0, 4).map((o) => (
                    <li key={o.start}>{formatOccurrence(o.start, o.end, props.timeZone, lang)}</li>
                  ))}
                </ul>
              </dd>
              <dt>{t('details.where')}</dt>
              <dd>
                {props.minutes === null
                  ? t('kiosk.here')
                  : (
                    <>
                      <Bdi>{it.place_name ?? ''}</Bdi>
                      {` · ${t('kiosk.walk', { minutes: props.minutes })}`}
                    </>
                  )}
              </dd>
              <dt>{t('details.forWhom')}</dt>
              <dd>{it.audiences.map((a) => audienceLabel(a, lang)).join(', ')}</dd>
              <dt>{t('details.languages')}</dt>
              <dd>
                {it.languages
                  .map((l) => new Intl.DisplayNames([lang], { type: 'language' }).of(l) ?? l)
                  .join(', ')}
              </dd>
              <dt>{t('details.cost')}</dt>
              <dd>
                {it.free
                  ? t('details.free')
                  : (formatCost(detail?.cost, lang, t('details.free')) ?? '–')}
              </dd>
              <dt>{t('details.registration')}</dt>
              <dd>
                {detail?.registration.required
                  ? t('details.registrationRequired')
                  : t('details.registrationNone')}
                {detail?.registration.phone && (
                  <span className="k-phone">
                    {' '}
                    · {t('details.phone')}: <Phone number={detail.registration.phone} />
                  </span>
                )}
              </dd>
              <dt>{t('details.categories')}</dt>
              <dd>{it.categories.map((c) => categoryLabel(c, lang)).join(', ')}</dd>
            </dl>
          </div>
          <div className="k-detail-take">
            <Qr url={props.publicUrl} label={t('kiosk.scan')} />
            {website && <Qr url={website} label={t('kiosk.scanLink')} size={150} />}
            {props.printer && (
              <button type="button" className="k-print" onClick={() => window.print()}>
                {t('kiosk.print')}
              </button>
            )}
          </div>
        </div>
      </section>
    </div>
  );
}
