/**
 * /admin/calls (admins): the tenant's funding calls — create one (a draft: title, description and
 * rules in the tenant's languages, budget, the most per initiative, areas, the two windows,
 * residents only), open it, close it, see its live supports and the ranking with the greedy fit
 * within the budget, and fund the checked initiatives (the fit is checked; the sum must stay
 * within the budget). Everything through /api/admin/calls (server/calls/routes.ts), audited there.
 */
import { type FormEvent, useCallback, useEffect, useId, useMemo, useState } from 'react';
import { adminFetch } from '../admin/auth/authApi.ts';
import '../admin/common/pages.css';
import { Notices, type Notice } from '../admin/common/ui.tsx';
import type { AdminPageProps } from '../admin/pages.ts';
import { formatMoney } from '../format.ts';
import { appUrl } from '../state/tenant.ts';
import { type AdminCall, type CallResult, problemOf } from './api.ts';
import { useCallsText } from './i18n.ts';
import './calls.css';

interface AreaOption {
  id: string;
  name: string;
  kind: string;
}

const isolated = (v: string) => `\u2068${v}\u2069`;

/** a datetime-local value (the browser's zone) of an ISO instant, and back */
const toLocalInput = (iso: string) => {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};
const fromLocalInput = (v: string) => new Date(v).toISOString();

async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await adminFetch(url, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(await problemOf(res));
  return (await res.json()) as T;
}

function blankForm() {
  const day = 86_400_000;
  const now = Date.now();
  const at = (d: number) => toLocalInput(new Date(now + d * day).toISOString());
  return {
    title: {} as Record<string, string>,
    description: {} as Record<string, string>,
    rules: {} as Record<string, string>,
    budget: '',
    currency: 'EUR',
    max_amount: '',
    area_ids: [] as string[],
    submissions_open: at(0),
    submissions_close: at(21),
    supports_open: at(7),
    supports_close: at(35),
    residents_only: false,
  };
}

function NewCall({
  locales,
  areas,
  onCreated,
}: {
  locales: string[];
  areas: AreaOption[];
  onCreated: (c: AdminCall) => void;
}) {
  const { t } = useCallsText();
  const id = useId();
  const [f, setF] = useState(blankForm);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const langName = (l: string) => new Intl.DisplayNames([l], { type: 'language' }).of(l) ?? l;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setNotice(null);
    try {
      const c = await call<AdminCall>('POST', '/api/admin/calls', {
        title: f.title,
        description: f.description,
        rules: f.rules,
        budget: Number(f.budget),
        currency: f.currency.trim().toUpperCase(),
        max_amount: f.max_amount.trim() ? Number(f.max_amount) : null,
        area_ids: f.area_ids,
        submissions_open: fromLocalInput(f.submissions_open),
        submissions_close: fromLocalInput(f.submissions_close),
        supports_open: fromLocalInput(f.supports_open),
        supports_close: fromLocalInput(f.supports_close),
        residents_only: f.residents_only,
      });
      setNotice({ kind: 'ok', text: t('admin.created') });
      setF(blankForm());
      onCreated(c);
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };
  const texts = (key: 'title' | 'description' | 'rules', label: string, multi: boolean) =>
    locales.map((l) => (
      <div className="field" key={`${key}-${l}`}>
        <label htmlFor={`${id}-${key}-${l}`}>{t(label, { lang: langName(l) })}</label>
        {multi ? (
          <textarea
            id={`${id}-${key}-${l}`}
            lang={l}
            dir={l === 'he' ? 'rtl' : 'ltr'}
            rows={2}
            value={f[key][l] ?? ''}
            onChange={(e) => setF({ ...f, [key]: { ...f[key], [l]: e.currentTarget.value } })}
          />
        ) : (
          <input
            id={`${id}-${key}-${l}`}
            lang={l}
            dir={l === 'he' ? 'rtl' : 'ltr'}
            required={l === locales[0]}
            value={f[key][l] ?? ''}
            onChange={(e) => setF({ ...f, [key]: { ...f[key], [l]: e.currentTarget.value } })}
          />
        )}
      </div>
    ));
  const windowField = (
    k: 'submissions_open' | 'submissions_close' | 'supports_open' | 'supports_close',
    label: string,
  ) => (
    <div className="field">
      <label htmlFor={`${id}-${k}`}>{t(label)}</label>
      <input
        id={`${id}-${k}`}
        type="datetime-local"
        dir="ltr"
        required
        value={f[k]}
        onChange={(e) => setF({ ...f, [k]: e.currentTarget.value })}
      />
    </div>
  );
  return (
    <section aria-labelledby={`${id}-h`} className="card">
      <h2 id={`${id}-h`}>{t('admin.new')}</h2>
      <form className="stack" onSubmit={submit}>
        <fieldset>
          <legend>{t('facts.title')}</legend>
          {texts('title', 'admin.titleField', false)}
          {texts('description', 'admin.descriptionField', true)}
          {texts('rules', 'admin.rulesField', true)}
        </fieldset>
        <fieldset>
          <legend>{t('facts.budget')}</legend>
          <div className="row">
            <div className="field">
              <label htmlFor={`${id}-budget`}>{t('admin.budget')}</label>
              <input
                id={`${id}-budget`}
                type="number"
                min={0.01}
                step="0.01"
                dir="ltr"
                required
                value={f.budget}
                onChange={(e) => setF({ ...f, budget: e.currentTarget.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-currency`}>{t('admin.currency')}</label>
              <input
                id={`${id}-currency`}
                maxLength={3}
                dir="ltr"
                required
                value={f.currency}
                onChange={(e) => setF({ ...f, currency: e.currentTarget.value.toUpperCase() })}
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-max`}>{t('admin.maxAmount')}</label>
              <input
                id={`${id}-max`}
                type="number"
                min={0.01}
                step="0.01"
                dir="ltr"
                value={f.max_amount}
                onChange={(e) => setF({ ...f, max_amount: e.currentTarget.value })}
              />
            </div>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('admin.areas')}</legend>
          <div className="c-area-choices">
            {areas.map((a) => (
              <label className="check" key={a.id}>
                <input
                  type="checkbox"
                  checked={f.area_ids.includes(a.id)}
                  onChange={(e) =>
                    setF({
                      ...f,
                      area_ids: e.currentTarget.checked
                        ? [...f.area_ids, a.id]
                        : f.area_ids.filter((x) => x !== a.id),
                    })
                  }
                />
                {a.name}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('facts.submissions')}</legend>
          <div className="row">
            {windowField('submissions_open', 'admin.submissionsOpen')}
            {windowField('submissions_close', 'admin.submissionsClose')}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('facts.supports')}</legend>
          <div className="row">
            {windowField('supports_open', 'admin.supportsOpen')}
            {windowField('supports_close', 'admin.supportsClose')}
          </div>
          <label className="check">
            <input
              type="checkbox"
              checked={f.residents_only}
              onChange={(e) => setF({ ...f, residents_only: e.currentTarget.checked })}
            />
            {t('admin.residentsOnly')}
          </label>
        </fieldset>
        <Notices notice={notice} />
        <p className="actions">
          <button type="submit" className="admin-btn" disabled={busy}>
            {t('admin.create')}
          </button>
        </p>
      </form>
    </section>
  );
}

function Ranking({ c, onChanged }: { c: AdminCall; onChanged: () => void }) {
  const { t, lang } = useCallsText();
  const id = useId();
  const [result, setResult] = useState<CallResult | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const money = (n: number) => formatMoney(n, c.currency, lang);
  const load = useCallback(async () => {
    try {
      const r = await call<CallResult>('GET', `/api/admin/calls/${c.id}/result?lang=${lang}`);
      setResult(r);
      setChosen(
        new Set(
          r.items.some((i) => i.funded)
            ? r.items.filter((i) => i.funded).map((i) => i.proposal_id)
            : r.selected,
        ),
      );
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    }
  }, [c.id, lang]);
  useEffect(() => {
    void load();
  }, [load]);
  if (!result) return <Notices notice={notice} />;
  const total =
    result.items.filter((i) => chosen.has(i.proposal_id)).reduce((n, i) => n + Math.round(i.cost * 100), 0) /
    100;
  const over = total > result.budget;
  const canFund = c.status === 'open' && result.supports_closed;
  const fund = async () => {
    setBusy(true);
    setNotice(null);
    try {
      await call('POST', `/api/admin/calls/${c.id}/fund`, {
        proposal_ids: result.items.filter((i) => chosen.has(i.proposal_id)).map((i) => i.proposal_id),
      });
      setNotice({ kind: 'ok', text: t('admin.funded') });
      onChanged();
      await load();
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="c-ranking">
      {!result.supports_closed && <p className="help">{t('admin.live')}</p>}
      <div className="scroll">
        <table aria-labelledby={`${id}-cap`}>
          <caption id={`${id}-cap`}>{t('admin.ranking')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('result.rank')}</th>
              <th scope="col">{t('result.initiative')}</th>
              <th scope="col">{t('result.supports')}</th>
              <th scope="col">{t('result.cost')}</th>
              <th scope="col">{t('result.status')}</th>
              <th scope="col">{t('admin.choose')}</th>
            </tr>
          </thead>
          <tbody>
            {result.items.map((i) => (
              <tr key={i.proposal_id}>
                <td>
                  <bdi>{i.rank}</bdi>
                </td>
                <th scope="row">{i.title}</th>
                <td>
                  <bdi>{i.supports}</bdi>
                </td>
                <td>
                  <bdi>{money(i.cost)}</bdi>
                </td>
                <td>
                  {i.funded
                    ? t('result.funded')
                    : i.selected
                      ? t('result.selected')
                      : t('result.notSelected')}
                </td>
                <td>
                  <label className="check c-choose">
                    <input
                      type="checkbox"
                      checked={chosen.has(i.proposal_id)}
                      disabled={!canFund}
                      onChange={(e) => {
                        const next = new Set(chosen);
                        if (e.currentTarget.checked) next.add(i.proposal_id);
                        else next.delete(i.proposal_id);
                        setChosen(next);
                      }}
                    />
                    <span className="c-sr">{`${t('admin.choose')}: ${i.title}`}</span>
                  </label>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p role="status" aria-live="polite" className={over ? 'c-over' : undefined}>
        {t('admin.checked', { total: isolated(money(total)), budget: isolated(money(result.budget)) })}
        {over ? ` — ${t('admin.over')}` : ''}
      </p>
      {canFund && (
        <>
          <p className="help">{t('admin.fundHelp')}</p>
          <p className="actions">
            <button type="button" className="admin-btn" disabled={busy || over} onClick={fund}>
              {t('admin.fund')}
            </button>
            <button type="button" className="admin-btn small" onClick={() => void load()}>
              {t('admin.refresh')}
            </button>
          </p>
        </>
      )}
      <Notices notice={notice} />
    </div>
  );
}

function CallCard({ c, onChanged }: { c: AdminCall; onChanged: () => void }) {
  const { t, lang } = useCallsText();
  const id = useId();
  const [notice, setNotice] = useState<Notice>(null);
  const [showRanking, setShowRanking] = useState(false);
  const title = c.title[lang] ?? Object.values(c.title)[0] ?? '';
  const when = (iso: string) =>
    new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  const step = async (s: 'open' | 'close') => {
    setNotice(null);
    try {
      await call('POST', `/api/admin/calls/${c.id}/${s}`);
      setNotice({ kind: 'ok', text: t(s === 'open' ? 'admin.opened' : 'admin.closed') });
      onChanged();
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    }
  };
  return (
    <li className="card" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{title}</h3>
      <p>
        <span className={`c-phase c-phase-${c.phase}`}>{t(`phase.${c.phase}`)}</span> · {t('facts.budget')}:{' '}
        <bdi>{formatMoney(c.budget, c.currency, lang)}</bdi> ·{' '}
        {t('admin.submissionsCount', { count: c.submissions })}
      </p>
      <p className="help">
        {t('facts.submissions')}:{' '}
        {t('facts.span', {
          from: isolated(when(c.submissions_open)),
          to: isolated(when(c.submissions_close)),
        })}
        <br />
        {t('facts.supports')}:{' '}
        {t('facts.span', { from: isolated(when(c.supports_open)), to: isolated(when(c.supports_close)) })}
        <br />
        {t('facts.where')}: {c.areas.length ? c.areas.map((a) => a.name).join(', ') : t('facts.wholeTown')}
        {c.residents_only ? ` · ${t('facts.residentsOnly')}` : ''}
      </p>
      <p className="actions">
        {c.status === 'draft' && (
          <button type="button" className="admin-btn" onClick={() => void step('open')}>
            {t('admin.open')}
          </button>
        )}
        {c.status !== 'draft' && c.status !== 'archived' && (
          <button
            type="button"
            className="admin-btn small"
            aria-expanded={showRanking}
            onClick={() => setShowRanking((v) => !v)}
          >
            {t('admin.ranking')}
          </button>
        )}
        {(c.status === 'open' || c.status === 'decided') && (
          <a className="admin-btn small" href={appUrl(`/calls/${c.id}`)}>
            {t('admin.publicPage')}
          </a>
        )}
        {c.status !== 'archived' && (
          <button type="button" className="admin-btn small danger" onClick={() => void step('close')}>
            {t('admin.close')}
          </button>
        )}
      </p>
      <Notices notice={notice} />
      {showRanking && <Ranking c={c} onChanged={onChanged} />}
    </li>
  );
}

export function CallsAdmin({ me }: AdminPageProps) {
  const { t, lang } = useCallsText();
  const [calls, setCalls] = useState<AdminCall[] | null>(null);
  const [locales, setLocales] = useState<string[]>([]);
  const [areas, setAreas] = useState<AreaOption[]>([]);
  const [notice, setNotice] = useState<Notice>(null);
  const load = useCallback(async () => {
    try {
      setCalls((await call<{ items: AdminCall[] }>('GET', `/api/admin/calls?lang=${lang}`)).items);
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    }
  }, [lang]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    const ctl = new AbortController();
    const get = (u: string) => adminFetch(u, { signal: ctl.signal }).then((r) => (r.ok ? r.json() : null));
    void get('/api/config').then((c: { tenant?: { locales?: string[]; defaultLocale?: string } } | null) => {
      const ls = c?.tenant?.locales ?? ['en'];
      const first = c?.tenant?.defaultLocale ?? ls[0] ?? 'en';
      setLocales([first, ...ls.filter((l) => l !== first)]);
    });
    void Promise.all(
      ['neighbourhoods', 'degraded-zones'].map((l) => get(`/api/layers/${l}?lang=${lang}`)),
    ).then((answers) =>
      setAreas(
        answers.flatMap(
          (fc: { features?: { id?: string; properties?: { name?: string; kind?: string } }[] } | null) =>
            (fc?.features ?? []).map((f) => ({
              id: String(f.id ?? ''),
              name: String(f.properties?.name ?? ''),
              kind: String(f.properties?.kind ?? ''),
            })),
        ),
      ),
    );
    return () => ctl.abort();
  }, [lang]);
  const sorted = useMemo(() => calls ?? [], [calls]);
  return (
    <main className="admin-page" id="main" aria-labelledby="calls-title">
      <h1 id="calls-title">{t('admin.title')}</h1>
      <p className="intro">{t('admin.intro')}</p>
      <Notices notice={notice} />
      <section aria-labelledby="calls-list">
        <h2 id="calls-list">{t('admin.calls')}</h2>
        {calls === null ? (
          <p aria-busy="true">{t('loading')}</p>
        ) : !sorted.length ? (
          <p>{t('admin.none')}</p>
        ) : null}
        <ul className="plain c-admin-list">
          {sorted.map((c) => (
            <CallCard key={`${c.id}-${c.status}-${me.tenant}`} c={c} onChanged={() => void load()} />
          ))}
        </ul>
      </section>
      {locales.length > 0 && <NewCall locales={locales} areas={areas} onCreated={() => void load()} />}
    </main>
  );
}
