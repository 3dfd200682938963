/**
 * The attract screen, shown when nobody is using the kiosk: what happens at this centre today and
 * nearby this week, one activity at a time in large type, cycling. A touch anywhere starts: it says
 * so in every language the kiosk offers, the kiosk's own first and largest, each in its own script
 * and direction, so that a visitor who reads none of the town's languages knows what to do.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchItem } from '../api.ts';
import type { EmergencyPlace, EmergencyState } from '../emergency/api.ts';
import { ROLE_COLORS } from '../emergency/colors.ts';
import { useEmergencyText } from '../emergency/i18n.ts';
import { formatShort, formatTime } from '../format.ts';
import { Bdi } from '../bidi.tsx';
import { LanguageMark } from '../words/LanguageMark.tsx';

export interface AttractItem {
  item: SearchItem;
  group: 'today' | 'week';
  minutes: number | null;
}

export function Attract(props: {
  centreName: string;
  /** the kiosk's languages: "touch to start" is said in each */
  languages: string[];
  items: AttractItem[];
  timeZone: string;
  /** emergency mode: its message and marked places replace the routine cards */
  emergency?: EmergencyState | null;
  /** "here" or how far a walk it is to a marked place */
  where?: (p: EmergencyPlace) => string | null;
  onStart: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { t: te } = useEmergencyText();
  const [index, setIndex] = useState(0);
  const n = props.items.length;
  useEffect(() => {
    if (n < 2) return;
    const id = setInterval(() => setIndex((i) => (i + 1) % n), 7000);
    return () => clearInterval(id);
  }, [n]);
  const current = props.items[index % Math.max(1, n)];
  const here = i18n.language;
  const others = props.languages.filter((l) => l !== here);
  return (
    <button type="button" className="k-attract" onClick={props.onStart} aria-label={t('kiosk.start')}>
      <span className="k-attract-centre">{props.centreName}</span>
      {props.emergency ? (
        <span className="k-attract-card k-attract-emergency" data-testid="attract-emergency">
          <span className="k-attract-group">⚠ {te('banner.title')}</span>
          {props.emergency.message && (
            <span className="k-attract-title" lang={props.emergency.message_lang ?? undefined}>
              {props.emergency.message}
            </span>
          )}
          {props.emergency.places.length > 0 && (
            <span className="k-attract-places">
              {props.emergency.places.slice(0, 4).map((p) => {
                const w = props.where?.(p);
                return (
                  <span key={p.id} className="k-attract-place">
                    <span className="emergency-role" style={{ background: ROLE_COLORS[p.role] }}>
                      {te(`roles.${p.role}`)}
                    </span>
                    <bdi>{p.name}</bdi>
                    {w && (
                      <span>
                        {' · '}
                        <bdi>{w}</bdi>
                      </span>
                    )}
                  </span>
                );
              })}
            </span>
          )}
        </span>
      ) : current ? (
        <span className="k-attract-card" key={current.item.id}>
          <span className="k-attract-group">
            {current.group === 'today'
              ? t('kiosk.todayHere', { centre: props.centreName })
              : t('kiosk.thisWeek')}
          </span>
          <span className="k-attract-title" lang={current.item.name_lang}>
            {current.item.name}
          </span>
          <LanguageMark lang={current.item.name_lang} ui={i18n.language} />
          {current.item.next && (
            <span className="k-attract-when">
              {current.group === 'today'
                ? formatTime(current.item.next.start, props.timeZone, i18n.language)
                : formatShort(current.item.next.start, props.timeZone, i18n.language)}
            </span>
          )}
          <span className="k-attract-where">
            {current.minutes === null
              ? t('kiosk.here')
              : (
                <>
                  <Bdi>{current.item.place_name ?? ''}</Bdi>
                  {` · ${t('kiosk.walk', { minutes: current.minutes })}`}
                </>
              )}
          </span>
        </span>
      ) : (
        <span className="k-attract-card">
          <span className="k-attract-title">{t('kiosk.what')}</span>
        </span>
      )}
      {n > 1 && !props.emergency && (
        <span className="k-attract-dots" aria-hidden="true">
          {props.items.slice(0, 12).map((it, i) => (
            <span key={it.item.id} className={i === index % n ? 'on' : undefined} />
          ))}
        </span>
      )}
      <span className="k-attract-start">
        <span className="k-attract-start-main" lang={here} dir={i18n.dir(here)}>
          {t('kiosk.start')}
        </span>
        {others.length > 0 && (
          <span className="k-attract-start-others">
            {others.map((l) => (
              <span key={l} lang={l} dir={i18n.dir(l)}>
                {t('kiosk.start', { lng: l })}
              </span>
            ))}
          </span>
        )}
      </span>
    </button>
  );
}
