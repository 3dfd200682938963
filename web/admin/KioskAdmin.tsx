/**
 * /admin/kiosks: the community department sets up each centre's kiosk without touching code —
 * which centre it stands in, its languages, idle time-out, layers, radius and printer. A page of
 * the back office's shell (shell/AdminShell.tsx checks the sign-in and the admin role); changes
 * go with the session's CSRF token (auth/authApi.ts).
 */
import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { KIOSK_DEFAULTS, KIOSK_LANGUAGES, KIOSK_LAYERS, KIOSK_LIMITS } from '../../server/kiosks/options.ts';
import { autonym } from '../i18n/index.ts';
import { useAuthText } from './auth/i18n.ts';
import { useAdmin } from './i18n.ts';
import {
  AdminError,
  type CentreOption,
  type KioskConfig,
  type KioskForm,
  kioskAdminApi,
} from './kioskAdminApi.ts';
import type { AdminPageProps } from './pages.ts';
import { appUrl } from '../state/tenant.ts';
import './admin.css';

const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;

function formOf(k: KioskConfig): KioskForm {
  return {
    slug: k.slug,
    centre: k.centre.id,
    default_language: k.default_language,
    languages: [...k.languages],
    idle_seconds: k.idle_seconds,
    layers: [...k.layers],
    radius_m: k.radius_m,
    printer: k.printer,
  };
}

function blankForm(centre: CentreOption | undefined): KioskForm {
  return {
    slug: '',
    centre: centre?.id ?? '',
    default_language: 'en',
    languages: [...KIOSK_LANGUAGES],
    idle_seconds: KIOSK_DEFAULTS.idle_seconds,
    layers: [...KIOSK_DEFAULTS.layers],
    radius_m: KIOSK_DEFAULTS.radius_m,
    printer: KIOSK_DEFAULTS.printer,
  };
}

const toggle = (list: string[], value: string, on: boolean) =>
  on ? [...new Set([...list, value])] : list.filter((v) => v !== value);

type Notice = { kind: 'ok' | 'error'; text: string } | null;

export function KioskAdmin({ me }: AdminPageProps) {
  const { t } = useAdmin();
  const { t: ta } = useAuthText();
  const [kiosks, setKiosks] = useState<KioskConfig[]>([]);
  const [centres, setCentres] = useState<CentreOption[]>([]);
  const [form, setForm] = useState<KioskForm | null>(null);
  const [isNew, setIsNew] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const ids = useId();

  const reload = useCallback(async (signal?: AbortSignal) => {
    const [k, c] = await Promise.all([kioskAdminApi.list(signal), kioskAdminApi.centres(signal)]);
    setKiosks(k);
    setCentres(c);
    return k;
  }, []);

  useEffect(() => {
    const ctl = new AbortController();
    reload(ctl.signal).catch((e: unknown) => {
      if (!ctl.signal.aborted)
        setNotice({ kind: 'error', text: t('problem.readFailed', { error: String(e) }) });
    });
    return () => ctl.abort();
  }, [reload, t]);
  const canChange =
    me.via === 'admin_token' ||
    Boolean(me.account?.operator) ||
    me.memberships.some((m) => m.tenant === me.tenant && m.role === 'admin');

  const update = (patch: Partial<KioskForm>) => setForm((f) => (f ? { ...f, ...patch } : f));

  /** what the form lacks before the server is even asked; the server checks everything again */
  const problem = (f: KioskForm): string | null => {
    if (!SLUG.test(f.slug)) return t('problem.address');
    if (!f.centre) return t('problem.centre');
    if (!f.languages.length) return t('problem.languages');
    if (!f.languages.includes(f.default_language)) return t('problem.startsIn');
    if (!f.layers.length) return t('problem.layers');
    if (!Number.isFinite(f.idle_seconds)) return t('problem.idle');
    if (!Number.isFinite(f.radius_m)) return t('problem.radius');
    return null;
  };

  const onSave = async (e: FormEvent) => {
    e.preventDefault();
    if (!form) return;
    const p = problem(form);
    if (p) return setNotice({ kind: 'error', text: p });
    setBusy(true);
    try {
      const saved = await kioskAdminApi.save(form);
      await reload();
      setForm(formOf(saved));
      setIsNew(false);
      setNotice({
        kind: 'ok',
        text: t('saved', { slug: saved.slug }),
      });
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof AdminError ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  const onRemove = async () => {
    if (!form) return;
    setBusy(true);
    try {
      await kioskAdminApi.remove(form.slug);
      const list = await reload();
      const back = list.find((k) => k.slug === form.slug);
      setForm(back ? formOf(back) : null);
      setNotice({
        kind: 'ok',
        text: back ? t('removedBack', { slug: form.slug }) : t('removed', { slug: form.slug }),
      });
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof AdminError ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  const choose = (k: KioskConfig) => {
    setForm(formOf(k));
    setIsNew(false);
    setNotice(null);
  };
  const current = form ? kiosks.find((k) => k.slug === form.slug && !isNew) : undefined;

  return (
    <main className="admin-page admin-kiosks" aria-labelledby={`${ids}-h`}>
      <h1 id={`${ids}-h`}>{t('kiosks')}</h1>
      <div className="admin-main">
        <section aria-labelledby={`${ids}-list`} className="admin-list">
          <h2 id={`${ids}-list`}>{t('kiosks')}</h2>
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">{t('address')}</th>
                <th scope="col">{t('centre')}</th>
                <th scope="col">{t('setUp')}</th>
                <th scope="col">
                  <span className="sr-only">{t('actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {kiosks.map((k) => (
                <tr key={k.slug} aria-current={form?.slug === k.slug && !isNew ? 'true' : undefined}>
                  <td>
                    <a href={appUrl(`/kiosk/${k.slug}`)} target="_blank" rel="noreferrer">
                      <bdi dir="ltr">/kiosk/{k.slug}</bdi>
                    </a>
                  </td>
                  <td>{k.centre.name}</td>
                  <td>{k.configured ? t('configured') : t('defaults')}</td>
                  <td>
                    <button type="button" className="admin-btn" onClick={() => choose(k)}>
                      {t('edit')} <span className="sr-only">/kiosk/{k.slug}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button
            type="button"
            className="admin-btn primary"
            onClick={() => {
              setForm(blankForm(centres[0]));
              setIsNew(true);
              setNotice(null);
            }}
          >
            {t('add')}
          </button>
        </section>

        <section aria-labelledby={`${ids}-form`} className="admin-form">
          <h2 id={`${ids}-form`}>
            {form ? isNew ? t('newKiosk') : <bdi dir="ltr">/kiosk/{form.slug}</bdi> : t('choose')}
          </h2>
          <div role="status" aria-live="polite" className={notice?.kind === 'ok' ? 'notice ok' : 'notice'}>
            {notice?.kind === 'ok' ? notice.text : ''}
          </div>
          <div role="alert" className="notice error">
            {notice?.kind === 'error' ? notice.text : ''}
          </div>
          {canChange ? null : <p className="notice">{ta('notAllowed')}</p>}
          {form ? (
            <form onSubmit={onSave} noValidate>
              <label>
                {t('form.address')}
                <input
                  value={form.slug}
                  readOnly={!isNew}
                  dir="ltr"
                  onChange={(e) => update({ slug: e.target.value.trim().toLowerCase() })}
                  pattern={SLUG.source}
                  required
                />
              </label>
              <label>
                {t('form.centre')}
                <select value={form.centre} onChange={(e) => update({ centre: e.target.value })} required>
                  {centres.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </label>
              <fieldset>
                <legend>{t('form.languages')}</legend>
                {KIOSK_LANGUAGES.map((l) => (
                  <label key={l} className="check">
                    <input
                      type="checkbox"
                      checked={form.languages.includes(l)}
                      onChange={(e) => update({ languages: toggle(form.languages, l, e.target.checked) })}
                    />
                    <span lang={l}>{autonym(l)}</span>
                  </label>
                ))}
              </fieldset>
              <label>
                {t('form.startsIn')}
                <select
                  value={form.default_language}
                  onChange={(e) => update({ default_language: e.target.value })}
                >
                  {KIOSK_LANGUAGES.map((l) => (
                    <option key={l} value={l} lang={l}>
                      {autonym(l)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('form.idle')}
                <input
                  type="number"
                  min={KIOSK_LIMITS.idle_seconds.min}
                  max={KIOSK_LIMITS.idle_seconds.max}
                  value={form.idle_seconds}
                  onChange={(e) => update({ idle_seconds: e.target.valueAsNumber })}
                />
              </label>
              <fieldset>
                <legend>{t('form.layers')}</legend>
                {KIOSK_LAYERS.map((l) => (
                  <label key={l} className="check">
                    <input
                      type="checkbox"
                      checked={form.layers.includes(l)}
                      onChange={(e) => update({ layers: toggle(form.layers, l, e.target.checked) })}
                    />
                    {t(`layer.${l}`)}
                  </label>
                ))}
              </fieldset>
              <label>
                {t('form.radius')}
                <input
                  type="number"
                  min={KIOSK_LIMITS.radius_m.min}
                  max={KIOSK_LIMITS.radius_m.max}
                  step={100}
                  value={form.radius_m}
                  onChange={(e) => update({ radius_m: e.target.valueAsNumber })}
                />
              </label>
              <label className="check">
                <input
                  type="checkbox"
                  checked={form.printer}
                  onChange={(e) => update({ printer: e.target.checked })}
                />
                {t('form.printer')}
              </label>
              <div className="actions">
                <button type="submit" className="admin-btn primary" disabled={busy || !canChange}>
                  {t('form.save')}
                </button>
                {current?.configured ? (
                  <button type="button" className="admin-btn" disabled={busy || !canChange} onClick={onRemove}>
                    {t('form.remove')}
                  </button>
                ) : null}
              </div>
            </form>
          ) : (
            <p>{t('chooseHint')}</p>
          )}
        </section>
      </div>
    </main>
  );
}
