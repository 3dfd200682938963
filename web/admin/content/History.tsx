/**
 * An item's history (GET /api/admin/{opportunities|places}/{id}/history): who, when, what, and per
 * field the value before and after, newest first.
 */
import { useEffect, useState } from 'react';
import { contentApi } from './contentApi.ts';
import { formatWhen } from './format.tsx';
import { useContentText } from './i18n.ts';
import type { HistoryEntry } from './types.ts';

function show(v: unknown, empty: string): string {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return empty;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v, null, 1);
}

export function History({
  kind,
  id,
  timeZone,
}: {
  kind: 'opportunities' | 'places';
  id: string;
  timeZone: string;
}) {
  const { t, lang } = useContentText();
  const [items, setItems] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    (kind === 'opportunities'
      ? contentApi.opportunityHistory(id, ctl.signal)
      : contentApi.placeHistory(id, ctl.signal)
    )
      .then((r) => !ctl.signal.aborted && setItems(r.items))
      .catch((e: unknown) => !ctl.signal.aborted && setError(e instanceof Error ? e.message : String(e)));
    return () => ctl.abort();
  }, [kind, id]);
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
              {e.summary && <p className="muted">{e.summary}</p>}
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
                          <bdi>{show(c.previous, empty)}</bdi>
                        </td>
                        <td className="value">
                          <bdi>{show(c.next, empty)}</bdi>
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
