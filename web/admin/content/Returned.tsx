/**
 * "Returned by the reviewer": the drafts a moderator sent back to their editors, with the reason
 * (GET /api/admin/review/returned, read from the items' history), shown in the content lists.
 */
import { useEffect, useState } from 'react';
import { contentApi } from './contentApi.ts';
import { useContentText } from './i18n.ts';
import type { ReturnedItem, ReviewType } from './types.ts';

/** the returned drafts of one type, by id (empty until loaded, or if the list cannot be read) */
export function useReturned(type: ReviewType): Map<string, ReturnedItem> {
  const [map, setMap] = useState<Map<string, ReturnedItem>>(new Map());
  useEffect(() => {
    const ctl = new AbortController();
    contentApi
      .returned(ctl.signal)
      .then((r) => {
        if (!ctl.signal.aborted)
          setMap(new Map(r.items.filter((i) => i.type === type).map((i) => [i.id, i])));
      })
      .catch(() => {
        // a note only: the list stays usable without it
      });
    return () => ctl.abort();
  }, [type]);
  return map;
}

export function ReturnedNote({ item }: { item: ReturnedItem | undefined }) {
  const { t } = useContentText();
  if (!item) return null;
  return (
    <div className="returned-note" data-testid="returned-note">
      <strong>{t('returned.label')}</strong>
      <div>
        <bdi>{t('returned.reason', { reason: item.reason })}</bdi>
      </div>
    </div>
  );
}
