/** Activities matching the filters: what suits the resident first, then the soonest (or nearest). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchItem } from '../api.ts';
import { ResidentMark } from '../participate/MapExtras.tsx';
import { formatDay, formatDistance, formatMoney, formatShort, isolate } from '../format.ts';
import { categoryColor } from '../taxonomy.ts';
import { Bdi, Ltr } from '../bidi.tsx';
import { LanguageMark } from '../words/LanguageMark.tsx';

const PAGE = 40;

export function ResultList(props: {
  items: SearchItem[];
  selectedId: string | null;
  timeZone: string;
  onSelect: (i: SearchItem) => void;
  label: string;
}) {
  const { t, i18n } = useTranslation();
  const [shown, setShown] = useState(PAGE);
  if (!props.items.length) return <p className="empty">{t('list.empty')}</p>;
  return (
    <>
      <ul className="feature-list" aria-label={props.label}>
        {props.items.slice(0, shown).map((i) => (
          <li key={i.id}>
            <button type="button" className="feature-item" data-layer="programs" aria-current={i.id === props.selectedId ? 'true' : undefined} onClick={() => props.onSelect(i)}>
              <span className="dot" style={{ background: categoryColor(i.categories[0]) }} aria-hidden="true" />
              <span className="feature-text">
                <span className="feature-name" lang={i.name_lang}>
                  {i.name}
                </span>
                <LanguageMark lang={i.name_lang} ui={i18n.language} />
                <span className="feature-meta">
                  {i.next && (
                    <time dateTime={i.next.start}>
                      <Bdi>{formatShort(i.next.start, props.timeZone, i18n.language)}</Bdi>
                    </time>
                  )}
                  {i.place_name && (
                    <>
                      {' · '}
                      <Bdi>{i.place_name}</Bdi>
                    </>
                  )}
                  {i.free && !i.grant ? ` · ${t('details.free')}` : ''}
                  {i.grant
                    ? `${i.next || i.place_name ? ' · ' : ''}${t('details.grantLine', { deadline: isolate(formatDay(i.grant.deadline, i18n.language)), amount: isolate(formatMoney(i.grant.amount, i.grant.currency, i18n.language)) })}`
                    : ''}
                </span>
              </span>
              <span className="feature-side">
                {i.for_you && <span className="badge">{t('list.forYou')}</span>}
                {i.resident_initiative && <ResidentMark />}
                {i.distance_m !== null && <Ltr className="feature-distance">{formatDistance(i.distance_m, i18n.language)}</Ltr>}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {props.items.length > shown && (
        <button type="button" className="more" onClick={() => setShown((n) => n + PAGE)}>
          {t('list.more')}
        </button>
      )}
    </>
  );
}
