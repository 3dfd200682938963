/**
 * The ranked table beside the map: sortable by any column, a row opens the neighbourhood's profile.
 * Its fourteen figures come in two groups — access, and reach and residents — each shown with the
 * rank, name and priority, so that the table fits beside the map at 1 440 px without scrolling
 * sideways (the CSV and GeoJSON exports carry every column at once).
 */
import { useMemo, useState } from 'react';
import type { PlannerRow } from './api.ts';
import { type Formats, type PlannerT, usePlanner } from './i18n.ts';

type Group = 'access' | 'reach';
const GROUPS: Group[] = ['access', 'reach'];

type Col = {
  key: keyof PlannerRow;
  label: string;
  format: (r: PlannerRow) => string;
  numeric: boolean;
  /** the group it shows in; none: in every group */
  group?: Group;
};

function columns(t: PlannerT, f: Formats): Col[] {
  return [
    { key: 'rank', label: t('table.rank'), format: (r) => String(r.rank), numeric: true },
    { key: 'name', label: t('table.neighbourhood'), format: (r) => r.name, numeric: false },
    {
      key: 'priority',
      label: t('table.priority'),
      format: (r) => t(`priority.${r.priority}`),
      numeric: false,
    },
    {
      key: 'score',
      label: t('table.index'),
      format: (r) => f.num(r.score, 1),
      numeric: true,
      group: 'access',
    },
    { key: 'share', label: t('table.within'), format: (r) => f.pct(r.share), numeric: true, group: 'access' },
    {
      key: 'beyond',
      label: t('table.beyond'),
      format: (r) => f.num(r.beyond),
      numeric: true,
      group: 'access',
    },
    {
      key: 'sites_per_1000',
      label: t('table.sites'),
      format: (r) => f.num(r.sites_per_1000, 2),
      numeric: true,
      group: 'access',
    },
    {
      key: 'park_ha_per_1000',
      label: t('table.parkHa'),
      format: (r) => f.num(r.park_ha_per_1000, 2),
      numeric: true,
      group: 'access',
    },
    {
      key: 'centre_distance_m',
      label: t('table.centreToSite'),
      format: (r) => f.num(r.centre_distance_m),
      numeric: true,
      group: 'access',
    },
    {
      key: 'audience_population',
      label: t('table.residents'),
      format: (r) => f.num(r.audience_population),
      numeric: true,
      group: 'access',
    },
    // reach of the audience, and what residents started here (server/reach/figures.ts)
    {
      key: 'reach',
      label: t('table.reach'),
      format: (r) => f.pctFine(r.reach),
      numeric: true,
      group: 'reach',
    },
    {
      key: 'proposals',
      label: t('table.proposals'),
      format: (r) => f.num(r.proposals),
      numeric: true,
      group: 'reach',
    },
    { key: 'needs', label: t('table.needs'), format: (r) => f.num(r.needs), numeric: true, group: 'reach' },
    {
      key: 'supports',
      label: t('table.supports'),
      format: (r) => f.num(r.supports),
      numeric: true,
      group: 'reach',
    },
  ];
}

export function RankTable(props: {
  rows: PlannerRow[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const { t, fmt } = usePlanner();
  const [group, setGroup] = useState<Group>('access');
  const COLS = useMemo(() => columns(t, fmt).filter((c) => !c.group || c.group === group), [t, fmt, group]);
  const [sort, setSort] = useState<{ key: keyof PlannerRow; desc: boolean }>({
    key: 'rank',
    desc: false,
  });
  const rows = useMemo(() => {
    const order = [...props.rows];
    order.sort((a, b) => {
      const x = a[sort.key];
      const y = b[sort.key];
      // a figure not known (no reach without residents of the audience) goes last either way
      const nx = x === null || x === undefined;
      const ny = y === null || y === undefined;
      if (nx || ny) return nx === ny ? 0 : nx ? 1 : -1;
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return sort.desc ? -c : c;
    });
    return order;
  }, [props.rows, sort]);
  return (
    <>
      <fieldset className="table-columns">
        <legend className="sr-only">{t('table.columns')}</legend>
        {GROUPS.map((g) => (
          <button key={g} type="button" aria-pressed={group === g} onClick={() => setGroup(g)}>
            {t(g === 'access' ? 'table.groupAccess' : 'table.groupReach')}
          </button>
        ))}
      </fieldset>
      <table className="rank-table">
        <caption className="sr-only">{t('table.caption')}</caption>
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
    </>
  );
}
