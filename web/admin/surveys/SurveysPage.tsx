/**
 * /admin/surveys (admins): the town's survey campaigns — create one (title and introduction per
 * town language, the areas it is open for, its first and last day, its questions with a label per
 * language), change or archive it, and read its results: the confirmed answers counted per answer
 * and per neighbourhood, with a CSV download. Over /api/admin/surveys (docs/ADMIN.md).
 */
import { type FormEvent, useCallback, useEffect, useId, useMemo, useState } from 'react';
import { autonym } from '../../i18n/index.ts';
import { apiUrl } from '../../state/tenant.ts';
import { adminFetch } from '../auth/authApi.ts';
import type { AdminPageProps } from '../pages.ts';
import { type SurveysT, useSurveysText } from './i18n.ts';
import '../common/pages.css';
import './surveys.css';

type Kind = 'text' | 'audiences' | 'yes_no' | 'choice';
const KINDS: Kind[] = ['text', 'audiences', 'yes_no', 'choice'];
type Texts = Record<string, string>;

interface Question {
  key: string;
  kind: Kind;
  label: Texts;
  options?: { value: string; label: Texts }[];
}

interface Campaign {
  id: string;
  title: Texts;
  intro: Texts;
  area_ids: string[];
  opens_on: string;
  closes_on: string;
  questions: Question[];
  updated_at: string;
  answers: number;
  state: 'upcoming' | 'open' | 'closed' | 'archived';
}

interface Results {
  total: number;
  areas: { id: string | null; name: string; total: number }[];
  would_help: { yes: number; no: number };
  questions: {
    key: string;
    kind: string;
    label: string;
    answered: number;
    counts: { value: string; label: string; count: number; by_area: Record<string, number> }[];
  }[];
}

interface Form {
  id: string | null;
  updated_at: string | null;
  locked: boolean;
  title: Texts;
  intro: Texts;
  area_ids: string[];
  opens_on: string;
  closes_on: string;
  questions: Question[];
}

class ApiProblem extends Error {}

async function answer<T>(res: Response): Promise<T> {
  const text = await res.text();
  const body = text ? (JSON.parse(text) as unknown) : null;
  if (!res.ok)
    throw new ApiProblem(
      (body as { error?: { message?: string } } | null)?.error?.message ?? `${res.status} ${res.statusText}`,
    );
  return body as T;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

function emptyForm(): Form {
  const today = new Date();
  return {
    id: null,
    updated_at: null,
    locked: false,
    title: {},
    intro: {},
    area_ids: [],
    opens_on: isoDay(today),
    closes_on: isoDay(new Date(today.getTime() + 30 * 86_400_000)),
    questions: [{ key: 'missing', kind: 'text', label: {} }],
  };
}

const pick = (t: Texts, lang: string, fallback: string) =>
  t[lang] || t[fallback] || Object.values(t).find(Boolean) || '';

/** texts without the empty ones */
const filled = (t: Texts): Texts => Object.fromEntries(Object.entries(t).filter(([, v]) => v.trim() !== ''));

export function SurveysPage({ me }: AdminPageProps) {
  const { t, lang } = useSurveysText();
  const ids = useId();
  const q = useCallback(
    (path: string, extra = '') =>
      `${path}?${me.tenant ? `tenant=${encodeURIComponent(me.tenant)}` : ''}${extra}`,
    [me.tenant],
  );
  const [locales, setLocales] = useState<string[]>([]);
  const [defaultLocale, setDefaultLocale] = useState('en');
  const [areas, setAreas] = useState<{ id: string; name: string }[]>([]);
  const [items, setItems] = useState<Campaign[] | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [results, setResults] = useState<{ campaign: Campaign; results: Results } | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const fail = useCallback(
    (e: unknown) => setError(e instanceof ApiProblem ? e.message : t('problem', { error: String(e) })),
    [t],
  );

  const load = useCallback(async () => {
    const r = await answer<{ items: Campaign[] }>(await adminFetch(q('/api/admin/surveys')));
    setItems(r.items);
  }, [q]);

  useEffect(() => {
    (async () => {
      const s = await answer<{ locales: string[]; default_locale: string }>(
        await adminFetch(q('/api/admin/settings')),
      );
      setLocales(s.locales);
      setDefaultLocale(s.default_locale);
      const layers = await Promise.all(
        ['neighbourhoods', 'degraded-zones'].map(async (l) =>
          answer<{ features: { id: string; properties: { name: string } }[] }>(
            await fetch(apiUrl(q(`/api/layers/${l}`, `&lang=${encodeURIComponent(lang)}`))),
          ),
        ),
      );
      setAreas(layers.flatMap((fc) => fc.features.map((f) => ({ id: f.id, name: f.properties.name }))));
      await load();
    })().catch(fail);
  }, [q, lang, load, fail]);

  const langName = (l: string) => `\u2068${autonym(l)}\u2069`;
  const areaName = (id: string | null) => (id ? (areas.find((a) => a.id === id)?.name ?? id) : t('outside'));

  const edit = (c: Campaign) => {
    setResults(null);
    setForm({
      id: c.id,
      updated_at: c.updated_at,
      locked: c.answers > 0,
      title: { ...c.title },
      intro: { ...c.intro },
      area_ids: [...c.area_ids],
      opens_on: c.opens_on,
      closes_on: c.closes_on,
      questions: c.questions.map((x) => ({
        ...x,
        label: { ...x.label },
        ...(x.options ? { options: x.options.map((o) => ({ ...o, label: { ...o.label } })) } : {}),
      })),
    });
  };

  const showResults = async (c: Campaign) => {
    setForm(null);
    setError('');
    try {
      const r = await answer<Results>(
        await adminFetch(q(`/api/admin/surveys/${c.id}/results`, `&lang=${encodeURIComponent(lang)}`)),
      );
      setResults({ campaign: c, results: r });
    } catch (e) {
      fail(e);
    }
  };

  const archive = async (c: Campaign) => {
    if (!window.confirm(t('archiveConfirm', { title: pick(c.title, lang, defaultLocale) }))) return;
    setError('');
    try {
      await answer(await adminFetch(q(`/api/admin/surveys/${c.id}`), { method: 'DELETE' }));
      setStatus(t('archived'));
      await load();
    } catch (e) {
      fail(e);
    }
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!form) return;
    setError('');
    setStatus('');
    if (!form.title[defaultLocale]?.trim()) {
      setError(t('needTitle', { language: langName(defaultLocale) }));
      return;
    }
    const campaign = {
      title: filled(form.title),
      intro: filled(form.intro),
      area_ids: form.area_ids,
      opens_on: form.opens_on,
      closes_on: form.closes_on,
      questions: form.questions.map((x) => ({
        key: x.key.trim(),
        kind: x.kind,
        label: filled(x.label),
        ...(x.kind === 'choice'
          ? { options: (x.options ?? []).map((o) => ({ value: o.value.trim(), label: filled(o.label) })) }
          : {}),
      })),
    };
    setBusy(true);
    try {
      if (form.id)
        await answer(
          await adminFetch(q(`/api/admin/surveys/${form.id}`), {
            method: 'PUT',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ campaign, expected_updated_at: form.updated_at }),
          }),
        );
      else
        await answer(
          await adminFetch(q('/api/admin/surveys'), {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(campaign),
          }),
        );
      setStatus(form.id ? t('saved') : t('created'));
      setForm(null);
      await load();
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="admin-page surveys-page" aria-labelledby={`${ids}-h`}>
      <h1 id={`${ids}-h`}>{t('heading')}</h1>
      <p className="intro">{t('intro')}</p>
      <div role="status" aria-live="polite" className="notice ok">
        {status}
      </div>
      <div role="alert" className="notice error">
        {error}
      </div>
      {items === null ? (
        <p aria-busy="true">{t('loading')}</p>
      ) : (
        <section className="card" aria-labelledby={`${ids}-list`}>
          <h2 id={`${ids}-list`}>{t('list')}</h2>
          {items.length === 0 ? (
            <p>{t('none')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('title')}</th>
                  <th scope="col">{t('dates')}</th>
                  <th scope="col">{t('state')}</th>
                  <th scope="col">{t('answers')}</th>
                  <th scope="col">{t('actions')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{pick(c.title, lang, defaultLocale)}</th>
                    <td>
                      <bdi>{c.opens_on}</bdi> – <bdi>{c.closes_on}</bdi>
                    </td>
                    <td>
                      <span className={`tag ${c.state === 'open' ? '' : 'off'}`}>
                        {t(`states.${c.state}`)}
                      </span>
                    </td>
                    <td>
                      <bdi>{c.answers}</bdi>
                    </td>
                    <td className="survey-actions">
                      <button type="button" className="admin-btn small" onClick={() => showResults(c)}>
                        {t('results')}
                      </button>
                      {c.state !== 'archived' ? (
                        <>
                          <button type="button" className="admin-btn small" onClick={() => edit(c)}>
                            {t('edit')}
                          </button>
                          <button type="button" className="admin-btn small danger" onClick={() => archive(c)}>
                            {t('archive')}
                          </button>
                        </>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {form ? null : (
            <p>
              <button
                type="button"
                className="admin-btn primary"
                onClick={() => {
                  setResults(null);
                  setForm(emptyForm());
                }}
              >
                {t('newCampaign')}
              </button>
            </p>
          )}
        </section>
      )}
      {form ? (
        <CampaignForm
          t={t}
          form={form}
          setForm={setForm}
          locales={locales}
          defaultLocale={defaultLocale}
          areas={areas}
          busy={busy}
          onSubmit={save}
          title={form.id ? t('formEdit', { title: pick(form.title, lang, defaultLocale) }) : t('formNew')}
          langName={langName}
        />
      ) : null}
      {results ? (
        <ResultsView
          t={t}
          title={pick(results.campaign.title, lang, defaultLocale)}
          results={results.results}
          areaName={areaName}
          csv={apiUrl(
            q(
              `/api/admin/surveys/${results.campaign.id}/results`,
              `&lang=${encodeURIComponent(lang)}&format=csv`,
            ),
          )}
          onClose={() => setResults(null)}
        />
      ) : null}
    </main>
  );
}

function CampaignForm(p: {
  t: SurveysT;
  form: Form;
  setForm: (f: Form | null) => void;
  locales: string[];
  defaultLocale: string;
  areas: { id: string; name: string }[];
  busy: boolean;
  onSubmit: (e: FormEvent) => void;
  title: string;
  langName: (l: string) => string;
}) {
  const { t, form, setForm, locales, defaultLocale } = p;
  const ids = useId();
  const update = (patch: Partial<Form>) => setForm({ ...form, ...patch });
  const setQuestion = (i: number, patch: Partial<Question>) =>
    update({ questions: form.questions.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
  const dir = (l: string) => (l === 'he' ? 'rtl' : 'ltr');
  const textFields = (
    name: 'titleIn' | 'introIn' | 'labelIn' | 'optionLabelIn',
    path: string,
    value: Texts,
    onChange: (v: Texts) => void,
    required: boolean,
    long = false,
  ) =>
    locales.map((l) => {
      const missing = required && !value[l]?.trim();
      const id = `${ids}-${path}-${l}`;
      return (
        <div className="field" key={l}>
          <label htmlFor={id}>
            <span>
              {t(name, { language: p.langName(l) })}{' '}
              {missing ? <span className="tag off">{t('missing')}</span> : null}
            </span>
          </label>
          {long ? (
            <textarea
              id={id}
              lang={l}
              dir={dir(l)}
              rows={2}
              value={value[l] ?? ''}
              onChange={(e) => onChange({ ...value, [l]: e.target.value })}
            />
          ) : (
            <input
              id={id}
              lang={l}
              dir={dir(l)}
              value={value[l] ?? ''}
              aria-invalid={missing && l === defaultLocale ? true : undefined}
              onChange={(e) => onChange({ ...value, [l]: e.target.value })}
            />
          )}
        </div>
      );
    });

  return (
    <form className="card stack" aria-labelledby={`${ids}-h`} onSubmit={p.onSubmit} noValidate>
      <h2 id={`${ids}-h`}>{p.title}</h2>
      <div className="row">
        {textFields('titleIn', 'title', form.title, (v) => update({ title: v }), true)}
      </div>
      <div className="row">
        {textFields('introIn', 'intro', form.intro, (v) => update({ intro: v }), false, true)}
      </div>
      <div className="row">
        <label>
          {t('opensOn')}
          <input
            type="date"
            dir="ltr"
            value={form.opens_on}
            onChange={(e) => update({ opens_on: e.target.value })}
          />
        </label>
        <label>
          {t('closesOn')}
          <input
            type="date"
            dir="ltr"
            value={form.closes_on}
            onChange={(e) => update({ closes_on: e.target.value })}
          />
        </label>
      </div>
      <fieldset className="survey-areas">
        <legend>{t('areas')}</legend>
        <p className="help">{t('wholeTown')}</p>
        {p.areas.map((a) => (
          <label key={a.id} className="check">
            <input
              type="checkbox"
              checked={form.area_ids.includes(a.id)}
              onChange={(e) =>
                update({
                  area_ids: e.target.checked
                    ? [...form.area_ids, a.id]
                    : form.area_ids.filter((x) => x !== a.id),
                })
              }
            />
            <bdi>{a.name}</bdi>
          </label>
        ))}
      </fieldset>
      <h3>{t('questions')}</h3>
      {form.locked ? <p className="help">{t('lockedQuestions')}</p> : null}
      <ol className="survey-questions">
        {form.questions.map((x, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: questions are edited in place, their keys are being typed
          <li key={i}>
            <fieldset className="stack">
              <legend>{t('question', { n: i + 1 })}</legend>
              <div className="row">
                <label>
                  {t('key')}
                  <input
                    dir="ltr"
                    value={x.key}
                    disabled={form.locked}
                    onChange={(e) => setQuestion(i, { key: e.target.value })}
                  />
                </label>
                <label>
                  {t('kind')}
                  <select
                    value={x.kind}
                    disabled={form.locked}
                    onChange={(e) => {
                      const kind = e.target.value as Kind;
                      setQuestion(i, {
                        kind,
                        options:
                          kind === 'choice'
                            ? (x.options ?? [
                                { value: 'a', label: {} },
                                { value: 'b', label: {} },
                              ])
                            : undefined,
                      });
                    }}
                  >
                    {KINDS.map((k) => (
                      <option key={k} value={k}>
                        {t(`kinds.${k}`)}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              <div className="row">
                {textFields('labelIn', `q${i}`, x.label, (v) => setQuestion(i, { label: v }), true)}
              </div>
              {x.kind === 'choice' ? (
                <fieldset className="stack">
                  <legend>{t('options')}</legend>
                  {(x.options ?? []).map((o, k) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: options are edited in place
                    <div key={k} className="row survey-option">
                      <label>
                        {t('option', { n: k + 1 })} — {t('optionValue')}
                        <input
                          dir="ltr"
                          value={o.value}
                          disabled={form.locked}
                          onChange={(e) =>
                            setQuestion(i, {
                              options: (x.options ?? []).map((y, m) =>
                                m === k ? { ...y, value: e.target.value } : y,
                              ),
                            })
                          }
                        />
                      </label>
                      {textFields(
                        'optionLabelIn',
                        `q${i}o${k}`,
                        o.label,
                        (v) =>
                          setQuestion(i, {
                            options: (x.options ?? []).map((y, m) => (m === k ? { ...y, label: v } : y)),
                          }),
                        true,
                      )}
                      {form.locked ? null : (
                        <button
                          type="button"
                          className="admin-btn small"
                          onClick={() =>
                            setQuestion(i, { options: (x.options ?? []).filter((_, m) => m !== k) })
                          }
                        >
                          {t('removeOption', { n: k + 1 })}
                        </button>
                      )}
                    </div>
                  ))}
                  {form.locked ? null : (
                    <button
                      type="button"
                      className="admin-btn small"
                      onClick={() =>
                        setQuestion(i, {
                          options: [
                            ...(x.options ?? []),
                            { value: `option_${(x.options?.length ?? 0) + 1}`, label: {} },
                          ],
                        })
                      }
                    >
                      {t('addOption')}
                    </button>
                  )}
                </fieldset>
              ) : null}
              {form.locked || form.questions.length < 2 ? null : (
                <button
                  type="button"
                  className="admin-btn small danger"
                  onClick={() => update({ questions: form.questions.filter((_, j) => j !== i) })}
                >
                  {t('removeQuestion', { n: i + 1 })}
                </button>
              )}
            </fieldset>
          </li>
        ))}
      </ol>
      {form.locked ? null : (
        <p>
          <button
            type="button"
            className="admin-btn"
            onClick={() =>
              update({
                questions: [
                  ...form.questions,
                  { key: `question_${form.questions.length + 1}`, kind: 'yes_no', label: {} },
                ],
              })
            }
          >
            {t('addQuestion')}
          </button>
        </p>
      )}
      <div className="actions">
        <button type="submit" className="admin-btn primary" disabled={p.busy}>
          {p.busy ? t('busy') : form.id ? t('save') : t('create')}
        </button>
        <button type="button" className="admin-btn" onClick={() => setForm(null)}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

function ResultsView(p: {
  t: SurveysT;
  title: string;
  results: Results;
  areaName: (id: string | null) => string;
  csv: string;
  onClose: () => void;
}) {
  const { t, results: r } = p;
  const ids = useId();
  const areaIds = useMemo(() => r.areas.map((a) => a.id ?? ''), [r.areas]);
  const answerLabel = (kind: string, c: { value: string; label: string }) =>
    kind === 'yes_no' ? t(c.value === 'yes' ? 'yes' : 'no') : kind === 'text' ? t('answered') : c.label;
  return (
    <section className="card stack" aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>{t('resultsOf', { title: p.title })}</h2>
      <p>
        <strong>{t('total', { count: r.total })}</strong> ·{' '}
        {t('wouldHelp', { yes: `\u2068${r.would_help.yes}\u2069`, no: `\u2068${r.would_help.no}\u2069` })}
      </p>
      <h3>{t('byArea')}</h3>
      <ul>
        {r.areas.map((a) => (
          <li key={a.id ?? 'outside'}>
            <bdi>{p.areaName(a.id)}</bdi>: <bdi>{a.total}</bdi>
          </li>
        ))}
      </ul>
      {r.questions.map((q) => (
        <div key={q.key} className="survey-result">
          <table>
            <caption>{q.label}</caption>
            <thead>
              <tr>
                <th scope="col">{t('answer')}</th>
                <th scope="col">{t('all')}</th>
                {areaIds.map((a) => (
                  <th key={a} scope="col">
                    <bdi>{p.areaName(a || null)}</bdi>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {q.counts.map((c) => (
                <tr key={c.value}>
                  <th scope="row">
                    <bdi>{answerLabel(q.kind, c)}</bdi>
                  </th>
                  <td>
                    <bdi>{c.count}</bdi>
                  </td>
                  {areaIds.map((a) => (
                    <td key={a}>
                      <bdi>{c.by_area[a] ?? 0}</bdi>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      <div className="actions">
        <a className="admin-btn" href={p.csv} download>
          {t('csv')}
        </a>
        <button type="button" className="admin-btn" onClick={p.onClose}>
          {t('close')}
        </button>
      </div>
    </section>
  );
}
