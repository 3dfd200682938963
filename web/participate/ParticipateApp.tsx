/**
 * The residents' participation pages (their own chunk), in the frame of the resident map:
 *
 *   /propose                       propose an activity, an initiative or a group
 *   /need?near=lon,lat             "Something is missing here": pin a need
 *   /survey/{id}?near=lon,lat      answer the town's survey campaign
 *   /participate/confirm?token=    the link of every confirmation mail (a button confirms: a GET never does)
 *   /participate/edit?token=       change a returned proposal and send it again
 *   /participate/withdraw?token=   withdraw a support
 */
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ClientConfig } from '../api.ts';
import { LanguageSwitcher } from '../panels/LanguageSwitcher.tsx';
import { type AreaOption, areaOptions } from '../state/areas.ts';
import { appUrl } from '../state/tenant.ts';
import { type ConfirmResult, participate, pickText, type ProposalEdit, type Survey } from './api.ts';
import { useParticipateText } from './i18n.ts';
import { NeedForm } from './NeedForm.tsx';
import { emptyProposal, ProposeForm } from './ProposeForm.tsx';
import { Done } from './ui.tsx';
import { PLATFORMS, type Platform, type ProposalDraft } from './validate.ts';
import type { ParticipateRoute } from './routes.ts';
import './participate.css';

const query = () => new URLSearchParams(window.location.search);
function nearOf(): { lon: number; lat: number } | null {
  const v = query().get('near')?.split(',').map(Number);
  return v?.length === 2 && v.every(Number.isFinite) ? { lon: v[0] as number, lat: v[1] as number } : null;
}

function useTownData() {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  const [config, setConfig] = useState<ClientConfig | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [areas, setAreas] = useState<AreaOption[]>([]);
  useEffect(() => {
    const ctl = new AbortController();
    api.config(ctl.signal).then(setConfig, (e: unknown) => !ctl.signal.aborted && setError(e instanceof Error ? e.message : String(e)));
    return () => ctl.abort();
  }, []);
  useEffect(() => {
    const ctl = new AbortController();
    api.layer('neighbourhoods', null, ctl.signal).then(
      (fc) => setAreas(areaOptions(fc.features, lang)),
      () => {},
    );
    return () => ctl.abort();
  }, [lang]);
  return { config, areas, error };
}

function Frame({ title, children, config }: { title: string; children: ReactNode; config: ClientConfig | null }) {
  const { t: tMain, i18n } = useTranslation();
  const { t } = useParticipateText();
  const lang = i18n.language;
  useEffect(() => {
    document.title = `${title} · ${config ? (config.tenant.names[lang] ?? config.tenant.name) : tMain('appName')}`;
  }, [title, config, lang, tMain]);
  return (
    <div className="p-page">
      <header className="topbar">
        <p className="p-brand">
          <a href={appUrl('/')}>
            <span aria-hidden="true" className="p-back-arrow">
              {i18n.dir(lang) === 'rtl' ? '→' : '←'}
            </span>
            {t('backToMap')}
          </a>
          {config && <span className="tenant">{config.tenant.names[lang] ?? config.tenant.name}</span>}
        </p>
        <div className="topbar-tools">
          <LanguageSwitcher onChange={(l) => i18n.changeLanguage(l)} />
        </div>
      </header>
      <main className="p-main" aria-labelledby="p-title">
        <h1 id="p-title">{title}</h1>
        {children}
      </main>
    </div>
  );
}

function SentMail({ text, again, onAgain }: { text: string; again: string; onAgain: () => void }) {
  const { t } = useParticipateText();
  return (
    <Done title={t('form.sentTitle')}>
      <p>{text}</p>
      <p className="p-buttons">
        <button type="button" className="p-secondary" onClick={onAgain}>
          {again}
        </button>
        <a className="p-button-link" href={appUrl('/')}>
          {t('confirm.toMap')}
        </a>
      </p>
    </Done>
  );
}

const bdiMail = (email: string) => `\u2068${email}\u2069`;

function ProposePage() {
  const { t, lang } = useParticipateText();
  const { config, areas, error } = useTownData();
  const [sent, setSent] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const initial = useMemo(() => emptyProposal(lang), [lang]);
  return (
    <Frame title={t('propose.title')} config={config}>
      {sent !== null ? (
        <SentMail text={t('propose.sent', { email: bdiMail(sent) })} again={t('propose.another')} onAgain={() => { setSent(null); setRound((n) => n + 1); }} />
      ) : (
        <>
          <p className="p-intro">{t('propose.intro')}</p>
          {error && <p role="alert">{error}</p>}
          {config ? <ProposeForm key={round} config={config} areas={areas} initial={initial} send={participate.propose} onSent={setSent} /> : !error && <p aria-busy="true">{t('loading')}</p>}
        </>
      )}
    </Frame>
  );
}

function NeedPage() {
  const { t } = useParticipateText();
  const { config, areas, error } = useTownData();
  const [sent, setSent] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const near = useMemo(nearOf, []);
  return (
    <Frame title={t('need.title')} config={config}>
      {sent !== null ? (
        <SentMail text={t('need.sent', { email: bdiMail(sent) })} again={t('need.another')} onAgain={() => { setSent(null); setRound((n) => n + 1); }} />
      ) : (
        <>
          <p className="p-intro">{t('need.intro')}</p>
          {error && <p role="alert">{error}</p>}
          {config ? <NeedForm key={round} config={config} areas={areas} initialPoint={near} onSent={setSent} /> : !error && <p aria-busy="true">{t('loading')}</p>}
        </>
      )}
    </Frame>
  );
}

function SurveyPage({ id }: { id: string }) {
  const { t, lang } = useParticipateText();
  const { config, areas, error } = useTownData();
  const [survey, setSurvey] = useState<Survey | null | 'missing'>(null);
  const [sent, setSent] = useState<string | null>(null);
  const near = useMemo(nearOf, []);
  useEffect(() => {
    const ctl = new AbortController();
    participate.survey(id, lang, ctl.signal).then((r) => setSurvey(r.ok ? r.body : 'missing'), () => {});
    return () => ctl.abort();
  }, [id, lang]);
  const s = survey && survey !== 'missing' ? survey : null;
  const fmt = (d: string) => new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`));
  return (
    <Frame title={s ? pickText(s.title, lang) || t('survey.title') : t('survey.title')} config={config}>
      {survey === 'missing' && <p role="alert">{t('survey.notFound')}</p>}
      {error && <p role="alert">{error}</p>}
      {sent !== null ? (
        <Done title={t('form.sentTitle')}>
          <p>{t('survey.sent', { email: bdiMail(sent) })}</p>
          <p>
            <a className="p-button-link" href={appUrl('/')}>
              {t('confirm.toMap')}
            </a>
          </p>
        </Done>
      ) : (
        s && (
          <>
            {s.intro && <p className="p-intro">{pickText(s.intro, lang)}</p>}
            {s.opens_on && s.closes_on && (
              <p className="p-help">
                {t('survey.open', { from: `\u2068${fmt(s.opens_on)}\u2069`, to: `\u2068${fmt(s.closes_on)}\u2069` })}
              </p>
            )}
            {config ? <NeedForm config={config} areas={areas} initialPoint={near} survey={s} onSent={setSent} /> : <p aria-busy="true">{t('loading')}</p>}
          </>
        )
      )}
      {survey === null && !error && <p aria-busy="true">{t('loading')}</p>}
    </Frame>
  );
}

/** a one-time link's page: a button does it (mail scanners follow links; a GET changes nothing) */
function TokenAction({
  title,
  intro,
  button,
  working,
  run,
  done,
}: {
  title: string;
  intro: string;
  button: string;
  working: string;
  run: (token: string) => Promise<{ ok: true; text: string } | { ok: false; text: string }>;
  done?: ReactNode;
}) {
  const { t } = useParticipateText();
  const token = useMemo(() => query().get('token') ?? '', []);
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'working' } | { kind: 'done'; text: string } | { kind: 'failed'; text: string }>({ kind: 'idle' });
  const { config } = useTownData();
  const result = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.kind === 'done' || state.kind === 'failed') result.current?.focus();
  }, [state.kind]);
  return (
    <Frame title={title} config={config}>
      {!token ? (
        <p role="alert">{t('confirm.noToken')}</p>
      ) : state.kind === 'done' ? (
        <div ref={result} className="p-done" role="status" tabIndex={-1}>
          <p>{state.text}</p>
          {done}
          <p>
            <a className="p-button-link" href={appUrl('/')}>
              {t('confirm.toMap')}
            </a>
          </p>
        </div>
      ) : (
        <>
          <p className="p-intro">{intro}</p>
          <div className="p-buttons">
            <button
              type="button"
              className="p-primary"
              disabled={state.kind === 'working'}
              onClick={async () => {
                setState({ kind: 'working' });
                const r = await run(token);
                setState(r.ok ? { kind: 'done', text: r.text } : { kind: 'failed', text: r.text });
              }}
            >
              {state.kind === 'working' ? working : button}
            </button>
          </div>
          <div ref={result} role="alert" tabIndex={-1} className={state.kind === 'failed' ? 'p-errors' : undefined}>
            {state.kind === 'failed' ? state.text : ''}
          </div>
        </>
      )}
    </Frame>
  );
}

function ConfirmPage() {
  const { t } = useParticipateText();
  return (
    <TokenAction
      title={t('confirm.title')}
      intro={t('confirm.intro')}
      button={t('confirm.button')}
      working={t('confirm.working')}
      run={async (token) => {
        const r = await participate.confirm(token);
        if (r.ok) return { ok: true, text: confirmedText(r.body, t) };
        if (r.problem.status === 404) return { ok: false, text: t('confirm.unknown') };
        if (r.problem.status === 0) return { ok: false, text: t('form.networkError') };
        return { ok: false, text: t('form.serverError', { message: r.problem.message }) };
      }}
    />
  );
}

function confirmedText(r: ConfirmResult, t: ReturnType<typeof useParticipateText>['t']): string {
  switch (r.target_type) {
    case 'proposal':
      return t('confirm.proposal');
    case 'need':
      return t('confirm.need');
    case 'support':
      return t('confirm.support');
    case 'connector_application':
      return t('confirm.connector_application');
    default:
      return t('confirm.generic');
  }
}

function WithdrawPage() {
  const { t } = useParticipateText();
  return (
    <TokenAction
      title={t('withdraw.title')}
      intro={t('withdraw.intro')}
      button={t('withdraw.button')}
      working={t('withdraw.working')}
      run={async (token) => {
        const r = await participate.withdraw(token);
        if (r.ok) return { ok: true, text: t('withdraw.done') };
        if (r.problem.status === 404) return { ok: false, text: t('confirm.unknown') };
        if (r.problem.status === 0) return { ok: false, text: t('form.networkError') };
        return { ok: false, text: t('form.serverError', { message: r.problem.message }) };
      }}
    />
  );
}

/** a returned proposal as the form's draft (the API may give the stored columns or the input's shape) */
export function draftOfEdit(p: ProposalEdit, lang: string): ProposalDraft {
  const base = emptyProposal(p.language || lang);
  const s = p.schedules?.[0];
  const join = p.join ?? (p.join_url || p.join_platform ? { url: p.join_url, platform: p.join_platform, private: p.join_private } : null);
  const loc = p.location ?? (typeof p.lon === 'number' && typeof p.lat === 'number' ? { lon: p.lon, lat: p.lat } : p.area_id ? { area_id: p.area_id } : null);
  const platform = join?.platform && (PLATFORMS as string[]).includes(join.platform) ? (join.platform as Platform) : '';
  return {
    ...base,
    kind: p.kind,
    title: pickText(p.title, p.language),
    description: pickText(p.description, p.language),
    language: p.language || lang,
    categories: p.categories ?? [],
    audiences: p.audiences ?? [],
    languages: p.languages ?? [],
    ageMin: p.age_min == null ? '' : String(p.age_min),
    ageMax: p.age_max == null ? '' : String(p.age_max),
    when: s ? (s.rrule ? 'weekly' : 'once') : 'none',
    date: s ? s.dtstart.slice(0, 10) : '',
    time: s ? s.dtstart.slice(11, 16) : '',
    duration: s?.duration_minutes ?? 60,
    platform,
    url: join?.url ?? '',
    private: join?.private ?? false,
    where: loc && 'lon' in loc ? { mode: 'point', point: { lon: loc.lon, lat: loc.lat }, areaId: p.area_id ?? '' } : { mode: 'area', point: null, areaId: loc && 'area_id' in loc ? loc.area_id : '' },
  };
}

function EditPage() {
  const { t, lang } = useParticipateText();
  const { config, areas, error } = useTownData();
  const token = useMemo(() => query().get('token') ?? '', []);
  const [loaded, setLoaded] = useState<{ draft: ProposalDraft; reason: string | null } | 'unknown' | null>(null);
  const [sent, setSent] = useState(false);
  // the draft is read once per link: a language switch must not throw away what was typed
  // biome-ignore lint/correctness/useExhaustiveDependencies: read once per token
  useEffect(() => {
    if (!token) return;
    const ctl = new AbortController();
    participate.edit(token, ctl.signal).then(
      (r) => setLoaded(r.ok ? { draft: draftOfEdit(r.body, lang), reason: r.body.return_reason ?? null } : 'unknown'),
      () => {},
    );
    return () => ctl.abort();
  }, [token]);
  return (
    <Frame title={t('edit.title')} config={config}>
      {!token && <p role="alert">{t('confirm.noToken')}</p>}
      {loaded === 'unknown' && <p role="alert">{t('confirm.unknown')}</p>}
      {error && <p role="alert">{error}</p>}
      {sent ? (
        <Done title={t('edit.sent')}>
          <p>
            <a className="p-button-link" href={appUrl('/')}>
              {t('confirm.toMap')}
            </a>
          </p>
        </Done>
      ) : (
        loaded &&
        loaded !== 'unknown' &&
        config && (
          <>
            <p className="p-intro">{t('edit.intro')}</p>
            {loaded.reason && (
              <section className="p-reason" aria-labelledby="p-reason-title">
                <h2 id="p-reason-title">{t('edit.reason')}</h2>
                <p>
                  <bdi>{loaded.reason}</bdi>
                </p>
              </section>
            )}
            <ProposeForm
              config={config}
              areas={areas}
              initial={loaded.draft}
              edit
              send={(body) => {
                const { email: _e, website: _w, ...fields } = body;
                return participate.resubmit(token, fields);
              }}
              onSent={() => setSent(true)}
            />
          </>
        )
      )}
      {token && loaded === null && !error && <p aria-busy="true">{t('loading')}</p>}
    </Frame>
  );
}

export function ParticipateApp({ route }: { route: ParticipateRoute }) {
  switch (route.page) {
    case 'propose':
      return <ProposePage />;
    case 'need':
      return <NeedPage />;
    case 'survey':
      return <SurveyPage id={route.id} />;
    case 'confirm':
      return <ConfirmPage />;
    case 'edit':
      return <EditPage />;
    case 'withdraw':
      return <WithdrawPage />;
  }
}
