/**
 * An item's history (GET /api/admin/{opportunities|places}/{id}/history): who, when, what, and per
 * field the value before and after, newest first.
 */
import { useEffect, useState } from 'react';
import { contentApi } from './contentApi.ts';
import { formatWhen } from './format.tsx';
import { useContentText } from './i18n.ts';
import type { HistoryEntry } from './types.ts';

const isEmpty = (v: unknown) =>
  v === null ||
  v === undefined ||
  v === '' ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);

/** a value of the audit record, readable: texts as they are, lists joined, objects as "key: value" lines */
function Value({ v, empty, depth = 0 }: { v: unknown; empty: string; depth?: number }) {
  if (isEmpty(v)) return <span className="muted">{empty}</span>;
  if (typeof v === 'string') return <bdi>{v}</bdi>;
  if (typeof v === 'number' || typeof v === 'boolean') return <bdi dir="ltr">{String(v)}</bdi>;
  if (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null))
    return <bdi>{v.map(String).join(', ')}</bdi>;
  if (depth > 0 || Array.isArray(v))
    return (
      <bdi dir="ltr" className="json">
        {JSON.stringify(v)}
      </bdi>
    );
  return (
    <ul className="kv">
      {Object.entries(v as Record<string, unknown>).map(([k, x]) => (
        <li key={k}>
          <bdi dir="ltr">
            <code>{k}</code>:
          </bdi>{' '}
          <Value v={x} empty={empty} depth={depth + 1} />
        </li>
      ))}
    </ul>
  );
}

export function History({
  kind,
  id,
  timeZone,
  load,
}: {
  kind: 'opportunities' | 'places';
  id: string;
  timeZone: string;
  /** where the entries come from (default: the editors' history; the review page: its own) */
  load?: (signal: AbortSignal) => Promise<{ items: HistoryEntry[] }>;
}) {
  const { t, lang } = useContentText();
  const [items, setItems] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    (load
      ? load(ctl.signal)
      : kind === 'opportunities'
        ? contentApi.opportunityHistory(id, ctl.signal)
        : contentApi.placeHistory(id, ctl.signal)
    )
      .then((r) => !ctl.signal.aborted && setItems(r.items))
      .catch((e: unknown) => !ctl.signal.aborted && setError(e instanceof Error ? e.message : String(e)));
    return () => ctl.abort();
  }, [kind, id, load]);
  const empty = t('history.nothing');
  return (
    <section className="history" aria-labelledby="history-h">
      <h3 id="history-h">{t('history.heading')}</h3>
      {error && (
        <p role="alert" className="notice error">
          {t('problem', { error })}
        </p>
      )}
      {items && items.length === 0 && <p>{t('history.none')}</p>}
      {items && items.length > 0 && (
        <ol className="history-list">
          {items.map((e) => (
            <li key={e.id} className="history-entry">
              <p className="history-head">
                <strong>{t(`history.action.${e.action}`, { defaultValue: e.action })}</strong>
                {' · '}
                <time dateTime={e.at}>
                  <bdi>{formatWhen(e.at, timeZone, lang)}</bdi>
                </time>
                {' · '}
                <bdi dir="ltr">{e.actor_label}</bdi>
              </p>
              {e.summary && e.changes.length === 0 && <p className="muted">{e.summary}</p>}
              {e.changes.length > 0 && (
                <table className="admin-table changes">
                  <thead>
                    <tr>
                      <th scope="col">{t('history.field')}</th>
                      <th scope="col">{t('history.previous')}</th>
                      <th scope="col">{t('history.next')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {e.changes.map((c) => (
                      <tr key={c.field}>
                        <th scope="row">
                          <code dir="ltr">{c.field}</code>
                        </th>
                        <td className="value">
                          <Value v={c.previous} empty={empty} />
                        </td>
                        <td className="value">
                          <Value v={c.next} empty={empty} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
