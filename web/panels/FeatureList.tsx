/**
 * The list of what the map shows, in the same order for everyone: nearest to the chosen point
 * (or to the map's centre) first. Every feature on the map is reachable here by keyboard.
 */
import { useState } from 'react';
import type { FeatureProps } from '../api.ts';
import { formatDistance } from '../format.ts';
import { kindLabels, layerLabels, strings } from '../i18n/strings.ts';
import { CATEGORY_COLORS, COLORS } from '../map/layerStyles.ts';

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
  return COLORS.zoneFill;
}

export function FeatureList(props: { items: ListItem[]; selectedId: string | null; onSelect: (p: FeatureProps) => void }) {
  const [shown, setShown] = useState(PAGE);
  if (props.items.length === 0) return <p className="empty">{strings.listEmpty}</p>;
  return (
    <>
      <ul className="feature-list" aria-label={strings.list}>
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
                  {kindLabels[p.kind] ?? layerLabels[p.layer]}
                  {p.place_name ? ` · ${p.place_name}` : ''}
                </span>
              </span>
              {distance !== null && <span className="feature-distance">{formatDistance(distance)}</span>}
            </button>
          </li>
        ))}
      </ul>
      {props.items.length > shown && (
        <button type="button" className="more" onClick={() => setShown((n) => n + PAGE)}>
          {strings.listMore(Math.min(PAGE, props.items.length - shown))}
        </button>
      )}
    </>
  );
}
