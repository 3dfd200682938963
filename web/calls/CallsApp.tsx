/**
 * The public pages of funding calls (their own chunk):
 *
 *   /calls        the open and decided calls
 *   /calls/{id}   one call: its rules, budget and windows; submit an initiative with a cost
 *                 (POST /api/proposals with call_id); its published initiatives with cost and
 *                 supports, each with a support button (POST /api/supports); the ranked result
 *                 within the budget once supports are closed
 *
 * Amounts in one format (web/format.ts formatMoney), numbers, dates and addresses isolated for
 * right-to-left text.
 */
import { type FormEvent, type ReactNode, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ClientConfig } from '../api.ts';
import { formatMoney } from '../format.ts';
import { LanguageSwitcher } from '../panels/LanguageSwitcher.tsx';
import { apiUrl, appUrl } from '../state/tenant.ts';
import { type AreaRef, type PublicCall, type PublicSubmission, problemOf } from './api.ts';
import { useCallsText } from './i18n.ts';
import '../participate/participate.css';
import './calls.css';

const bdi = (v: string) => <bdi>{v}</bdi>;
const isolated = (v: string) => `\u2068${v}\u2069`;

function useMoney() {
  const { lang } = useCallsText();
  return (amount: number, currency: string) => formatMoney(amount, currency, lang);
}

function dateTime(iso: string, lang: string, timeZone?: string) {
  return new Intl.DateTimeFormat(lang, {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(iso));
}

async function send(path: string, body: unknown): Promise<{ ok: boolean; message: string }> {
  try {
    const res = await fetch(apiUrl(path), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
    return { ok: res.ok, message: res.ok ? '' : await problemOf(res) };
  } catch {
    return { ok: false, message: '' };
  }
}

function Frame({
  title,
  config,
  children,
}: {
  title: string;
  config: ClientConfig | null;
  children: ReactNode;
}) {
  const { t, lang } = useCallsText();
  const { i18n } = useTranslation();
  useEffect(() => {
    document.title = `${title}${config ? ` · ${config.tenant.names[lang] ?? config.tenant.name}` : ''}`;
  }, [title, config, lang]);
  return (
    <div className="p-page">
      <header className="topbar">
        <p className="p-brand">
          <a href={appUrl('/')}>
            <span aria-hidden="true">{i18n.dir(lang) === 'rtl' ? '→ ' : '← '}</span>
            {t('backToMap')}
          </a>
          {config && <span className="tenant">{config.tenant.names[lang] ?? config.tenant.name}</span>}
        </p>
        <div className="topbar-tools">
          <LanguageSwitcher onChange={(l) => i18n.changeLanguage(l)} />
        </div>
      </header>
      <main className="p-main c-main" aria-labelledby="c-title">
        <h1 id="c-title">{title}</h1>
        {children}
      </main>
    </div>
  );
}

function useConfig() {
  const [config, setConfig] = useState<ClientConfig | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    api.config(ctl.signal).then(setConfig, () => {});
    return () => ctl.abort();
  }, []);
  return config;
}

function PhaseMark({ phase }: { phase: PublicCall['phase'] }) {
  const { t } = useCallsText();
  return <span className={`c-phase c-phase-${phase}`}>{t(`phase.${phase}`)}</span>;
}

function CallList() {
  const { t, lang } = useCallsText();
  const config = useConfig();
  const money = useMoney();
  const [calls, setCalls] = useState<PublicCall[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    fetch(apiUrl(`/api/calls?lang=${lang}`), { signal: ctl.signal })
      .then(async (r) =>
        r.ok ? setCalls(((await r.json()) as { items: PublicCall[] }).items) : setError(await problemOf(r)),
      )
      .catch(() => !ctl.signal.aborted && setError(t('errors.network')));
    return () => ctl.abort();
  }, [lang, t]);
  return (
    <Frame title={t('allCalls')} config={config}>
      {error && <p role="alert">{error}</p>}
      {!calls && !error && <p aria-busy="true">{t('loading')}</p>}
      {calls && !calls.length && <p>{t('noCalls')}</p>}
      {calls && calls.length > 0 && (
        <ul className="c-cards">
          {calls.map((c) => (
            <li key={c.id} className="c-card">
              <h2 lang={c.title_lang}>
                <a href={appUrl(`/calls/${c.id}`)}>{c.title}</a>
              </h2>
              <p>
                <PhaseMark phase={c.phase} /> · {t('facts.budget')}: {bdi(money(c.budget, c.currency))}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Frame>
  );
}

function Facts({ call, timeZone }: { call: PublicCall; timeZone?: string | undefined }) {
  const { t, lang } = useCallsText();
  const money = useMoney();
  const span = (from: string, to: string) =>
    t('facts.span', {
      from: isolated(dateTime(from, lang, timeZone)),
      to: isolated(dateTime(to, lang, timeZone)),
    });
  return (
    <section aria-labelledby="c-facts" className="c-section">
      <h2 id="c-facts">{t('facts.title')}</h2>
      {call.description && <p className="c-description">{call.description}</p>}
      <dl className="c-facts">
        <dt>{t('facts.budget')}</dt>
        <dd>{bdi(money(call.budget, call.currency))}</dd>
        {call.max_amount !== null && (
          <>
            <dt>{t('facts.maxAmount')}</dt>
            <dd>{bdi(money(call.max_amount, call.currency))}</dd>
          </>
        )}
        <dt>{t('facts.where')}</dt>
        <dd>{call.areas.length ? call.areas.map((a) => a.name).join(', ') : t('facts.wholeTown')}</dd>
        <dt>{t('facts.submissions')}</dt>
        <dd>{span(call.submissions_open, call.submissions_close)}</dd>
        <dt>{t('facts.supports')}</dt>
        <dd>{span(call.supports_open, call.supports_close)}</dd>
      </dl>
      {call.residents_only && <p className="c-note">{t('facts.residentsOnly')}</p>}
      {call.rules && (
        <>
          <h3>{t('facts.rules')}</h3>
          <p className="c-description">{call.rules}</p>
        </>
      )}
    </section>
  );
}

function SubmitForm({
  call,
  areas,
  onSent,
}: {
  call: PublicCall;
  areas: AreaRef[];
  onSent: (email: string) => void;
}) {
  const { t, lang } = useCallsText();
  const money = useMoney();
  const id = useId();
  const [f, setF] = useState({
    title: '',
    description: '',
    cost: '',
    cost_note: '',
    area: '',
    email: '',
    website: '',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const most = call.max_amount ?? call.budget;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await send('/api/proposals', {
      kind: 'initiative',
      title: f.title,
      description: f.description,
      language: lang,
      categories: [],
      audiences: [],
      languages: [lang],
      location: { area_id: f.area },
      email: f.email,
      website: f.website,
      call_id: call.id,
      cost: Number(f.cost),
      ...(f.cost_note.trim() ? { cost_note: f.cost_note.trim() } : {}),
    });
    setBusy(false);
    if (r.ok) onSent(f.email);
    else setError(r.message ? t('errors.server', { message: r.message }) : t('errors.network'));
  };
  const field = (k: keyof typeof f) => ({
    id: `${id}-${k}`,
    value: f[k],
    onChange: (e: { currentTarget: { value: string } }) => setF({ ...f, [k]: e.currentTarget.value }),
  });
  return (
    <form className="p-form" onSubmit={submit} aria-describedby={`${id}-intro`}>
      <p id={`${id}-intro`} className="p-intro">
        {t('submit.intro')}
      </p>
      <div className="p-row">
        <label htmlFor={`${id}-title`}>{t('submit.name')}</label>
        <input {...field('title')} type="text" required maxLength={300} />
      </div>
      <div className="p-row">
        <label htmlFor={`${id}-description`}>{t('submit.description')}</label>
        <textarea {...field('description')} required maxLength={5000} />
      </div>
      <div className="p-row">
        <label htmlFor={`${id}-cost`}>{t('submit.cost', { currency: call.currency })}</label>
        <input
          {...field('cost')}
          type="number"
          min={0}
          max={most}
          step="0.01"
          dir="ltr"
          required
          aria-describedby={`${id}-cost-help`}
        />
        <p id={`${id}-cost-help`} className="p-help">
          {t('submit.costHelp', { amount: isolated(money(most, call.currency)) })}
        </p>
      </div>
      <div className="p-row">
        <label htmlFor={`${id}-cost_note`}>{t('submit.costNote')}</label>
        <input {...field('cost_note')} type="text" maxLength={500} />
      </div>
      <div className="p-row">
        <label htmlFor={`${id}-area`}>{t('submit.neighbourhood')}</label>
        <select {...field('area')} required>
          <option value="">{t('submit.choose')}</option>
          {areas.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </div>
      <div className="p-row">
        <label htmlFor={`${id}-email`}>{t('submit.email')}</label>
        <input
          {...field('email')}
          type="email"
          dir="ltr"
          autoComplete="email"
          required
          aria-describedby={`${id}-email-help`}
        />
        <p id={`${id}-email-help`} className="p-help">
          {t('submit.emailHelp')}
        </p>
      </div>
      <div className="p-honeypot" aria-hidden="true">
        <label htmlFor={`${id}-website`}>website</label>
        <input {...field('website')} type="text" tabIndex={-1} autoComplete="off" />
      </div>
      <div role="alert" className="c-error">
        {error ?? ''}
      </div>
      <p className="p-buttons">
        <button type="submit" className="p-primary" disabled={busy} aria-busy={busy || undefined}>
          {t('submit.send')}
        </button>
      </p>
    </form>
  );
}

function SupportDialog({
  call,
  item,
  onClose,
}: {
  call: PublicCall;
  item: PublicSubmission;
  onClose: (sentTo: string | null) => void;
}) {
  const { t, lang } = useCallsText();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [email, setEmail] = useState('');
  const [lives, setLives] = useState(false);
  const [website, setWebsite] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await send('/api/supports', {
      target_type: 'proposal',
      target_id: item.id,
      email,
      language: lang,
      ...(call.residents_only ? { lives_in_area: lives } : {}),
      website,
    });
    setBusy(false);
    if (r.ok) onClose(email);
    else setError(r.message ? t('errors.server', { message: r.message }) : t('errors.network'));
  };
  return (
    <dialog ref={ref} className="p-dialog" aria-labelledby={`${id}-title`} onClose={() => onClose(null)}>
      <h2 id={`${id}-title`}>{t('list.supportTitle', { title: item.title })}</h2>
      <form onSubmit={submit}>
        <p>{t('list.supportIntro')}</p>
        <label htmlFor={`${id}-email`}>{t('list.email')}</label>
        <input
          id={`${id}-email`}
          type="email"
          dir="ltr"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
        />
        {call.residents_only && (
          <label className="p-check">
            <input
              type="checkbox"
              checked={lives}
              required
              onChange={(e) => setLives(e.currentTarget.checked)}
            />
            {t('list.livesInArea')}
          </label>
        )}
        <div className="p-honeypot" aria-hidden="true">
          <label htmlFor={`${id}-website`}>website</label>
          <input
            id={`${id}-website`}
            type="text"
            tabIndex={-1}
            autoComplete="off"
            value={website}
            onChange={(e) => setWebsite(e.currentTarget.value)}
          />
        </div>
        <div role="alert" className="c-error">
          {error ?? ''}
        </div>
        <p className="p-buttons">
          <button type="submit" className="p-primary" disabled={busy}>
            {t('list.send')}
          </button>
          <button type="button" className="p-secondary" onClick={() => ref.current?.close()}>
            {t('list.cancel')}
          </button>
        </p>
      </form>
    </dialog>
  );
}

function Submissions({ call }: { call: PublicCall }) {
  const { t } = useCallsText();
  const money = useMoney();
  const [supporting, setSupporting] = useState<PublicSubmission | null>(null);
  const [status, setStatus] = useState('');
  const items = call.submissions ?? [];
  const now = Date.now();
  const supportsOpen =
    call.status === 'open' && now >= Date.parse(call.supports_open) && now < Date.parse(call.supports_close);
  return (
    <section aria-labelledby="c-list" className="c-section">
      <h2 id="c-list">{t('list.title')}</h2>
      <p role="status" className="c-status">
        {status}
      </p>
      {!items.length && <p>{t('list.empty')}</p>}
      <ul className="c-cards">
        {items.map((s) => (
          <li key={s.id} className="c-card">
            <h3 lang={s.title_lang}>{s.title}</h3>
            {s.description && (
              <p lang={s.title_lang} className="c-description">
                {s.description}
              </p>
            )}
            <p className="c-meta">
              <span>
                {t('list.cost')}: {bdi(money(s.cost, call.currency))}
              </span>
              {s.cost_note && <span>{s.cost_note}</span>}
              {s.area_name && <span>{s.area_name}</span>}
              <span className="p-support-count">{t('list.supports', { count: s.supports })}</span>
              {s.funded && <span className="c-funded">{t('list.funded')}</span>}
            </p>
            <p className="p-buttons">
              {supportsOpen && (
                <button type="button" className="p-primary" onClick={() => setSupporting(s)}>
                  {t('list.support')}
                </button>
              )}
              {s.opportunity_id && (
                <a className="p-button-link" href={appUrl(`/?item=${s.opportunity_id}`)}>
                  {t('list.onMap')}
                </a>
              )}
            </p>
          </li>
        ))}
      </ul>
      {supporting && (
        <SupportDialog
          call={call}
          item={supporting}
          onClose={(to) => {
            setSupporting(null);
            if (to) setStatus(t('list.supportSent', { email: isolated(to) }));
          }}
        />
      )}
    </section>
  );
}

function Result({ call }: { call: PublicCall }) {
  const { t } = useCallsText();
  const money = useMoney();
  const r = call.ranking;
  if (!r) return null;
  return (
    <section aria-labelledby="c-result" className="c-section">
      <h2 id="c-result">{t('result.title')}</h2>
      <p>{t('result.intro')}</p>
      <div className="c-table-wrap">
        <table className="c-table">
          <thead>
            <tr>
              <th scope="col">{t('result.rank')}</th>
              <th scope="col">{t('result.initiative')}</th>
              <th scope="col">{t('result.supports')}</th>
              <th scope="col">{t('result.cost')}</th>
              <th scope="col">{t('result.status')}</th>
            </tr>
          </thead>
          <tbody>
            {r.items.map((i) => (
              <tr key={i.proposal_id} className={i.selected || i.funded ? 'c-in' : 'c-out'}>
                <td>{bdi(String(i.rank))}</td>
                <th scope="row">{i.title}</th>
                <td>{bdi(String(i.supports))}</td>
                <td>{bdi(money(i.cost, call.currency))}</td>
                <td>
                  {i.funded
                    ? t('result.funded')
                    : i.selected
                      ? t('result.selected')
                      : t('result.notSelected')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="c-total">
        {t('result.total', {
          total: isolated(money(r.selected_total, call.currency)),
          budget: isolated(money(call.budget, call.currency)),
          left: isolated(money(r.remaining, call.currency)),
        })}
      </p>
    </section>
  );
}

function CallPage({ id }: { id: string }) {
  const { t, lang } = useCallsText();
  const config = useConfig();
  const [call, setCall] = useState<PublicCall | null>(null);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [areas, setAreas] = useState<AreaRef[]>([]);
  const [sent, setSent] = useState<string | null>(null);
  const load = useCallback(
    (signal?: AbortSignal) =>
      fetch(apiUrl(`/api/calls/${encodeURIComponent(id)}?lang=${lang}`), signal ? { signal } : {})
        .then(async (r) => {
          if (r.status === 404 || r.status === 400) setMissing(true);
          else if (!r.ok) setError(await problemOf(r));
          else setCall((await r.json()) as PublicCall);
        })
        .catch(() => !signal?.aborted && setError(t('errors.network'))),
    [id, lang, t],
  );
  useEffect(() => {
    const ctl = new AbortController();
    void load(ctl.signal);
    return () => ctl.abort();
  }, [load]);
  useEffect(() => {
    // where an initiative can be: the call's neighbourhoods, else every neighbourhood of the town
    const own = call?.areas.filter((a) => a.kind === 'neighbourhood') ?? [];
    if (own.length) {
      setAreas(own);
      return;
    }
    const ctl = new AbortController();
    api.layer('neighbourhoods', null, ctl.signal).then(
      (fc) =>
        setAreas(
          fc.features
            .map((f) => ({
              id: String(f.id ?? ''),
              name: String(f.properties?.name ?? ''),
              kind: 'neighbourhood',
            }))
            .filter((a) => a.id)
            .sort((a, b) => a.name.localeCompare(b.name, lang)),
        ),
      () => {},
    );
    return () => ctl.abort();
  }, [call, lang]);
  const timeZone = config?.tenant.timezone;
  if (missing)
    return (
      <Frame title={t('allCalls')} config={config}>
        <p role="alert">{t('notFound')}</p>
        <p>
          <a href={appUrl('/calls')}>{t('allCalls')}</a>
        </p>
      </Frame>
    );
  if (!call)
    return (
      <Frame title={t('allCalls')} config={config}>
        {error ? <p role="alert">{error}</p> : <p aria-busy="true">{t('loading')}</p>}
      </Frame>
    );
  const now = Date.now();
  const submissionsOpen =
    call.status === 'open' &&
    now >= Date.parse(call.submissions_open) &&
    now < Date.parse(call.submissions_close);
  return (
    <Frame title={call.title} config={config}>
      <p className="c-lead">
        <PhaseMark phase={call.phase} />
      </p>
      <Facts call={call} timeZone={timeZone} />
      <Result call={call} />
      <section aria-labelledby="c-submit" className="c-section">
        <h2 id="c-submit">{t('submit.title')}</h2>
        {!submissionsOpen ? (
          <p>{t('submit.closed')}</p>
        ) : sent ? (
          <p role="status" className="p-done">
            {t('submit.sent', { email: isolated(sent) })}
          </p>
        ) : (
          <SubmitForm call={call} areas={areas} onSent={setSent} />
        )}
      </section>
      <Submissions call={call} />
    </Frame>
  );
}

export function CallsApp({ id }: { id: string | null }) {
  return id ? <CallPage id={id} /> : <CallList />;
}
