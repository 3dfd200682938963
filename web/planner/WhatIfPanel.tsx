/** What-if: place a point or draw an area on the map, and see the residents it would newly reach. */
import type { WhatIfAnswer } from './api.ts';
import type { DrawMode } from './PlannerMap.tsx';

const num = (v: number) => v.toLocaleString('en');

export function WhatIfPanel(p: {
  draw: DrawMode;
  vertices: number;
  result: WhatIfAnswer | null;
  setLabel: string;
  onPoint: () => void;
  onPolygon: () => void;
  onFinish: () => void;
  onClear: () => void;
}) {
  const audiences = p.result ? Object.keys(p.result.totals) : [];
  return (
    <section className="what-if no-print" aria-labelledby="what-if-title">
      <h2 id="what-if-title">What if we added a site?</h2>
      <p className="hint">A new site of “{p.setLabel}”: who would newly be within their walk.</p>
      <div className="buttons">
        <button type="button" className="btn" onClick={p.onPoint} aria-pressed={p.draw === 'point'}>
          Place a point
        </button>
        <button type="button" className="btn" onClick={p.onPolygon} aria-pressed={p.draw === 'polygon'}>
          Draw an area
        </button>
        {p.draw === 'polygon' && (
          <button type="button" className="btn" onClick={p.onFinish} disabled={p.vertices < 3}>
            Finish the area ({p.vertices} points)
          </button>
        )}
        {(p.result || p.draw !== 'none' || p.vertices > 0) && (
          <button type="button" className="btn secondary" onClick={p.onClear}>
            Clear
          </button>
        )}
      </div>
      {p.draw === 'point' && <p className="hint">Click the map where the site would be.</p>}
      {p.draw === 'polygon' && <p className="hint">Click the map to add corners, then “Finish the area”.</p>}
      {p.result && (
        <div className="what-if-result" aria-live="polite">
          <p>
            <strong>{num(p.result.totals.everyone?.newly ?? 0)}</strong> residents newly within a{' '}
            {p.result.minutes}-minute walk ({p.result.method}, computed in {p.result.elapsed_ms} ms).
          </p>
          {p.result.neighbourhoods.length ? (
            <div className="table-wrap">
              <table className="plain">
                <thead>
                  <tr>
                    <th scope="col">Neighbourhood</th>
                    {audiences.map((a) => (
                      <th key={a} scope="col" className="num">
                        {a}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {p.result.neighbourhoods.map((n) => (
                    <tr key={n.id}>
                      <th scope="row">{n.name}</th>
                      {audiences.map((a) => (
                        <td
                          key={a}
                          className="num"
                          title={`${Math.round((n.audiences[a]?.before_share ?? 0) * 100)}% → ${Math.round((n.audiences[a]?.after_share ?? 0) * 100)}%`}
                        >
                          +{num(n.audiences[a]?.newly ?? 0)}
                        </td>
                      ))}
                    </tr>
                  ))}
                  <tr className="total">
                    <th scope="row">Total</th>
                    {audiences.map((a) => (
                      <td key={a} className="num">
                        +{num(p.result?.totals[a]?.newly ?? 0)}
                      </td>
                    ))}
                  </tr>
                </tbody>
              </table>
            </div>
          ) : (
            <p>Nobody new: everyone near it already has one within reach.</p>
          )}
        </div>
      )}
    </section>
  );
}
