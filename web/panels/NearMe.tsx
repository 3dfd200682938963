/** "Near me": the browser's location, or a point picked on the map. */
import { useTranslation } from 'react-i18next';

export function NearMe(props: {
  picking: boolean;
  active: boolean;
  status: string | null;
  onLocate: () => void;
  onPick: () => void;
  onCancelPick: () => void;
  onClear: () => void;
}) {
  const { t } = useTranslation();
  return (
    <section className="near-me" aria-labelledby="near-me-title">
      <h2 id="near-me-title">{t('nearMe.title')}</h2>
      <div className="buttons">
        <button type="button" onClick={props.onLocate}>
          {t('nearMe.useLocation')}
        </button>
        {props.picking ? (
          <button type="button" onClick={props.onCancelPick} aria-pressed="true">
            {t('nearMe.cancel')}
          </button>
        ) : (
          <button type="button" onClick={props.onPick} aria-pressed="false">
            {t('nearMe.pick')}
          </button>
        )}
        {props.active && (
          <button type="button" className="secondary" onClick={props.onClear}>
            {t('nearMe.clear')}
          </button>
        )}
      </div>
      {props.picking && <p className="hint">{t('nearMe.pickHint')}</p>}
      {props.status && <p className="hint" role="status">{props.status}</p>}
    </section>
  );
}
