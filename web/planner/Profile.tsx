/**
 * One neighbourhood's profile: population by age, access per audience and per layer, its sites,
 * and how its index is made. "Print report" prints it alone on one page (planner.css, @media print).
 */
import type { Profile as ProfileData } from './api.ts';
import { PRIORITY_LABELS } from './RankTable.tsx';

const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? '–' : `${Math.round(v * 100)}%`;
const num = (v: number | null | undefined, d = 0) =>
  v === null || v === undefined ? '–' : v.toLocaleString('en', { maximumFractionDigits: d });

export function Profile({ p, townName, onClose }: { p: ProfileData; townName: string; onClose: () => void }) {
  // bands in age order ("0-4", "5-14", … "80+"), whatever order the database kept them in
  const ages = Object.entries(p.population_by_age ?? {}).sort(
    (a, b) => Number.parseInt(a[0], 10) - Number.parseInt(b[0], 10),
  );
  const maxAge = Math.max(1, ...ages.map(([, v]) => v));
  return (
    <section className="profile" aria-labelledby="profile-title">
      <header className="profile-header">
        <div>
          <p className="profile-town">{townName} · access report</p>
          <h2 id="profile-title">{p.name}</h2>
          <p className="profile-sub">
            {p.set} · {p.audience} · {p.minutes} min walk ({num(p.threshold_m)} m) · {p.method}
          </p>
        </div>
        <div className="profile-tools no-print">
          <button type="button" className="btn" onClick={() => window.print()}>
            Print report
          </button>
          <button type="button" className="btn secondary" onClick={onClose} aria-label="Close the profile">
            Close
          </button>
        </div>
      </header>
      <dl className="kpis">
        <div>
          <dt>Priority</dt>
          <dd>
            <span className={`badge priority-${p.priority}`}>{PRIORITY_LABELS[p.priority]}</span> (rank{' '}
            {p.rank}, index {num(p.score, 1)})
          </dd>
        </div>
        <div>
          <dt>Within reach</dt>
          <dd>
            {pct(p.share)} — {num(p.within)} of {num(p.audience_population)} residents
          </dd>
        </div>
        <div>
          <dt>Beyond reach</dt>
          <dd>{num(p.beyond)} residents</dd>
        </div>
        <div>
          <dt>Sites in the neighbourhood</dt>
          <dd>
            {p.sites} ({num(p.sites_per_1000, 2)} per 1 000 residents)
          </dd>
        </div>
        <div>
          <dt>Park area</dt>
          <dd>
            {num(p.park_ha, 1)} ha ({num(p.park_ha_per_1000, 2)} ha per 1 000 residents)
          </dd>
        </div>
        <div>
          <dt>Centre of population to the nearest site</dt>
          <dd>{p.centre_distance_m === null ? 'none within reach' : `${num(p.centre_distance_m)} m`}</dd>
        </div>
        <div>
          <dt>Residents, density</dt>
          <dd>
            {num(p.population)} · {num(p.density_per_km2)} per km² · {num(p.area_km2, 2)} km²
          </dd>
        </div>
        <div>
          <dt>In degraded zones</dt>
          <dd>{pct(p.degraded_share)} of its area</dd>
        </div>
      </dl>

      <div className="profile-grid">
        <section>
          <h3>Population by age</h3>
          {ages.length ? (
            <table className="bars">
              <tbody>
                {ages.map(([band, v]) => (
                  <tr key={band}>
                    <th scope="row" className="band">
                      {band}
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
            <p>No age bands in the census for this neighbourhood.</p>
          )}
        </section>
        <section>
          <h3>Within a {p.minutes}-minute walk, by audience</h3>
          <table className="plain">
            <thead>
              <tr>
                <th scope="col">Audience</th>
                <th scope="col" className="num">
                  Walk
                </th>
                <th scope="col" className="num">
                  Within reach
                </th>
              </tr>
            </thead>
            <tbody>
              {p.by_audience.map((a) => (
                <tr key={a.audience}>
                  <th scope="row">{a.audience}</th>
                  <td className="num">{num(a.threshold_m)} m</td>
                  <td className="num">{pct(a.share)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section>
          <h3>Gaps by layer (everyone)</h3>
          <table className="plain">
            <thead>
              <tr>
                <th scope="col">Layer</th>
                <th scope="col" className="num">
                  Sites
                </th>
                <th scope="col" className="num">
                  Within reach
                </th>
                <th scope="col" className="num">
                  Centre → site
                </th>
              </tr>
            </thead>
            <tbody>
              {p.by_layer.map((l) => (
                <tr key={l.layer}>
                  <th scope="row">{l.layer}</th>
                  <td className="num">{l.sites}</td>
                  <td className="num">{pct(l.share)}</td>
                  <td className="num">
                    {l.centre_distance_m === null ? '–' : `${num(l.centre_distance_m)} m`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section>
          <h3>Sites of this set here ({p.site_list.length})</h3>
          {p.site_list.length ? (
            <ul className="sites">
              {p.site_list.slice(0, 30).map((s) => (
                <li key={s.id}>{s.name}</li>
              ))}
              {p.site_list.length > 30 && <li>… and {p.site_list.length - 30} more</li>}
            </ul>
          ) : (
            <p>None.</p>
          )}
        </section>
      </div>
      <section className="method">
        <h3>How this was measured</h3>
        <p>{p.method_note}</p>
        <p>{p.population_note}</p>
        <p>
          <strong>Index:</strong> gap {num(p.components.gap, 3)}, density {num(p.components.density, 3)},
          vulnerability {num(p.components.vulnerability, 3)} (
          {Object.entries(p.components.vulnerability_parts)
            .map(([k, v]) => `${k.replace('_', ' ')} ${num(v, 3)}`)
            .join(', ')}
          ).
        </p>
        <p className="formula">{p.formula}</p>
        <p className="computed">Computed {new Date(p.computed_at).toLocaleString('en')}.</p>
      </section>
    </section>
  );
}
