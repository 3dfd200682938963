/**
 * What a measure means, in the interface's language: how distance was measured, where residents
 * were placed, whom the audience counts, and the index's formula — the planner sees the method,
 * never a black box. Worded here from the figures the API gives with every answer.
 */
import type { MeasureMeta } from '../../server/analytics/metrics.ts';
import { audienceLabel } from '../taxonomy.ts';
import { usePlanner } from './i18n.ts';

export function MeasureNotes(props: {
  m: MeasureMeta;
  /** the audience's census bands and walking speed, for its note */
  audience?: { age_bands: string[]; walk_speed_kmh: number };
}) {
  const { t, lang, fmt } = usePlanner();
  const { m, audience } = props;
  const units = m.population_units;
  return (
    <>
      <p>
        {m.method === 'network'
          ? t('method.networkNote', { share: fmt.pct(m.network_share) })
          : t('method.straightNote')}
      </p>
      <p>
        {units.neighbourhoods > 0
          ? t('method.unitsNote', { units: units.neighbourhoods, total: units.of })
          : t('method.uniformNote')}
      </p>
      {audience && (
        <p>
          {audience.age_bands.length
            ? t('method.audienceBands', {
                audience: audienceLabel(m.audience, lang),
                bands: audience.age_bands.join(', '),
                speed: fmt.num(audience.walk_speed_kmh, 1),
              })
            : t('method.audienceAll', {
                audience: audienceLabel(m.audience, lang),
                speed: fmt.num(audience.walk_speed_kmh, 1),
              })}
        </p>
      )}
      <ul className="formula" dir="auto">
        {(['score', 'gap', 'density', 'vulnerability', 'priority'] as const).map((k) => (
          <li key={k}>{t(`formula.${k}`)}</li>
        ))}
      </ul>
      <p>
        {t('formula.weightsNow', {
          gap: fmt.num(m.weights.gap, 2),
          density: fmt.num(m.weights.density, 2),
          vulnerability: fmt.num(m.weights.vulnerability, 2),
        })}
      </p>
    </>
  );
}
