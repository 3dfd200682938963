/**
 * "Something is missing here": a need pinned on the map (always a point: it is shown coarsened
 * to about 100 m), who misses it, whether the resident would help, and the e-mail address that
 * confirms it. With a survey campaign (/survey/{id}) the campaign's questions come first and the
 * answers go with the need (POST /api/needs {campaign_id, answers}).
 */
import { type FormEvent, useEffect, useState } from 'react';
import type { ClientConfig } from '../api.ts';
import { autonym, UI_LANGUAGES } from '../i18n/index.ts';
import type { AreaOption } from '../state/areas.ts';
import { appUrl } from '../state/tenant.ts';
import { AUDIENCES, audienceLabel } from '../taxonomy.ts';
import { participate, pickText, type Survey, type SurveyQuestion } from './api.ts';
import { useParticipateText } from './i18n.ts';
import { refusal } from './outcome.ts';
import { CheckGroup, EmailFields, ErrorSummary, FieldError, fieldId, Honeypot } from './ui.tsx';
import { checkNeed, locationOf, type NeedDraft, type Problems } from './validate.ts';
import { WhereField } from './WhereField.tsx';

const ORDER = ['text', 'where', 'email'];
type Answer = string | string[] | boolean;

function optionsOf(q: SurveyQuestion, lang: string): { value: string; label: string }[] {
  return (q.options ?? []).map((o) =>
    typeof o === 'string' ? { value: o, label: o } : { value: String(o.value ?? o.key ?? ''), label: typeof o.label === 'string' ? o.label : pickText(o.label, lang) || String(o.value ?? o.key ?? '') },
  );
}

function Question({ form, q, value, onChange }: { form: string; q: SurveyQuestion; value: Answer | undefined; onChange: (v: Answer) => void }) {
  const { t, lang } = useParticipateText();
  const id = fieldId(form, `q-${q.key}`);
  const label = pickText(q.label, lang);
  if (q.kind === 'text')
    return (
      <div className="p-row">
        <label htmlFor={id}>{label}</label>
        <textarea id={id} rows={3} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.currentTarget.value)} />
      </div>
    );
  if (q.kind === 'audiences')
    return <CheckGroup legend={label} name={id} values={Array.isArray(value) ? value : []} onChange={onChange} options={AUDIENCES.map((a) => ({ value: a, label: audienceLabel(a, lang) }))} />;
  const options = q.kind === 'yes_no' ? [{ value: 'yes', label: t('survey.yes') }, { value: 'no', label: t('survey.no') }] : optionsOf(q, lang);
  const current = q.kind === 'yes_no' ? (value === true ? 'yes' : value === false ? 'no' : '') : typeof value === 'string' ? value : '';
  return (
    <fieldset className="p-group">
      <legend>{label}</legend>
      <div className="p-radios">
        {options.map((o) => (
          <label key={o.value} className="p-radio">
            <input type="radio" name={id} value={o.value} checked={current === o.value} onChange={() => onChange(q.kind === 'yes_no' ? o.value === 'yes' : o.value)} />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function NeedForm({
  config,
  areas,
  initialPoint,
  survey,
  onSent,
}: {
  config: ClientConfig;
  areas: AreaOption[];
  initialPoint: { lon: number; lat: number } | null;
  survey?: Survey;
  onSent: (email: string) => void;
}) {
  const { t, lang } = useParticipateText();
  const form = survey ? 'survey' : 'need';
  const langs = config.tenant.locales?.length ? config.tenant.locales : [...UI_LANGUAGES];
  const [d, setD] = useState<NeedDraft>({
    text: '',
    // the language written in is one of the town's (the interface's, when the town has it)
    language: langs.includes(lang) ? lang : config.tenant.defaultLocale,
    audiences: [],
    wouldHelp: false,
    where: { mode: 'point', point: initialPoint, areaId: '' },
    email: '',
    mailLanguage: lang,
    website: '',
  });
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [problems, setProblems] = useState<Problems>({});
  const [server, setServer] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [sending, setSending] = useState(false);
  const [open, setOpen] = useState<Survey | null>(null);
  const set = <K extends keyof NeedDraft>(k: K, v: NeedDraft[K]) => setD((x) => ({ ...x, [k]: v }));
  const id = (f: string) => fieldId(form, f);

  // a survey the town opened where the point is: offered, not imposed
  const point = d.where.point;
  useEffect(() => {
    if (survey || !point) return;
    const ctl = new AbortController();
    participate.surveysAt(point.lon, point.lat, lang, ctl.signal).then(
      (r) => {
        if (!r.ok) return setOpen(null);
        const list = Array.isArray(r.body) ? r.body : (r.body.items ?? []);
        setOpen(list[0] ?? null);
      },
      () => {},
    );
    return () => ctl.abort();
  }, [survey, point, lang]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = checkNeed(d);
    setServer(null);
    if (Object.keys(found).length) {
      setProblems(found);
      setAttempt((n) => n + 1);
      return;
    }
    setProblems({});
    setSending(true);
    const body = {
      text: d.text.trim(),
      language: d.language,
      audiences: d.audiences,
      location: locationOf(d.where),
      ...(d.wouldHelp ? { would_help: true } : {}),
      ...(survey ? { campaign_id: survey.id, answers } : {}),
      email: d.email.trim(),
      website: d.website,
    };
    const res = await participate.need(body);
    setSending(false);
    if (res.ok) {
      onSent(body.email);
      return;
    }
    const r = refusal(res.problem, t, ORDER);
    setProblems(r.fields);
    setServer(r.server);
    setAttempt((n) => n + 1);
  }

  return (
    <form className="p-form" onSubmit={submit} noValidate aria-labelledby="p-title">
      <ErrorSummary form={form} problems={problems} order={ORDER} server={server} focusKey={attempt} />
      {survey && survey.questions.length > 0 && (
        <section className="p-questions" aria-labelledby={id('questions')}>
          <h2 id={id('questions')}>{t('survey.questions')}</h2>
          {survey.questions.map((q) => (
            <Question key={q.key} form={form} q={q} value={answers[q.key]} onChange={(v) => setAnswers((a) => ({ ...a, [q.key]: v }))} />
          ))}
        </section>
      )}
      <div className="p-row">
        <label htmlFor={id('text')}>
          {survey ? t('survey.text') : t('need.text')} <span className="p-required">({t('form.required')})</span>
        </label>
        <textarea id={id('text')} rows={3} value={d.text} onChange={(e) => set('text', e.currentTarget.value)} aria-invalid={problems.text ? true : undefined} aria-describedby={`${id('text')}-help${problems.text ? ` ${id('text')}-error` : ''}`} />
        <p id={`${id('text')}-help`} className="p-help">
          {t('need.textHelp')}
        </p>
        <FieldError id={`${id('text')}-error`} problem={problems.text} />
        <label htmlFor={id('language')}>{t('propose.textLanguage')}</label>
        <select id={id('language')} value={d.language} onChange={(e) => set('language', e.currentTarget.value)}>
          {langs.map((l) => (
            <option key={l} value={l} lang={l}>
              {autonym(l)}
            </option>
          ))}
        </select>
      </div>
      <CheckGroup legend={t('need.audiences')} hint={t('form.optional')} name="audiences" values={d.audiences} onChange={(v) => set('audiences', v)} options={AUDIENCES.map((a) => ({ value: a, label: audienceLabel(a, lang) }))} />
      <WhereField form={form} value={d.where} onChange={(w) => set('where', w)} config={config} areas={areas} pointOnly problem={problems.where} />
      {open && (
        <p className="p-survey-offer">
          {t('need.surveyOpen', { title: pickText(open.title, lang) })}{' '}
          <a href={appUrl(`/survey/${encodeURIComponent(open.id)}${point ? `?near=${point.lon},${point.lat}` : ''}`)}>{t('need.surveyLink')}</a>
        </p>
      )}
      <label className="p-check">
        <input type="checkbox" checked={d.wouldHelp} onChange={(e) => set('wouldHelp', e.currentTarget.checked)} />
        {t('need.wouldHelp')}
      </label>
      <EmailFields form={form} email={d.email} mailLanguage={d.mailLanguage} problem={problems.email} onEmail={(v) => set('email', v)} languages={langs} />
      <Honeypot form={form} value={d.website} onChange={(v) => set('website', v)} />
      <div className="p-buttons">
        <button type="submit" className="p-primary" disabled={sending}>
          {sending ? t('form.sending') : survey ? t('survey.submit') : t('need.submit')}
        </button>
      </div>
    </form>
  );
}
