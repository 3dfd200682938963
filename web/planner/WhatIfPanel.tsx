/** What-if: place a point or draw an area on the map, and see the residents it would newly reach. */

import { audienceLabel } from '../taxonomy.ts';
import type { WhatIfAnswer } from './api.ts';
import { usePlanner } from './i18n.ts';
import type { DrawMode } from './PlannerMap.tsx';

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
  const { t, lang, fmt } = usePlanner();
  const num = (v: number) => fmt.num(v);
  const audiences = p.result ? Object.keys(p.result.totals) : [];
  return (
    <section className="what-if no-print" aria-labelledby="what-if-title">
      <h2 id="what-if-title">{t('whatIf.title')}</h2>
      <p className="hint">{t('whatIf.hint', { set: p.setLabel })}</p>
      <div className="buttons">
        <button type="button" className="btn" onClick={p.onPoint} aria-pressed={p.draw === 'point'}>
          {t('whatIf.point')}
        </button>
        <button type="button" className="btn" onClick={p.onPolygon} aria-pressed={p.draw === 'polygon'}>
          {t('whatIf.area')}
        </button>
        {p.draw === 'polygon' && (
          <button type="button" className="btn" onClick={p.onFinish} disabled={p.vertices < 3}>
            {t('whatIf.finish', { count: p.vertices })}
          </button>
        )}
        {(p.result || p.draw !== 'none' || p.vertices > 0) && (
          <button type="button" className="btn secondary" onClick={p.onClear}>
            {t('whatIf.clear')}
          </button>
        )}
      </div>
      {p.draw === 'point' && <p className="hint">{t('whatIf.pointHint')}</p>}
      {p.draw === 'polygon' && <p className="hint">{t('whatIf.areaHint')}</p>}
      {p.result && (
        <div className="what-if-result" aria-live="polite">
          <p>
            {t('whatIf.result', {
              count: num(p.result.totals.everyone?.newly ?? 0),
              minutes: p.result.minutes,
              // mid-sentence: "(along the walk network, …)"
              method: t(p.result.method === 'network' ? 'method.network' : 'method.straight').replace(
                /^\p{Lu}/u,
                (c) => c.toLocaleLowerCase(lang),
              ),
              ms: p.result.elapsed_ms,
            })}
          </p>
          {p.result.neighbourhoods.length ? (
            <div className="table-wrap">
              <table className="plain">
                <thead>
                  <tr>
                    <th scope="col">{t('whatIf.neighbourhood')}</th>
                    {audiences.map((a) => (
                      <th key={a} scope="col" className="num">
                        {audienceLabel(a, lang)}
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
                          title={`${fmt.pct(n.audiences[a]?.before_share ?? 0)} → ${fmt.pct(n.audiences[a]?.after_share ?? 0)}`}
                        >
                          +{num(n.audiences[a]?.newly ?? 0)}
                        </td>
                      ))}
                    </tr>
                  ))}
                  <tr className="total">
                    <th scope="row">{t('whatIf.total')}</th>
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
            <p>{t('whatIf.nobody')}</p>
          )}
        </div>
      )}
    </section>
  );
}
