/**
 * Search by name or address in the town's own data, and categories and kinds of place by their
 * words in any language (typos and accents forgiven by the server). Each hit says what tells it
 * apart from another of the same name: its place, neighbourhood and next dates.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AnyHit, api } from '../api.ts';
import { formatShort, isolate } from '../format.ts';
import { LanguageMark } from '../words/LanguageMark.tsx';

export function SearchBox(props: { onPick: (hit: AnyHit) => void; timeZone?: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const date = (iso: string) => isolate(formatShort(iso, props.timeZone ?? 'UTC', lang));
  const meta = (h: AnyHit) =>
    h.type === 'category'
      ? t('search.category')
      : [
          t(`kind.${h.kind}`, { defaultValue: h.kind }),
          h.place ?? h.detail,
          h.area,
          h.next ? (h.after ? t('search.dates', { next: date(h.next), after: date(h.after) }) : date(h.next)) : null,
        ]
          .filter(Boolean)
          .map((x) => (x === h.place || x === h.detail || x === h.area ? isolate(x as string) : x))
          .join(' · ');
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<AnyHit[] | null>(null);
  const id = useId();
  useEffect(() => {
    if (q.trim().length < 2) {
      setHits(null);
      return;
    }
    const ctrl = new AbortController();
    const timer = setTimeout(() => {
      api.textAndCategories(q.trim(), ctrl.signal).then(setHits, () => {});
    }, 250);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [q]);
  return (
    <search className="searchbox">
      <label htmlFor={id} className="sr-only">
        {t('search.label')}
      </label>
      <input id={id} type="search" dir="auto" value={q} placeholder={t('search.placeholder')} onChange={(e) => setQ(e.currentTarget.value)} autoComplete="off" />
      {hits && (
        <ul className="search-hits" aria-label={t('search.label')}>
          {hits.length === 0 && <li className="empty">{t('search.none')}</li>}
          {hits.map((h) => (
            <li key={`${h.type}:${h.id}`} data-type={h.type}>
              <button
                type="button"
                onClick={() => {
                  props.onPick(h);
                  setHits(null);
                }}
              >
                <span className="feature-name" lang={h.name_lang ?? undefined}>
                  {h.name}
                </span>
                <LanguageMark lang={h.name_lang} ui={lang} />
                <span className="feature-meta">{meta(h)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </search>
  );
}
