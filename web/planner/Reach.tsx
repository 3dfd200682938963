/**
 * Reach in the planner (server/reach/figures.ts): the controls (which measure of the imported
 * participation counts, which period, the unreached / proposals / needs layers), the town's figure
 * above the table, and a neighbourhood's reach in its profile.
 */
import { useId } from 'react';
import { audienceLabel } from '../taxonomy.ts';
import type { ReachAnswer, ReachRow } from './api.ts';
import { usePlanner } from './i18n.ts';

export interface ReachSettings {
  reachMeasure: string;
  from: string;
  to: string;
  unreached: boolean;
  proposals: boolean;
  needs: boolean;
}

const MEASURES = ['participants', 'registrations', 'attendance'] as const;

/** a figure isolated from the text around it (first-strong isolate), for right-to-left sentences */
const iso = (s: string | number) => `\u2068${s}\u2069`;

export function ReachControls(p: {
  measures: string[];
  measure: string;
  from: string;
  to: string;
  layers: { unreached: boolean; proposals: boolean; needs: boolean };
  onChange: (patch: Partial<ReachSettings>) => void;
}) {
  const { t } = usePlanner();
  return (
    <fieldset className="reach-controls">
      <legend>{t('reach.controls')}</legend>
      <label>
        {t('reach.measure')}
        <select value={p.measure} onChange={(e) => p.onChange({ reachMeasure: e.target.value })}>
          <option value="">{t('reach.measureAuto')}</option>
          {MEASURES.map((m) => (
            <option key={m} value={m}>
              {t(`reach.measures.${m}`)}
              {p.measures.length && !p.measures.includes(m) ? ` ${t('reach.noCounts')}` : ''}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('reach.from')}
        <input type="date" value={p.from} onChange={(e) => p.onChange({ from: e.target.value })} />
      </label>
      <label>
        {t('reach.to')}
        <input type="date" value={p.to} onChange={(e) => p.onChange({ to: e.target.value })} />
      </label>
      <fieldset className="reach-layers">
        <legend className="sr-only">{t('reach.layers')}</legend>
        {(['unreached', 'proposals', 'needs'] as const).map((k) => (
          <label key={k} className="check">
            <input
              type="checkbox"
              checked={p.layers[k]}
              onChange={(e) => p.onChange({ [k]: e.target.checked })}
            />
            {t(`reach.layer.${k}`)}
          </label>
        ))}
      </fieldset>
    </fieldset>
  );
}

/** the town's figure and what it is made of, above the table */
export function ReachSummary({ reach, csvUrl }: { reach: ReachAnswer; csvUrl: string }) {
  const { t, lang, fmt } = usePlanner();
  const audience = audienceLabel(reach.audience, lang);
  const period =
    reach.from || reach.to
      ? t('reach.period', { from: reach.from ?? '…', to: reach.to ?? '…' })
      : t('reach.allPeriods');
  return (
    <div className="reach-summary" aria-live="polite">
      {reach.rows === 0 ? (
        <p>{t('reach.none', { audience })}</p>
      ) : (
        <p>
          <strong>
            {t('reach.town', {
              reach: iso(fmt.pctFine(reach.town.reach)),
              audience,
            })}
          </strong>{' '}
          {t('reach.townDetail', {
            participants: iso(fmt.num(reach.town.participants)),
            population: iso(fmt.num(reach.town.audience_population)),
            measure: t(`reach.measureWords.${reach.measure}`),
          })}{' '}
          <bdi dir="ltr">{period}</bdi>
          {reach.without_neighbourhood > 0
            ? ` ${t('reach.withoutNeighbourhood', { count: reach.without_neighbourhood, n: iso(fmt.num(reach.without_neighbourhood)) })}`
            : ''}
        </p>
      )}
      <p className="help">
        {reach.whole_population
          ? t('reach.wholePopulation', { audience })
          : reach.audience_age_bands.length
            ? t('reach.bands', { audience, bands: reach.audience_age_bands.join(', ') })
            : ''}{' '}
        {t('reach.addedUp')}
      </p>
      <p className="help">
        <a href={csvUrl} download>
          {t('reach.exportCsv')}
        </a>
      </p>
    </div>
  );
}

/** a neighbourhood's reach, for its profile */
export function ReachProfile({ reach, row }: { reach: ReachAnswer; row: ReachRow }) {
  const { t, lang, fmt } = usePlanner();
  const ids = useId();
  const audience = audienceLabel(reach.audience, lang);
  const ranked = reach.neighbourhoods.filter((r) => r.rank !== null).length;
  return (
    <section className="profile-reach" aria-labelledby={`${ids}-h`}>
      <h3 id={`${ids}-h`}>{t('reach.profileTitle', { audience })}</h3>
      <dl className="kpis">
        <div>
          <dt>{t('reach.profileReach')}</dt>
          <dd>
            {t('reach.profileReachValue', {
              reach: iso(fmt.pctFine(row.reach)),
              participants: iso(fmt.num(row.participants)),
              population: iso(fmt.num(row.audience_population)),
              measure: t(`reach.measureWords.${reach.measure}`),
            })}
          </dd>
        </div>
        <div>
          <dt>{t('reach.profileRank')}</dt>
          <dd>
            {row.rank === null
              ? '–'
              : t('reach.profileRankValue', {
                  rank: iso(row.rank),
                  of: iso(ranked),
                  town: iso(fmt.pctFine(reach.town.reach)),
                })}
          </dd>
        </div>
        <div>
          <dt>{t('reach.profileNotReached')}</dt>
          <dd>{t('reach.residents', { n: iso(fmt.num(row.not_reached)) })}</dd>
        </div>
        <div>
          <dt>{t('reach.profileStarted')}</dt>
          <dd>
            {t('reach.profileStartedValue', {
              proposals: iso(fmt.num(row.proposals)),
              needs: iso(fmt.num(row.needs)),
              supports: iso(fmt.num(row.supports)),
            })}
          </dd>
        </div>
      </dl>
    </section>
  );
}
