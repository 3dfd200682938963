/**
 * The emergency banner at the top of the resident map and the kiosk: the message in the reader's
 * language (or the town's default), since when and where, and the message in every other
 * language of the town one press away. It is an alert region: a screen reader announces it once,
 * when it appears.
 */
import { formatWeekdayTime } from '../format.ts';
import { languageName } from '../i18n/index.ts';
import type { EmergencyState } from './api.ts';
import { useEmergencyText } from './i18n.ts';

const RTL = new Set(['he', 'ar', 'fa', 'ur', 'yi']);
const dirOf = (l: string | null) => (l && RTL.has(l) ? 'rtl' : 'ltr');

export function EmergencyBanner(props: { state: EmergencyState; timeZone: string; className?: string }) {
  const { t, i18n } = useEmergencyText();
  const lang = i18n.language;
  const s = props.state;
  const since = s.since
    ? formatWeekdayTime(s.since, props.timeZone, lang)
    : null;
  const others = Object.entries(s.messages).filter(([l]) => l !== s.message_lang);
  // the time isolated inside the sentence, wherever the language puts it
  const [sinceBefore = '', sinceAfter = ''] = t('banner.since', { time: '\u0000' }).split('\u0000');
  const areas = s.areas.length ? s.areas.map((a) => a.name).join(', ') : t('banner.wholeTown');
  return (
    <section
      className={`emergency-banner ${props.className ?? ''}`}
      role="alert"
      aria-labelledby="emergency-title"
      data-testid="emergency-banner"
    >
      <div className="emergency-head">
        <span className="emergency-icon" aria-hidden="true">
          ⚠
        </span>
        <h2 id="emergency-title">{t('banner.title')}</h2>
        {since && (
          <span className="emergency-since">
            {sinceBefore}
            <bdi>
              <time dateTime={s.since ?? undefined}>{since}</time>
            </bdi>
            {sinceAfter}
          </span>
        )}
      </div>
      {s.message && (
        <p className="emergency-message" lang={s.message_lang ?? undefined} dir={dirOf(s.message_lang)}>
          {s.message}
        </p>
      )}
      <p className="emergency-areas">{t('banner.areas', { areas })}</p>
      {others.length > 0 && (
        <details className="emergency-other">
          <summary>{t('banner.otherLanguages')}</summary>
          <ul>
            {others.map(([l, text]) => (
              <li key={l} lang={l} dir={dirOf(l)}>
                <strong>{languageName(l, l)}</strong>: {text}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
