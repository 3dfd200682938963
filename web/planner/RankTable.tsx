/** The ranked table beside the map: sortable by any column, a row opens the neighbourhood's profile. */
import { useMemo, useState } from 'react';
import type { NeighbourhoodRow } from './api.ts';

type Col = {
  key: keyof NeighbourhoodRow;
  label: string;
  format: (r: NeighbourhoodRow) => string;
  numeric: boolean;
};

const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`);
const num = (v: number | null, digits = 0) =>
  v === null ? '–' : v.toLocaleString('en', { maximumFractionDigits: digits });

export const PRIORITY_LABELS: Record<NeighbourhoodRow['priority'], string> = {
  'very-high': 'Very high',
  high: 'High',
  moderate: 'Moderate',
  low: 'Low',
  served: 'Served',
};

const COLS: Col[] = [
  { key: 'rank', label: 'Rank', format: (r) => String(r.rank), numeric: true },
  { key: 'name', label: 'Neighbourhood', format: (r) => r.name, numeric: false },
  { key: 'priority', label: 'Priority', format: (r) => PRIORITY_LABELS[r.priority], numeric: false },
  { key: 'score', label: 'Index', format: (r) => num(r.score, 1), numeric: true },
  { key: 'share', label: 'Within reach', format: (r) => pct(r.share), numeric: true },
  { key: 'beyond', label: 'Beyond reach', format: (r) => num(r.beyond), numeric: true },
  { key: 'sites_per_1000', label: 'Sites / 1 000', format: (r) => num(r.sites_per_1000, 2), numeric: true },
  {
    key: 'park_ha_per_1000',
    label: 'Park ha / 1 000',
    format: (r) => num(r.park_ha_per_1000, 2),
    numeric: true,
  },
  {
    key: 'centre_distance_m',
    label: 'Centre → site (m)',
    format: (r) => num(r.centre_distance_m),
    numeric: true,
  },
  {
    key: 'audience_population',
    label: 'Residents',
    format: (r) => num(r.audience_population),
    numeric: true,
  },
];

export function RankTable(props: {
  rows: NeighbourhoodRow[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const [sort, setSort] = useState<{ key: keyof NeighbourhoodRow; desc: boolean }>({
    key: 'rank',
    desc: false,
  });
  const rows = useMemo(() => {
    const order = [...props.rows];
    order.sort((a, b) => {
      const x = a[sort.key];
      const y = b[sort.key];
      const c =
        typeof x === 'number' && typeof y === 'number'
          ? x - y
          : String(x ?? '').localeCompare(String(y ?? ''));
      return sort.desc ? -c : c;
    });
    return order;
  }, [props.rows, sort]);
  return (
    <table className="rank-table">
      <caption className="sr-only">
        Neighbourhoods ranked by the underserved index; choose a column heading to sort
      </caption>
      <thead>
        <tr>
          {COLS.map((c) => (
            <th
              key={c.key}
              scope="col"
              aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}
              className={c.numeric ? 'num' : undefined}
            >
              <button
                type="button"
                onClick={() =>
                  setSort((s) => ({
                    key: c.key,
                    desc: s.key === c.key ? !s.desc : c.numeric && c.key !== 'rank',
                  }))
                }
              >
                {c.label}
                <span aria-hidden="true">{sort.key === c.key ? (sort.desc ? ' ▼' : ' ▲') : ''}</span>
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} aria-selected={r.id === props.selectedId} className={`priority-${r.priority}`}>
            {COLS.map((c) =>
              c.key === 'name' ? (
                <th key={c.key} scope="row">
                  <button
                    type="button"
                    className="row-open"
                    onClick={() => props.onSelect(r.id)}
                    aria-current={r.id === props.selectedId}
                  >
                    {r.name}
                  </button>
                </th>
              ) : (
                <td key={c.key} className={c.numeric ? 'num' : undefined}>
                  {c.key === 'priority' ? (
                    <span className={`badge priority-${r.priority}`}>{c.format(r)}</span>
                  ) : (
                    c.format(r)
                  )}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
