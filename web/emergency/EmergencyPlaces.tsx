/** The places marked for the emergency, first in the list: each with its role, address and note. */
import type { EmergencyPlace } from './api.ts';
import { ROLE_COLORS } from './colors.ts';
import { useEmergencyText } from './i18n.ts';

export function EmergencyPlaces(props: {
  places: EmergencyPlace[];
  onSelect?: (p: EmergencyPlace) => void;
  headingLevel?: 2 | 3;
  className?: string;
  distance?: (p: EmergencyPlace) => string | null;
}) {
  const { t } = useEmergencyText();
  if (!props.places.length) return null;
  const H = props.headingLevel === 3 ? 'h3' : 'h2';
  return (
    <section
      className={`emergency-places ${props.className ?? ''}`}
      aria-labelledby="emergency-places-title"
      data-testid="emergency-places"
    >
      <H id="emergency-places-title">{t('places.title')}</H>
      <ul aria-labelledby="emergency-places-title">
        {props.places.map((p) => {
          const d = props.distance?.(p);
          const body = (
            <>
              <span className="emergency-role" style={{ background: ROLE_COLORS[p.role] }}>
                {t(`roles.${p.role}`)}
              </span>
              <span className="emergency-place-text">
                <span className="emergency-place-name">
                  <bdi>{p.name}</bdi>
                </span>
                {(p.address || d) && (
                  <span className="emergency-place-meta">
                    {p.address && <bdi>{p.address}</bdi>}
                    {p.address && d ? ' · ' : ''}
                    {d && <bdi className="emergency-place-distance">{d}</bdi>}
                  </span>
                )}
                {p.note && <span className="emergency-place-note">{p.note}</span>}
              </span>
            </>
          );
          return (
            <li key={p.id} data-role={p.role}>
              {props.onSelect ? (
                <button type="button" className="emergency-place" onClick={() => props.onSelect?.(p)}>
                  {body}
                </button>
              ) : (
                <div className="emergency-place">{body}</div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
