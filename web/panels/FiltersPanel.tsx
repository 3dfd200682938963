/** Filters on map and list together, each value with its count (the other filters applied). */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchResult } from '../api.ts';
import { languageName } from '../i18n/index.ts';
import { EMPTY_FILTERS, type Filters, MAX_AGE, TIMES_OF_DAY, WHEN } from '../state/filters.ts';
import { AUDIENCES, audienceLabel, CATEGORIES, categoryLabel } from '../taxonomy.ts';

const RADII = [500, 1000, 1500, 3000, 5000];

export function FiltersPanel(props: {
  filters: Filters;
  facets: SearchResult['facets'] | null;
  hasPoint: boolean;
  /** the town's neighbourhoods, for the area filter */
  areas: { id: string; name: string }[];
  onChange: (f: Filters) => void;
}) {
  const { t, i18n } = useTranslation();
  const f = props.filters;
  const areaId = useId();
  const ageId = useId();
  const set = (patch: Partial<Filters>) => props.onChange({ ...f, ...patch });
  const toggleIn = (key: 'categories' | 'audiences' | 'languages', code: string, on: boolean) =>
    set({ [key]: on ? [...f[key], code] : f[key].filter((x) => x !== code) });
  const count = (n: number | undefined) => <span className="count-badge">{n ?? 0}</span>;
  const lang = i18n.language;
  const languages = Object.keys(props.facets?.language ?? {}).sort((a, b) => (props.facets?.language[b] ?? 0) - (props.facets?.language[a] ?? 0));
  for (const l of f.languages) if (!languages.includes(l)) languages.push(l);

  return (
    <section className="filters" aria-labelledby="filters-title">
      <h2 id="filters-title">{t('filters.title')}</h2>
      {(props.areas.length > 0 || f.area) && (
        <div className="area-filter">
          <label htmlFor={areaId}>{t('filters.area')}</label>
          <select id={areaId} value={f.area ?? ''} onChange={(e) => set({ area: e.currentTarget.value || null })}>
            <option value="">{t('filters.anyArea')}</option>
            {f.area && !props.areas.some((a) => a.id === f.area) && <option value={f.area}>…</option>}
            {props.areas.map((a) => (
              <option key={a.id} value={a.id} dir="auto">
                {a.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <fieldset>
        <legend>{t('filters.when')}</legend>
        <div className="chips">
          {[null, ...WHEN].map((w) => (
            <label key={w ?? 'any'} className="chip">
              <input type="radio" name="when" checked={f.when === w && !(w === null && (f.from || f.to))} onChange={() => set({ when: w, from: null, to: null })} />
              <span>{t(`when.${w ?? 'any'}`)}</span>
            </label>
          ))}
        </div>
        <div className="dates">
          <label>
            {t('filters.from')} <input type="date" value={f.from ?? ''} onChange={(e) => set({ from: e.currentTarget.value || null, when: null })} />
          </label>
          <label>
            {t('filters.to')} <input type="date" value={f.to ?? ''} min={f.from ?? undefined} onChange={(e) => set({ to: e.currentTarget.value || null, when: null })} />
          </label>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('filters.timeOfDay')}</legend>
        <div className="chips">
          {TIMES_OF_DAY.map((d) => (
            <label key={d} className="chip">
              <input
                type="checkbox"
                name="time-of-day"
                value={d}
                checked={f.timeOfDay.includes(d)}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  set({ timeOfDay: TIMES_OF_DAY.filter((x) => (x === d ? on : f.timeOfDay.includes(x))) });
                }}
              />
              <span>{t(`filters.${d}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="age-filter">
        <label htmlFor={ageId}>{t('filters.ageLabel')}</label>
        <input
          id={ageId}
          type="number"
          inputMode="numeric"
          min={0}
          max={MAX_AGE}
          step={1}
          value={f.age ?? ''}
          aria-describedby={`${ageId}-hint`}
          onChange={(e) => {
            const v = e.currentTarget.value.trim();
            const n = Number(v);
            set({ age: v !== '' && Number.isInteger(n) && n >= 0 && n <= MAX_AGE ? n : null });
          }}
        />
        <p id={`${ageId}-hint`} className="hint">
          {t('filters.ageHint')}
        </p>
      </div>
      <fieldset>
        <legend>{t('filters.category')}</legend>
        <div className="chips">
          {CATEGORIES.map((c) => (
            <label key={c} className="chip">
              <input type="checkbox" checked={f.categories.includes(c)} onChange={(e) => toggleIn('categories', c, e.currentTarget.checked)} />
              <span>{categoryLabel(c, lang)}</span>
              {count(props.facets?.category[c])}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('filters.audience')}</legend>
        <div className="chips">
          {AUDIENCES.map((a) => (
            <label key={a} className="chip">
              <input type="checkbox" checked={f.audiences.includes(a)} onChange={(e) => toggleIn('audiences', a, e.currentTarget.checked)} />
              <span>{audienceLabel(a, lang)}</span>
              {count(props.facets?.audience[a])}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('filters.language')}</legend>
        <div className="chips">
          {languages.map((l) => (
            <label key={l} className="chip">
              <input type="checkbox" checked={f.languages.includes(l)} onChange={(e) => toggleIn('languages', l, e.currentTarget.checked)} />
              <span lang={lang}>{languageName(l, lang)}</span>
              {count(props.facets?.language[l])}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="toggles">
        <legend className="sr-only">{t('filters.title')}</legend>
        <label className="chip">
          <input type="checkbox" checked={f.free} onChange={(e) => set({ free: e.currentTarget.checked })} />
          <span>{t('filters.free')}</span>
          {count(props.facets?.free)}
        </label>
        <label className="chip">
          <input type="checkbox" checked={f.wheelchair} onChange={(e) => set({ wheelchair: e.currentTarget.checked })} />
          <span>{t('filters.wheelchair')}</span>
          {count(props.facets?.wheelchair)}
        </label>
        <label className="chip">
          <input type="checkbox" checked={f.now} onChange={(e) => set({ now: e.currentTarget.checked })} />
          <span>{t('filters.openNow')}</span>
        </label>
      </fieldset>
      {props.hasPoint && (
        <label className="distance">
          {t('filters.distance')}{' '}
          <select value={f.radius ?? ''} onChange={(e) => set({ radius: e.currentTarget.value ? Number(e.currentTarget.value) : null })}>
            <option value="">{t('filters.anyDistance')}</option>
            {RADII.map((r) => (
              <option key={r} value={r}>
                {r < 1000 ? `${r} m` : `${r / 1000} km`}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="button" className="secondary" onClick={() => props.onChange(EMPTY_FILTERS)}>
        {t('filters.clear')}
      </button>
    </section>
  );
}
