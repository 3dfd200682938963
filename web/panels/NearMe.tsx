/** "Near me": the browser's location, or a point picked on the map. */
import { strings } from '../i18n/strings.ts';

export function NearMe(props: {
  picking: boolean;
  active: boolean;
  status: string | null;
  onLocate: () => void;
  onPick: () => void;
  onCancelPick: () => void;
  onClear: () => void;
}) {
  return (
    <section className="near-me" aria-labelledby="near-me-title">
      <h2 id="near-me-title">{strings.nearMe}</h2>
      <div className="buttons">
        <button type="button" onClick={props.onLocate}>
          {strings.useMyLocation}
        </button>
        {props.picking ? (
          <button type="button" onClick={props.onCancelPick} aria-pressed="true">
            {strings.cancel}
          </button>
        ) : (
          <button type="button" onClick={props.onPick} aria-pressed="false">
            {strings.pickOnMap}
          </button>
        )}
        {props.active && (
          <button type="button" className="secondary" onClick={props.onClear}>
            {strings.clear}
          </button>
        )}
      </div>
      {props.picking && <p className="hint">{strings.pickHint}</p>}
      {props.status && <p className="hint" role="status">{props.status}</p>}
    </section>
  );
}
