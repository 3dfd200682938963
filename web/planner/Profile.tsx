/**
 * One neighbourhood's profile: population by age, access per audience and per layer, its sites,
 * and how its index is made. "Print report" prints it alone on one page (planner.css, @media print),
 * with its map (ProfileMap) beside the key figures.
 */
import type { ReactNode } from 'react';
import { audienceLabel } from '../taxonomy.ts';
import type { Profile as ProfileData, ReachAnswer, ReachRow } from './api.ts';
import { setLabel, usePlanner } from './i18n.ts';
import { MeasureNotes } from './MeasureNotes.tsx';
import { ReachProfile } from './Reach.tsx';

export function Profile({
  p,
  townName,
  onClose,
  reach = null,
  reachRow = null,
  map = null,
}: {
  p: ProfileData;
  /** the neighbourhood's map, printed beside its key figures */
  map?: ReactNode;
  townName: string;
  onClose: () => void;
  /** reach of the audience (server/reach/figures.ts) and this neighbourhood's row of it */
  reach?: ReachAnswer | null;
  reachRow?: ReachRow | null;
}) {
  const { t, lang, fmt } = usePlanner();
  const { num, pct } = fmt;
  // bands in age order ("0-4", "5-14", … "80+"), whatever order the database kept them in
  const ages = Object.entries(p.population_by_age ?? {}).sort(
    (a, b) => Number.parseInt(a[0], 10) - Number.parseInt(b[0], 10),
  );
  const maxAge = Math.max(1, ...ages.map(([, v]) => v));
  return (
    <section className="profile" aria-labelledby="profile-title">
      <header className="profile-header">
        <div>
          <p className="profile-town">{t('profile.report', { town: townName })}</p>
          <h2 id="profile-title">{p.name}</h2>
          <p className="profile-sub">
            {setLabel(t, lang, p.set)} · {audienceLabel(p.audience, lang)} ·{' '}
            {t('profile.walk', { minutes: p.minutes, metres: num(p.threshold_m) })} ·{' '}
            {t(p.method === 'network' ? 'method.network' : 'method.straight')}
          </p>
        </div>
        <div className="profile-tools no-print">
          <button type="button" className="btn" onClick={() => window.print()}>
            {t('profile.print')}
          </button>
          <button
            type="button"
            className="btn secondary"
            onClick={onClose}
            aria-label={t('profile.closeLabel')}
          >
            {t('profile.close')}
          </button>
        </div>
      </header>
      <div className="profile-overview">
        {map && <div className="profile-map-slot print-only">{map}</div>}
        <dl className="kpis">
          <div>
            <dt>{t('profile.priority')}</dt>
            <dd>
              <span className={`badge priority-${p.priority}`}>{t(`priority.${p.priority}`)}</span>{' '}
              {t('profile.rankIndex', { rank: p.rank, score: num(p.score, 1) })}
            </dd>
          </div>
          <div>
            <dt>{t('profile.within')}</dt>
            <dd>
              {t('profile.withinValue', {
                share: pct(p.share),
                within: num(p.within),
                population: num(p.audience_population),
              })}
            </dd>
          </div>
          <div>
            <dt>{t('profile.beyond')}</dt>
            <dd>{t('profile.residentsValue', { count: num(p.beyond) })}</dd>
          </div>
          <div>
            <dt>{t('profile.sites')}</dt>
            <dd>{t('profile.sitesValue', { count: num(p.sites), per1000: num(p.sites_per_1000, 2) })}</dd>
          </div>
          <div>
            <dt>{t('profile.parkArea')}</dt>
            <dd>{t('profile.parkValue', { ha: num(p.park_ha, 1), per1000: num(p.park_ha_per_1000, 2) })}</dd>
          </div>
          <div>
            <dt>{t('profile.centreDistance')}</dt>
            <dd>
              {p.centre_distance_m === null
                ? t('profile.noneWithinReach')
                : t('units.m', { value: num(p.centre_distance_m) })}
            </dd>
          </div>
          <div>
            <dt>{t('profile.density')}</dt>
            <dd>
              {t('profile.densityValue', {
                population: num(p.population),
                density: num(p.density_per_km2),
                area: num(p.area_km2, 2),
              })}
            </dd>
          </div>
          <div>
            <dt>{t('profile.degraded')}</dt>
            <dd>{t('profile.degradedValue', { share: pct(p.degraded_share) })}</dd>
          </div>
        </dl>
      </div>
      {/* without counts of the audience there is no reach to report (missing data is not 0 %) */}
      {reach && reachRow && reach.rows > 0 ? <ReachProfile reach={reach} row={reachRow} /> : null}

      <div className="profile-grid">
        <section>
          <h3>{t('profile.byAge')}</h3>
          {ages.length ? (
            <table className="bars">
              <tbody>
                {ages.map(([band, v]) => (
                  <tr key={band}>
                    <th scope="row" className="band">
                      <bdi dir="ltr">{band}</bdi>
                    </th>
                    <td className="cell">
                      <span className="bar" style={{ width: `${(v / maxAge) * 100}%` }} />
                    </td>
                    <td className="cell num">{num(v)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>{t('profile.noAges')}</p>
          )}
        </section>
        <section>
          <h3>{t('profile.byAudience', { minutes: p.minutes })}</h3>
          <table className="plain">
            <thead>
              <tr>
                <th scope="col">{t('profile.audience')}</th>
                <th scope="col" className="num">
                  {t('profile.walkColumn')}
                </th>
                <th scope="col" className="num">
                  {t('profile.within')}
                </th>
              </tr>
            </thead>
            <tbody>
              {p.by_audience.map((a) => (
                <tr key={a.audience}>
                  <th scope="row">{audienceLabel(a.audience, lang)}</th>
                  <td className="num">{t('units.m', { value: num(a.threshold_m) })}</td>
                  <td className="num">{pct(a.share)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section>
          <h3>{t('profile.byLayer')}</h3>
          <table className="plain">
            <thead>
              <tr>
                <th scope="col">{t('profile.layer')}</th>
                <th scope="col" className="num">
                  {t('profile.sitesColumn')}
                </th>
                <th scope="col" className="num">
                  {t('profile.within')}
                </th>
                <th scope="col" className="num">
                  {t('profile.centreToSite')}
                </th>
              </tr>
            </thead>
            <tbody>
              {p.by_layer.map((l) => (
                <tr key={l.layer}>
                  <th scope="row">{setLabel(t, lang, l.layer)}</th>
                  <td className="num">{l.sites}</td>
                  <td className="num">{pct(l.share)}</td>
                  <td className="num">
                    {l.centre_distance_m === null ? '–' : t('units.m', { value: num(l.centre_distance_m) })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section>
          <h3>{t('profile.siteList', { count: p.site_list.length })}</h3>
          {p.site_list.length ? (
            <ul className="sites">
              {p.site_list.slice(0, 30).map((s) => (
                <li key={s.id}>{s.name}</li>
              ))}
              {p.site_list.length > 30 && <li>{t('profile.more', { count: p.site_list.length - 30 })}</li>}
            </ul>
          ) : (
            <p>{t('profile.none')}</p>
          )}
        </section>
      </div>
      <section className="method">
        <h3>{t('profile.howMeasured')}</h3>
        <MeasureNotes m={p} />
        <p>
          {t('profile.indexParts', {
            gap: num(p.components.gap, 3),
            density: num(p.components.density, 3),
            vulnerability: num(p.components.vulnerability, 3),
            parts: Object.entries(p.components.vulnerability_parts)
              .map(([k, v]) => `${t(`profile.parts.${k}`, { defaultValue: k })} ${num(v, 3)}`)
              .join(', '),
          })}
        </p>
        <p className="computed">
          {t('profile.computed', {
            when: new Date(p.computed_at).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' }),
          })}
        </p>
      </section>
    </section>
  );
}
