/**
 * "Propose something": what it is (an activity, an initiative, a group), its name and description,
 * for whom, the languages spoken, when (none, once, every week), a join link (private or not),
 * where (a point or only a neighbourhood), and the e-mail address that confirms it. Checked here
 * first (errors listed in a summary that takes the focus, each field marked and described), then
 * by the server, whose 400 is shown at the field it names. The same form edits a returned
 * proposal (/participate/edit).
 */
import { type FormEvent, useState } from 'react';
import type { ClientConfig } from '../api.ts';
import { autonym, UI_LANGUAGES } from '../i18n/index.ts';
import type { AreaOption } from '../state/areas.ts';
import { AUDIENCES, audienceLabel, CATEGORIES, categoryLabel } from '../taxonomy.ts';
import type { Outcome } from './api.ts';
import { useParticipateText } from './i18n.ts';
import { refusal } from './outcome.ts';
import { CheckGroup, EmailFields, ErrorSummary, FieldError, fieldId, Honeypot } from './ui.tsx';
import { checkProposal, type Kind, PLATFORMS, type Platform, type ProposalDraft, type Problems, proposalBody, type When } from './validate.ts';
import { WhereField } from './WhereField.tsx';

const FORM = 'propose';
const ORDER = ['kind', 'title', 'description', 'ages', 'date', 'time', 'url', 'where', 'email'];
const DURATIONS = [30, 60, 90, 120, 180, 240];

export function emptyProposal(lang: string): ProposalDraft {
  return {
    kind: '',
    title: '',
    description: '',
    language: lang,
    categories: [],
    audiences: [],
    languages: [lang],
    ageMin: '',
    ageMax: '',
    when: 'none',
    date: '',
    time: '',
    duration: 60,
    platform: '',
    url: '',
    private: false,
    where: { mode: 'point', point: null, areaId: '' },
    email: '',
    mailLanguage: lang,
    website: '',
  };
}

export function ProposeForm({
  config,
  areas,
  initial,
  edit,
  send,
  onSent,
}: {
  config: ClientConfig;
  areas: AreaOption[];
  initial: ProposalDraft;
  /** editing a returned proposal: no e-mail fields (the link is the proof) */
  edit?: boolean;
  send: (body: ReturnType<typeof proposalBody>) => Promise<Outcome<unknown>>;
  onSent: (email: string) => void;
}) {
  const { t, lang } = useParticipateText();
  const langs = config.tenant.locales?.length ? config.tenant.locales : [...UI_LANGUAGES];
  // the language written in is one of the town's (the interface's, when the town has it)
  const [d, setD] = useState<ProposalDraft>(() => (langs.includes(initial.language) ? initial : { ...initial, language: config.tenant.defaultLocale }));
  const [problems, setProblems] = useState<Problems>({});
  const [server, setServer] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [sending, setSending] = useState(false);
  const set = <K extends keyof ProposalDraft>(k: K, v: ProposalDraft[K]) => setD((x) => ({ ...x, [k]: v }));
  const id = (f: string) => fieldId(FORM, f);
  const described = (f: string, help = false) =>
    [help ? `${id(f)}-help` : '', problems[f] ? `${id(f)}-error` : ''].filter(Boolean).join(' ') || undefined;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = checkProposal(edit ? { ...d, email: 'edit@example.org' } : d);
    setServer(null);
    if (Object.keys(found).length) {
      setProblems(found);
      setAttempt((n) => n + 1);
      return;
    }
    setProblems({});
    setSending(true);
    const body = proposalBody(d);
    const res = await send(body);
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

  const kinds: Kind[] = ['activity', 'initiative', 'group'];
  const kindLabel = { activity: t('propose.kindActivity'), initiative: t('propose.kindInitiative'), group: t('propose.kindGroup') };
  const kindHelp = { activity: t('propose.kindActivityHelp'), initiative: t('propose.kindInitiativeHelp'), group: t('propose.kindGroupHelp') };
  return (
    <form className="p-form" onSubmit={submit} noValidate aria-labelledby="p-title">
      <ErrorSummary form={FORM} problems={problems} order={ORDER} server={server} focusKey={attempt} />

      <fieldset id={id('kind')} className="p-group" tabIndex={-1} aria-describedby={described('kind')}>
        <legend>
          {t('propose.kind')} <span className="p-required">({t('form.required')})</span>
        </legend>
        <div className="p-kinds">
          {kinds.map((k) => (
            <label key={k} className="p-kind">
              <input type="radio" name="kind" value={k} checked={d.kind === k} onChange={() => set('kind', k)} aria-labelledby={`${id('kind')}-${k}-name`} aria-describedby={`${id('kind')}-${k}-help`} />
              <span>
                <strong id={`${id('kind')}-${k}-name`}>{kindLabel[k]}</strong>
                <span id={`${id('kind')}-${k}-help`} className="p-help">
                  {kindHelp[k]}
                </span>
              </span>
            </label>
          ))}
        </div>
        <FieldError id={`${id('kind')}-error`} problem={problems.kind} />
      </fieldset>

      <div className="p-row">
        <label htmlFor={id('title')}>
          {t('propose.name')} <span className="p-required">({t('form.required')})</span>
        </label>
        <input id={id('title')} type="text" value={d.title} maxLength={400} onChange={(e) => set('title', e.currentTarget.value)} aria-invalid={problems.title ? true : undefined} aria-describedby={described('title', true)} />
        <p id={`${id('title')}-help`} className="p-help">
          {t('propose.nameHelp')}
        </p>
        <FieldError id={`${id('title')}-error`} problem={problems.title} />
      </div>

      <div className="p-row">
        <label htmlFor={id('description')}>
          {t('propose.description')} <span className="p-required">({t('form.required')})</span>
        </label>
        <textarea id={id('description')} rows={5} value={d.description} onChange={(e) => set('description', e.currentTarget.value)} aria-invalid={problems.description ? true : undefined} aria-describedby={described('description', true)} />
        <p id={`${id('description')}-help`} className="p-help">
          {t('propose.descriptionHelp')}
        </p>
        <FieldError id={`${id('description')}-error`} problem={problems.description} />
        <label htmlFor={id('language')}>{t('propose.textLanguage')}</label>
        <select id={id('language')} value={d.language} onChange={(e) => set('language', e.currentTarget.value)}>
          {langs.map((l) => (
            <option key={l} value={l} lang={l}>
              {autonym(l)}
            </option>
          ))}
        </select>
      </div>

      <CheckGroup legend={t('propose.audiences')} hint={t('form.optional')} name="audiences" values={d.audiences} onChange={(v) => set('audiences', v)} options={AUDIENCES.map((a) => ({ value: a, label: audienceLabel(a, lang) }))} />
      <CheckGroup legend={t('propose.categories')} hint={t('form.optional')} name="categories" values={d.categories} onChange={(v) => set('categories', v)} options={CATEGORIES.map((c) => ({ value: c, label: categoryLabel(c, lang) }))} />
      <CheckGroup legend={t('propose.languages')} hint={t('form.optional')} name="languages" values={d.languages} onChange={(v) => set('languages', v)} options={langs.map((l) => ({ value: l, label: autonym(l), lang: l }))} />

      <fieldset id={id('ages')} className="p-group p-inline" tabIndex={-1} aria-describedby={described('ages')}>
        <legend>
          {t('propose.ages')} <span className="p-optional">({t('form.optional')})</span>
        </legend>
        <label>
          {t('propose.ageMin')}
          <input type="number" inputMode="numeric" min={0} max={120} dir="ltr" value={d.ageMin} onChange={(e) => set('ageMin', e.currentTarget.value)} aria-invalid={problems.ages ? true : undefined} />
        </label>
        <label>
          {t('propose.ageMax')}
          <input type="number" inputMode="numeric" min={0} max={120} dir="ltr" value={d.ageMax} onChange={(e) => set('ageMax', e.currentTarget.value)} aria-invalid={problems.ages ? true : undefined} />
        </label>
        <FieldError id={`${id('ages')}-error`} problem={problems.ages} />
      </fieldset>

      <fieldset className="p-group">
        <legend>{t('propose.when')}</legend>
        <div className="p-radios">
          {(['none', 'once', 'weekly'] as When[]).map((w) => (
            <label key={w} className="p-radio">
              <input type="radio" name="when" value={w} checked={d.when === w} onChange={() => set('when', w)} />
              {w === 'none' ? t('propose.whenNone') : w === 'once' ? t('propose.whenOnce') : t('propose.whenWeekly')}
            </label>
          ))}
        </div>
        {d.when !== 'none' && (
          <div className="p-inline">
            <label htmlFor={id('date')}>
              {t('propose.date')}
              <input id={id('date')} type="date" dir="ltr" value={d.date} onChange={(e) => set('date', e.currentTarget.value)} aria-invalid={problems.date ? true : undefined} aria-describedby={described('date')} />
            </label>
            <label htmlFor={id('time')}>
              {t('propose.time')}
              <input id={id('time')} type="time" dir="ltr" value={d.time} onChange={(e) => set('time', e.currentTarget.value)} aria-invalid={problems.time ? true : undefined} aria-describedby={described('time')} />
            </label>
            <label>
              {t('propose.duration')}
              <select value={d.duration} onChange={(e) => set('duration', Number(e.currentTarget.value))}>
                {DURATIONS.map((m) => (
                  <option key={m} value={m}>
                    {m < 60 || m % 60 ? t('propose.minutes', { count: m }) : t('propose.hours', { count: m / 60 })}
                  </option>
                ))}
              </select>
            </label>
            <FieldError id={`${id('date')}-error`} problem={problems.date} />
            <FieldError id={`${id('time')}-error`} problem={problems.time} />
          </div>
        )}
      </fieldset>

      <fieldset className="p-group">
        <legend>
          {t('propose.join')} <span className="p-optional">({t('form.optional')})</span>
        </legend>
        <p className="p-help">{t('propose.joinHelp')}</p>
        <div className="p-inline">
          <label>
            {t('propose.platform')}
            <select value={d.platform} onChange={(e) => set('platform', e.currentTarget.value as Platform | '')}>
              <option value="">—</option>
              {PLATFORMS.map((p) => (
                <option key={p} value={p}>
                  {t(`platform.${p}`)}
                </option>
              ))}
            </select>
          </label>
          <label htmlFor={id('url')} className="p-grow">
            {t('propose.url')}
            <input id={id('url')} type="url" dir="ltr" inputMode="url" placeholder="https://" value={d.url} onChange={(e) => set('url', e.currentTarget.value)} aria-invalid={problems.url ? true : undefined} aria-describedby={described('url')} />
          </label>
        </div>
        <FieldError id={`${id('url')}-error`} problem={problems.url} />
        <label className="p-check">
          <input type="checkbox" checked={d.private} onChange={(e) => set('private', e.currentTarget.checked)} />
          {t('propose.private')}
        </label>
      </fieldset>

      <WhereField form={FORM} value={d.where} onChange={(w) => set('where', w)} config={config} areas={areas} problem={problems.where} />

      {!edit && (
        <>
          <EmailFields form={FORM} email={d.email} mailLanguage={d.mailLanguage} problem={problems.email} onEmail={(v) => set('email', v)} languages={langs} />
          <Honeypot form={FORM} value={d.website} onChange={(v) => set('website', v)} />
        </>
      )}

      <div className="p-buttons">
        <button type="submit" className="p-primary" disabled={sending}>
          {sending ? t('form.sending') : edit ? t('edit.submit') : t('propose.submit')}
        </button>
      </div>
    </form>
  );
}
