/** Search by name or address in the town's own data (typos and accents forgiven by the server). */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type TextHit } from '../api.ts';
import { LanguageMark } from '../words/LanguageMark.tsx';

export function SearchBox(props: { onPick: (hit: TextHit) => void }) {
  const { t, i18n } = useTranslation();
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<TextHit[] | null>(null);
  const id = useId();
  useEffect(() => {
    if (q.trim().length < 2) {
      setHits(null);
      return;
    }
    const ctrl = new AbortController();
    const timer = setTimeout(() => {
      api.text(q.trim(), ctrl.signal).then(setHits, () => {});
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
      <input id={id} type="search" value={q} placeholder={t('search.placeholder')} onChange={(e) => setQ(e.currentTarget.value)} autoComplete="off" />
      {hits && (
        <ul className="search-hits" aria-label={t('search.label')}>
          {hits.length === 0 && <li className="empty">{t('search.none')}</li>}
          {hits.map((h) => (
            <li key={`${h.type}:${h.id}`}>
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
                <LanguageMark lang={h.name_lang} ui={i18n.language} />
                <span className="feature-meta">
                  {t(`kind.${h.kind}`, { defaultValue: h.kind })}
                  {h.detail ? ` · ${h.detail}` : ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </search>
  );
}
