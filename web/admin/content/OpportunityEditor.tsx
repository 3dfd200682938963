/**
 * An activity's editor: titles and descriptions in every language of the town side by side (each
 * in its own direction, the missing ones marked), what it is and for whom, cost, access,
 * registration, contact, organisation, where (a place of the town, or its own point by map or
 * address), when (the schedule builder with the next dates), then its status, a preview as
 * residents will see it (the resident map's own details panel) and its history.
 */
import { appUrl } from '../../state/tenant.ts';
import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { autonym, languageName } from '../../i18n/index.ts';
import { AUDIENCES, audienceLabel, CATEGORIES, categoryLabel } from '../../taxonomy.ts';
import { type ContentContext, link, navigate, useFocusWhenReady } from './nav.ts';
import { ContentError, contentApi } from './contentApi.ts';
import { History } from './History.tsx';
import { useContentText } from './i18n.ts';
import { AddressSearch, LocationPicker } from './LocationPicker.tsx';
import { Preview } from './Preview.tsx';
import { ScheduleBuilder } from './ScheduleBuilder.tsx';
import { fromInput, newBuilder, problemsOf, type ScheduleDraft, todayIn, toInput } from './schedule.ts';
import { Workflow } from './Workflow.tsx';
import { KINDS, type Lang, type OpportunityInput, type OpportunityRecord } from './types.ts';

const RTL = new Set(['he', 'ar', 'fa', 'ur', 'yi']);
/** languages one may say an activity is held in: the interface's and a few more spoken in towns */
const SPOKEN = [
  'en',
  'fr',
  'he',
  'pl',
  'uk',
  'ru',
  'ar',
  'de',
  'es',
  'it',
  'pt',
  'ro',
  'tr',
  'am',
  'ti',
  'fa',
];

interface Form extends Omit<OpportunityInput, 'schedules'> {
  schedules: ScheduleDraft[];
  /** the grant's fields as typed (kind grant) */
  grantDraft: { deadline: string; amount: string; currency: string };
  where: 'place' | 'point';
  placeName: string | null;
}

/** a message shown once on the next view (after a create, the editor of the new row opens) */
let flash: string | null = null;

function formOf(r: OpportunityRecord): Form {
  return {
    kind: r.kind,
    title: { ...r.title },
    description: { ...r.description },
    categories: [...r.categories],
    audiences: [...r.audiences],
    languages: [...r.languages],
    age_min: r.age_min,
    age_max: r.age_max,
    cost: { ...r.cost },
    accessibility: { ...r.accessibility },
    registration: { ...r.registration },
    contact: { ...r.contact },
    organisation_id: r.organisation_id,
    place_id: r.place_id,
    location: r.location,
    schedules: r.schedules.map(fromInput),
    grantDraft: r.grant
      ? { deadline: r.grant.deadline, amount: String(r.grant.amount), currency: r.grant.currency }
      : { deadline: '', amount: '', currency: '' },
    eligibility: r.eligibility ?? null,
    where: r.place_id ? 'place' : 'point',
    placeName: r.place?.name ?? null,
  };
}

function blank(ctx: ContentContext): Form {
  const today = todayIn(ctx.config.timezone);
  return {
    kind: 'program',
    title: {},
    description: {},
    categories: [],
    audiences: [],
    languages: [ctx.config.defaultLocale],
    age_min: null,
    age_max: null,
    cost: { free: true },
    accessibility: {},
    registration: { required: false },
    contact: {},
    organisation_id: ctx.editorOnly ? (ctx.organisations[0]?.id ?? null) : null,
    place_id: null,
    location: null,
    schedules: [newBuilder(today)],
    grantDraft: { deadline: '', amount: '', currency: '' },
    eligibility: null,
    where: 'point',
    placeName: null,
  };
}

/** drops empty strings from an object of optional texts */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== '' && v !== undefined && v !== null),
  ) as T;
}

function inputOf(f: Form): OpportunityInput {
  const texts = (o: Partial<Record<Lang, string>>) =>
    Object.fromEntries(
      Object.entries(o)
        .filter(([, v]) => typeof v === 'string' && v.trim() !== '')
        .map(([k, v]) => [k, (v as string).trim()]),
    );
  return {
    kind: f.kind,
    title: texts(f.title),
    description: texts(f.description),
    categories: f.categories,
    audiences: f.audiences,
    languages: f.languages,
    age_min: f.age_min,
    age_max: f.age_max,
    cost: f.cost.free
      ? { free: true, ...(f.cost.note ? { note: f.cost.note } : {}) }
      : compact({ ...f.cost, free: false }),
    accessibility: compact(f.accessibility),
    registration: compact({ ...f.registration, required: f.registration.required }),
    contact: compact(f.contact),
    organisation_id: f.organisation_id,
    place_id: f.where === 'place' ? f.place_id : null,
    location: f.where === 'point' ? f.location : null,
    schedules: f.schedules.map(toInput),
    grant: grantOf(f),
    eligibility: f.eligibility?.trim() || null,
  };
}

/** the grant of a grant's form (what is typed, for the server to check), else null */
function grantOf(f: Form): OpportunityInput['grant'] {
  const g = f.grantDraft;
  if (f.kind !== 'grant' || (!g.deadline && !g.amount.trim() && !g.currency.trim())) return null;
  return { deadline: g.deadline, amount: Number(g.amount), currency: g.currency.trim().toUpperCase() };
}

const toggle = (list: string[], v: string, on: boolean) =>
  on ? [...new Set([...list, v])] : list.filter((x) => x !== v);
const numOrNull = (s: string) => (s.trim() === '' ? null : Number(s));

type Notice = { kind: 'ok' | 'error' | 'stale'; text: string; items?: string[] } | null;

export function OpportunityEditor({ id, ctx }: { id: string | null; ctx: ContentContext }) {
  const { t, lang } = useContentText();
  const uid = useId();
  const [record, setRecord] = useState<OpportunityRecord | null>(null);
  const [form, setForm] = useState<Form | null>(id ? null : blank(ctx));
  const [saved, setSaved] = useState<string>(() => (id ? '' : JSON.stringify(inputOf(blank(ctx)))));
  const [notice, setNotice] = useState<Notice>(() => {
    const f = flash;
    flash = null;
    return f ? { kind: 'ok', text: f } : null;
  });
  const [busy, setBusy] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [historyKey, setHistoryKey] = useState(0);
  const [showPreview, setShowPreview] = useState(false);
  const locales = ctx.config.locales as Lang[];

  const headingRef = useFocusWhenReady(form !== null);
  const load = useCallback(
    async (signal?: AbortSignal) => {
      if (!id) return;
      const r = await contentApi.opportunity(id, signal);
      setRecord(r);
      const f = formOf(r);
      setForm(f);
      setSaved(JSON.stringify(inputOf(f)));
    },
    [id],
  );
  useEffect(() => {
    const ctl = new AbortController();
    load(ctl.signal).catch((e: unknown) => {
      if (ctl.signal.aborted) return;
      setLoadError(
        e instanceof ContentError && e.status === 404
          ? t('editor.notFound')
          : t('problem', { error: String(e) }),
      );
    });
    return () => ctl.abort();
  }, [load, t]);

  if (loadError)
    return (
      <section className="editor">
        <h2 id="content-view-heading" tabIndex={-1}>
          {t('editor.newOpportunity')}
        </h2>
        <p role="alert" className="notice error">
          {loadError}
        </p>
        <a href={appUrl('/admin/content')} onClick={link('/admin/content')}>
          {t('editor.back')}
        </a>
      </section>
    );
  if (!form) return <p aria-busy="true">{t('loading')}</p>;

  const up = (patch: Partial<Form>) => setForm((f) => (f ? { ...f, ...patch } : f));
  const input = inputOf(form);
  const dirty = JSON.stringify(input) !== saved;
  const missing = locales.filter((l) => !form.title[l]?.trim());
  const heading = record
    ? (record.title[lang as Lang] ?? Object.values(record.title).find(Boolean) ?? t('editor.newOpportunity'))
    : t('editor.newOpportunity');

  const problems = (): string[] => {
    const p: string[] = [];
    if (!Object.keys(input.title).length) p.push(t('editor.needTitle'));
    form.schedules.forEach((s, i) => {
      if (s.kind === 'builder')
        for (const x of problemsOf(s))
          p.push(t('editor.scheduleProblem', { n: i + 1, problem: t(`schedule.problem.${x}`) }));
    });
    return p;
  };

  const onSave = async (e: FormEvent) => {
    e.preventDefault();
    const p = problems();
    if (p.length) return setNotice({ kind: 'error', text: t('editor.fixErrors'), items: p });
    setBusy(true);
    try {
      if (!record) {
        const r = await contentApi.createOpportunity(input);
        flash = t('editor.created');
        navigate(`/admin/content/opportunities/${encodeURIComponent(r.id)}`);
        return;
      }
      const r = await contentApi.updateOpportunity(record.id, input, record.updated_at);
      setRecord(r);
      const f = formOf(r);
      setForm(f);
      setSaved(JSON.stringify(inputOf(f)));
      setHistoryKey((k) => k + 1);
      setNotice({ kind: 'ok', text: t('editor.saved') });
    } catch (err) {
      if (err instanceof ContentError && err.status === 409 && err.code === 'stale') {
        const at = (err.details as { updated_at?: string } | null)?.updated_at;
        setNotice({
          kind: 'stale',
          text: t('editor.stale', {
            time: at
              ? new Intl.DateTimeFormat(lang, {
                  timeStyle: 'short',
                  dateStyle: 'short',
                  timeZone: ctx.config.timezone,
                }).format(new Date(at))
              : '…',
          }),
        });
      } else setNotice({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="editor" aria-labelledby="content-view-heading">
      <p>
        <a href={appUrl('/admin/content')} onClick={link('/admin/content')}>
          ← {t('editor.back')}
        </a>
      </p>
      <h2 id="content-view-heading" tabIndex={-1} ref={headingRef}>
        <bdi>{heading}</bdi>
      </h2>
      {record && record.source !== 'admin' && (
        <p className="notice">{t('editor.source', { source: record.source })}</p>
      )}
      <div aria-live="polite">
        {notice && (
          <div
            role={notice.kind === 'ok' ? 'status' : 'alert'}
            className={`notice ${notice.kind === 'ok' ? 'ok' : 'error'}`}
          >
            <p>{notice.text}</p>
            {notice.items && (
              <ul>
                {notice.items.map((x) => (
                  <li key={x}>{x}</li>
                ))}
              </ul>
            )}
            {notice.kind === 'stale' && (
              <button
                type="button"
                className="admin-btn"
                onClick={() => {
                  setNotice(null);
                  void load().then(() => setHistoryKey((k) => k + 1));
                }}
              >
                {t('editor.reload')}
              </button>
            )}
          </div>
        )}
      </div>
      <form onSubmit={onSave} className="content-form" noValidate>
        <fieldset className="texts">
          <legend>{t('editor.texts')}</legend>
          <p className="muted">{t('editor.textsHelp')}</p>
          {missing.length > 0 && (
            <p className="missing">
              <span aria-hidden="true">⚠ </span>
              {t('editor.missingNote', { langs: missing.map((l) => languageName(l, lang)).join(', ') })}
            </p>
          )}
          <div className="lang-columns">
            {locales.map((l) => {
              const dir = RTL.has(l) ? 'rtl' : 'ltr';
              const isMissing = !form.title[l]?.trim();
              return (
                <div key={l} className={`lang-column${isMissing ? ' is-missing' : ''}`}>
                  <h4>
                    {autonym(l)}
                    {isMissing && (
                      <span className="missing-badge" id={`${uid}-${l}-missing`}>
                        <span aria-hidden="true">⚠ </span>
                        {t('editor.missing')}
                      </span>
                    )}
                  </h4>
                  <label htmlFor={`${uid}-${l}-title`}>
                    {t('editor.title')} ({languageName(l, lang)})
                  </label>
                  <input
                    id={`${uid}-${l}-title`}
                    lang={l}
                    dir={dir}
                    value={form.title[l] ?? ''}
                    aria-describedby={isMissing ? `${uid}-${l}-missing` : undefined}
                    onChange={(e) => up({ title: { ...form.title, [l]: e.currentTarget.value } })}
                  />
                  <label htmlFor={`${uid}-${l}-desc`}>
                    {t('editor.description')} ({languageName(l, lang)})
                  </label>
                  <textarea
                    id={`${uid}-${l}-desc`}
                    lang={l}
                    dir={dir}
                    rows={4}
                    value={form.description[l] ?? ''}
                    onChange={(e) => up({ description: { ...form.description, [l]: e.currentTarget.value } })}
                  />
                </div>
              );
            })}
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('editor.what')}</legend>
          <div className="field">
            <label htmlFor={`${uid}-kind`}>{t('editor.kind')}</label>
            <select
              id={`${uid}-kind`}
              value={form.kind}
              onChange={(e) => up({ kind: e.currentTarget.value as Form['kind'] })}
            >
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`kind.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <fieldset className="checks">
            <legend>{t('editor.categories')}</legend>
            {CATEGORIES.map((c) => (
              <label key={c} className="check">
                <input
                  type="checkbox"
                  checked={form.categories.includes(c)}
                  onChange={(e) => up({ categories: toggle(form.categories, c, e.currentTarget.checked) })}
                />
                {categoryLabel(c, lang)}
              </label>
            ))}
          </fieldset>
          <fieldset className="checks">
            <legend>{t('editor.audiences')}</legend>
            {AUDIENCES.map((a) => (
              <label key={a} className="check">
                <input
                  type="checkbox"
                  checked={form.audiences.includes(a)}
                  onChange={(e) => up({ audiences: toggle(form.audiences, a, e.currentTarget.checked) })}
                />
                {audienceLabel(a, lang)}
              </label>
            ))}
          </fieldset>
          <fieldset className="checks">
            <legend>{t('editor.languages')}</legend>
            {SPOKEN.map((l) => (
              <label key={l} className="check">
                <input
                  type="checkbox"
                  checked={form.languages.includes(l)}
                  onChange={(e) => up({ languages: toggle(form.languages, l, e.currentTarget.checked) })}
                />
                {languageName(l, lang)}
              </label>
            ))}
          </fieldset>
          <div className="row">
            <div className="field">
              <label htmlFor={`${uid}-amin`}>{t('editor.ageMin')}</label>
              <input
                id={`${uid}-amin`}
                type="number"
                min={0}
                max={120}
                className="narrow"
                value={form.age_min ?? ''}
                onChange={(e) => up({ age_min: numOrNull(e.currentTarget.value) })}
              />
            </div>
            <div className="field">
              <label htmlFor={`${uid}-amax`}>{t('editor.ageMax')}</label>
              <input
                id={`${uid}-amax`}
                type="number"
                min={0}
                max={120}
                className="narrow"
                value={form.age_max ?? ''}
                onChange={(e) => up({ age_max: numOrNull(e.currentTarget.value) })}
              />
            </div>
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('editor.cost')}</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={form.cost.free}
              onChange={(e) => up({ cost: { ...form.cost, free: e.currentTarget.checked } })}
            />
            {t('editor.free')}
          </label>
          {!form.cost.free && (
            <div className="row">
              <div className="field">
                <label htmlFor={`${uid}-amount`}>{t('editor.amount')}</label>
                <input
                  id={`${uid}-amount`}
                  type="number"
                  min={0}
                  step="0.01"
                  className="narrow"
                  value={form.cost.amount ?? ''}
                  onChange={(e) => {
                    const v = numOrNull(e.currentTarget.value);
                    const { amount: _drop, ...rest } = form.cost;
                    up({ cost: v === null ? rest : { ...rest, amount: v } });
                  }}
                />
              </div>
              <div className="field">
                <label htmlFor={`${uid}-currency`}>{t('editor.currency')}</label>
                <input
                  id={`${uid}-currency`}
                  className="narrow"
                  maxLength={3}
                  dir="ltr"
                  value={form.cost.currency ?? ''}
                  onChange={(e) =>
                    up({ cost: { ...form.cost, currency: e.currentTarget.value.toUpperCase() } })
                  }
                />
              </div>
            </div>
          )}
          <div className="field">
            <label htmlFor={`${uid}-costnote`}>{t('editor.costNote')}</label>
            <input
              id={`${uid}-costnote`}
              value={form.cost.note ?? ''}
              onChange={(e) => up({ cost: { ...form.cost, note: e.currentTarget.value } })}
            />
          </div>
        </fieldset>

        {(form.kind === 'grant' || form.eligibility) && (
          <fieldset>
            <legend>{t('editor.grant')}</legend>
            {form.kind === 'grant' && (
              <div className="row">
                <div className="field">
                  <label htmlFor={`${uid}-deadline`}>{t('editor.grantDeadline')}</label>
                  <input
                    id={`${uid}-deadline`}
                    type="date"
                    dir="ltr"
                    value={form.grantDraft.deadline}
                    onChange={(e) => up({ grantDraft: { ...form.grantDraft, deadline: e.currentTarget.value } })}
                  />
                </div>
                <div className="field">
                  <label htmlFor={`${uid}-grant-amount`}>{t('editor.grantAmount')}</label>
                  <input
                    id={`${uid}-grant-amount`}
                    type="number"
                    min={0}
                    step="0.01"
                    className="narrow"
                    dir="ltr"
                    value={form.grantDraft.amount}
                    onChange={(e) => up({ grantDraft: { ...form.grantDraft, amount: e.currentTarget.value } })}
                  />
                </div>
                <div className="field">
                  <label htmlFor={`${uid}-grant-currency`}>{t('editor.currency')}</label>
                  <input
                    id={`${uid}-grant-currency`}
                    className="narrow"
                    maxLength={3}
                    dir="ltr"
                    value={form.grantDraft.currency}
                    onChange={(e) =>
                      up({ grantDraft: { ...form.grantDraft, currency: e.currentTarget.value.toUpperCase() } })
                    }
                  />
                </div>
              </div>
            )}
            <div className="field">
              <label htmlFor={`${uid}-eligibility`}>{t('editor.eligibility')}</label>
              <textarea
                id={`${uid}-eligibility`}
                rows={2}
                value={form.eligibility ?? ''}
                onChange={(e) => up({ eligibility: e.currentTarget.value })}
              />
            </div>
          </fieldset>
        )}

        <fieldset>
          <legend>{t('editor.accessibility')}</legend>
          <div className="field">
            <label htmlFor={`${uid}-wheel`}>{t('editor.wheelchair')}</label>
            <select
              id={`${uid}-wheel`}
              value={form.accessibility.wheelchair ?? ''}
              onChange={(e) => {
                const v = e.currentTarget.value as 'yes' | 'limited' | 'no' | '';
                const { wheelchair: _drop, ...rest } = form.accessibility;
                up({ accessibility: v ? { ...rest, wheelchair: v } : rest });
              }}
            >
              <option value="">{t('editor.wheelchairUnknown')}</option>
              {(['yes', 'limited', 'no'] as const).map((v) => (
                <option key={v} value={v}>
                  {t(`editor.wheelchairValue.${v}`)}
                </option>
              ))}
            </select>
          </div>
          {(['step_free', 'toilets', 'hearing_loop'] as const).map((k) => (
            <label key={k} className="check">
              <input
                type="checkbox"
                checked={form.accessibility[k] === true}
                onChange={(e) =>
                  up({ accessibility: { ...form.accessibility, [k]: e.currentTarget.checked } })
                }
              />
              {t(
                k === 'step_free'
                  ? 'editor.stepFree'
                  : k === 'toilets'
                    ? 'editor.toilets'
                    : 'editor.hearingLoop',
              )}
            </label>
          ))}
          <div className="field">
            <label htmlFor={`${uid}-accnote`}>{t('editor.accessNote')}</label>
            <input
              id={`${uid}-accnote`}
              value={form.accessibility.note ?? ''}
              onChange={(e) => up({ accessibility: { ...form.accessibility, note: e.currentTarget.value } })}
            />
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('editor.registration')}</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={form.registration.required}
              onChange={(e) =>
                up({ registration: { ...form.registration, required: e.currentTarget.checked } })
              }
            />
            {t('editor.registrationRequired')}
          </label>
          {(['url', 'phone', 'email', 'note'] as const).map((k) => (
            <div className="field" key={k}>
              <label htmlFor={`${uid}-reg-${k}`}>{t(`editor.${k}`)}</label>
              <input
                id={`${uid}-reg-${k}`}
                type={k === 'url' ? 'url' : k === 'email' ? 'email' : k === 'phone' ? 'tel' : 'text'}
                dir={k === 'note' ? undefined : 'ltr'}
                value={form.registration[k] ?? ''}
                onChange={(e) => up({ registration: { ...form.registration, [k]: e.currentTarget.value } })}
              />
            </div>
          ))}
        </fieldset>

        <fieldset>
          <legend>{t('editor.contact')}</legend>
          {(['phone', 'email', 'website'] as const).map((k) => (
            <div className="field" key={k}>
              <label htmlFor={`${uid}-contact-${k}`}>{t(`editor.${k}`)}</label>
              <input
                id={`${uid}-contact-${k}`}
                type={k === 'website' ? 'url' : k === 'email' ? 'email' : 'tel'}
                dir="ltr"
                value={form.contact[k] ?? ''}
                onChange={(e) => up({ contact: { ...form.contact, [k]: e.currentTarget.value } })}
              />
            </div>
          ))}
          <div className="field">
            <label htmlFor={`${uid}-org`}>{t('editor.organisation')}</label>
            <select
              id={`${uid}-org`}
              value={form.organisation_id ?? ''}
              onChange={(e) => up({ organisation_id: e.currentTarget.value || null })}
              aria-describedby={ctx.editorOnly ? `${uid}-org-help` : undefined}
            >
              {!ctx.editorOnly && <option value="">{t('editor.noOrganisation')}</option>}
              {ctx.organisations.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
            {ctx.editorOnly && (
              <p className="muted" id={`${uid}-org-help`}>
                {t('editor.organisationHelpEditor')}
              </p>
            )}
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('editor.where')}</legend>
          <div className="radios" role="radiogroup" aria-label={t('editor.where')}>
            <label className="check">
              <input
                type="radio"
                name={`${uid}-where`}
                checked={form.where === 'place'}
                onChange={() => up({ where: 'place' })}
              />
              {t('editor.atPlace')}
            </label>
            <label className="check">
              <input
                type="radio"
                name={`${uid}-where`}
                checked={form.where === 'point'}
                onChange={() => up({ where: 'point' })}
              />
              {t('editor.atPoint')}
            </label>
          </div>
          {form.where === 'place' ? (
            <div>
              <p role="status">
                {form.place_id && form.placeName ? (
                  <strong>
                    <bdi>{form.placeName}</bdi>
                  </strong>
                ) : (
                  t('editor.noPlace')
                )}
              </p>
              <AddressSearch
                label={t('editor.findPlace')}
                types={PLACE_ONLY}
                onHit={(h) => up({ place_id: h.id, placeName: h.name })}
              />
            </div>
          ) : (
            <LocationPicker value={form.location} onChange={(p) => up({ location: p })} config={ctx.config} />
          )}
        </fieldset>

        <fieldset>
          <legend>{t('editor.when')}</legend>
          <ScheduleBuilder
            drafts={form.schedules}
            onChange={(s) => up({ schedules: s })}
            timeZone={ctx.config.timezone}
          />
        </fieldset>

        <div className="save-bar">
          <button type="submit" className="admin-btn primary" disabled={busy}>
            {busy ? t('editor.saving') : record ? t('editor.save') : t('editor.create')}
          </button>
        </div>
      </form>

      {record && (
        <>
          <Workflow
            status={record.status}
            dirty={dirty}
            onChange={async (status) => {
              const r = await contentApi.setOpportunityStatus(record.id, status, record.updated_at);
              setRecord(r);
              setHistoryKey((k) => k + 1);
              return r.status;
            }}
            onStale={() => void load().then(() => setHistoryKey((k) => k + 1))}
          />
          <section className="preview" aria-labelledby={`${uid}-preview`}>
            <h3 id={`${uid}-preview`}>{t('preview.heading')}</h3>
            <p className="muted">
              {t('preview.note')} {t('preview.language', { lang: languageName(lang, lang) })}
            </p>
            <button
              type="button"
              className="admin-btn"
              aria-expanded={showPreview}
              onClick={() => setShowPreview((v) => !v)}
            >
              {showPreview ? t('preview.hide') : t('preview.show')}
            </button>
            {showPreview && (
              <Preview
                id={record.id}
                kind={record.kind}
                name={heading}
                updatedAt={record.updated_at}
                timeZone={ctx.config.timezone}
                onClose={() => setShowPreview(false)}
              />
            )}
          </section>
          <History key={historyKey} kind="opportunities" id={record.id} timeZone={ctx.config.timezone} />
        </>
      )}
    </section>
  );
}

const PLACE_ONLY: ['place'] = ['place'];
