/**
 * The list of what the map shows, in the same order for everyone: nearest to the chosen point
 * (or to the map's centre) first. Every feature on the map is reachable here by keyboard.
 */
import { useState } from 'react';
import type { FeatureProps } from '../api.ts';
import { formatDistance } from '../format.ts';
import { useTranslation } from 'react-i18next';
import { CATEGORY_COLORS, COLORS } from '../map/layerStyles.ts';
import { useParticipateText } from '../participate/i18n.ts';
import { Bdi, Ltr } from '../bidi.tsx';

export interface ListItem {
  props: FeatureProps;
  distance: number | null;
}

const PAGE = 60;

export function dotColor(p: FeatureProps): string {
  if (p.layer === 'programs') return CATEGORY_COLORS[p.categories?.[0] ?? ''] ?? '#6b7280';
  if (p.layer === 'parks') return COLORS.parkFill;
  if (p.layer === 'gardens') return COLORS.garden;
  if (p.layer === 'centres') return COLORS.centre;
  if (p.layer === 'needs') return COLORS.need;
  return COLORS.zoneFill;
}

export function FeatureList(props: { items: ListItem[]; selectedId: string | null; onSelect: (p: FeatureProps) => void; label: string }) {
  const { t, i18n } = useTranslation();
  const { t: tp } = useParticipateText();
  const [shown, setShown] = useState(PAGE);
  if (props.items.length === 0) return <p className="empty">{t('list.empty')}</p>;
  return (
    <>
      <ul className="feature-list" aria-label={props.label}>
        {props.items.slice(0, shown).map(({ props: p, distance }) => (
          <li key={`${p.layer}:${p.id}`}>
            <button
              type="button"
              className="feature-item"
              aria-current={p.id === props.selectedId ? 'true' : undefined}
              data-layer={p.layer}
              onClick={() => props.onSelect(p)}
            >
              <span className="dot" style={{ background: dotColor(p) }} aria-hidden="true" />
              <span className="feature-text">
                <span className="feature-name">{p.name}</span>
                <span className="feature-meta">
                  {p.layer === 'needs' ? tp('needDetail.kind') : t(`kind.${p.kind}`, { defaultValue: t(`layer.${p.layer}`) })}
                  {p.place_name && (
                    <>
                      {' · '}
                      <Bdi>{p.place_name}</Bdi>
                    </>
                  )}
                </span>
              </span>
              {distance !== null && <Ltr className="feature-distance">{formatDistance(distance, i18n.language)}</Ltr>}
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
