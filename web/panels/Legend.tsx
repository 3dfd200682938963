/** The legend: one toggle per layer, with a swatch drawn like the layer on the map. */
import type { LayerId } from '../api.ts';
import { useTranslation } from 'react-i18next';
import { COLORS, TOGGLEABLE } from '../map/layerStyles.ts';
import { useParticipateText } from '../participate/i18n.ts';

function Swatch({ layer }: { layer: LayerId }) {
  switch (layer) {
    case 'parks':
      return <span className="swatch swatch-area" style={{ background: COLORS.parkFill, borderColor: COLORS.parkLine }} />;
    case 'gardens':
      return <span className="swatch swatch-dot" style={{ background: COLORS.garden, borderColor: COLORS.gardenStroke }} />;
    case 'centres':
      return <span className="swatch swatch-dot swatch-ring" style={{ borderColor: COLORS.centre }} />;
    case 'programs':
      return <span className="swatch swatch-programs" />;
    case 'degraded-zones':
      return <span className="swatch swatch-area swatch-dashed" style={{ background: `${COLORS.zoneFill}33`, borderColor: COLORS.zoneLine }} />;
    case 'neighbourhoods':
      return <span className="swatch swatch-area swatch-dashed" style={{ background: 'transparent', borderColor: COLORS.neighbourhood }} />;
    case 'needs':
      return <span className="swatch swatch-dot swatch-ring" style={{ borderColor: COLORS.need }} />;
  }
}

export function Legend(props: {
  visible: Record<LayerId, boolean>;
  counts: Partial<Record<LayerId, number>>;
  onToggle: (layer: LayerId, on: boolean) => void;
}) {
  const { t } = useTranslation();
  const { t: tp } = useParticipateText();
  return (
    <fieldset className="legend">
      <legend>{t('layers.title')}</legend>
      <ul>
        {TOGGLEABLE.map((layer) => (
          <li key={layer}>
            <label>
              <input
                type="checkbox"
                name={layer}
                checked={props.visible[layer]}
                onChange={(e) => props.onToggle(layer, e.currentTarget.checked)}
              />
              <Swatch layer={layer} />
              <span className="legend-label">{layer === 'needs' ? tp('layer.needs') : t(`layer.${layer}`)}</span>
              {props.counts[layer] !== undefined && layer !== 'neighbourhoods' && (
                <span className="legend-count" aria-hidden="true">
                  {props.counts[layer]}
                </span>
              )}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
