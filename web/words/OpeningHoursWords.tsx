/**
 * Opening hours as words per day ("Monday–Friday 9:00–17:00"), in the reader's language and
 * clock; a value this reader cannot put into words is shown as it is.
 */
import { useTranslation } from 'react-i18next';
import { openingHoursSeasons } from '../opening-hours.ts';
import './words.css';

export function OpeningHoursWords(props: { value: string; timeZone: string }) {
  const { i18n } = useTranslation();
  const seasons = openingHoursSeasons(props.value, i18n.language, props.timeZone);
  if (!seasons) {
    return (
      <div>
        <bdi dir="ltr">{props.value}</bdi>
      </div>
    );
  }
  return (
    <ul className="hours-words">
      {seasons.flatMap((s) => [
        ...(s.months ? [<li key={`m:${s.months}`} className="hours-season">{`${s.months}:`}</li>] : []),
        ...s.lines.map((l) => (
          <li key={`${s.months ?? ''}:${l.days}`}>
            <span className="hours-days">{l.days}</span> <bdi className="hours-times">{l.hours}</bdi>
          </li>
        )),
      ])}
    </ul>
  );
}
