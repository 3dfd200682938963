/** An audit entry's previous and new values as rows side by side: what changed first, then the rest. */

const show = (v: unknown): string =>
  v === undefined ? '' : v === null ? 'null' : typeof v === 'string' ? v : JSON.stringify(v, null, 2);

export type Change = 'changed' | 'unchanged' | 'added' | 'removed';

export interface DiffRow {
  key: string;
  before: string;
  after: string;
  change: Change;
}

export function diffRows(
  previous: Record<string, unknown> | null,
  next: Record<string, unknown> | null,
): DiffRow[] {
  const keys = [...new Set([...Object.keys(previous ?? {}), ...Object.keys(next ?? {})])];
  return (
    keys
      .map((k) => {
        const inPrev = previous !== null && k in previous;
        const inNext = next !== null && k in next;
        const a = previous?.[k];
        const b = next?.[k];
        const change: Change = !inPrev
          ? 'added'
          : !inNext
            ? 'removed'
            : show(a) === show(b)
              ? 'unchanged'
              : 'changed';
        return { key: k, before: inPrev ? show(a) : '', after: inNext ? show(b) : '', change };
      })
      // what changed first, then the rest as it was
      .sort((x, y) => Number(x.change === 'unchanged') - Number(y.change === 'unchanged'))
  );
}
