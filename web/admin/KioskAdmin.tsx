/**
 * /admin/kiosks: the community department sets up each centre's kiosk without touching code —
 * which centre it stands in, its languages, idle time-out, layers, radius and printer. The admin
 * token is asked for once and kept only in this page's memory (never stored on the device).
 */
import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { KIOSK_DEFAULTS, KIOSK_LANGUAGES, KIOSK_LAYERS, KIOSK_LIMITS } from '../../server/kiosks/options.ts';
import { autonym } from '../i18n/index.ts';
import {
  AdminError,
  type CentreOption,
  type KioskConfig,
  type KioskForm,
  kioskAdminApi,
} from './kioskAdminApi.ts';
import './admin.css';

const LAYER_NAMES: Record<(typeof KIOSK_LAYERS)[number], string> = {
  programs: 'Activities and programs',
  centres: 'Community centres',
  gardens: 'Community gardens',
  parks: 'Parks',
  'degraded-zones': 'Designated degraded zones',
  neighbourhoods: 'Neighbourhoods',
};

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

export function KioskAdmin() {
  const [token, setToken] = useState('');
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
    document.title = 'Kiosks · Commons Map admin';
    const ctl = new AbortController();
    reload(ctl.signal).catch((e: unknown) => {
      if (!ctl.signal.aborted) setNotice({ kind: 'error', text: `Could not read the kiosks: ${String(e)}` });
    });
    return () => ctl.abort();
  }, [reload]);

  const update = (patch: Partial<KioskForm>) => setForm((f) => (f ? { ...f, ...patch } : f));

  /** what the form lacks before the server is even asked; the server checks everything again */
  const problem = (f: KioskForm): string | null => {
    if (!SLUG.test(f.slug))
      return 'Address: use lowercase letters, digits and hyphens (at most 64), e.g. "kestrel-lobby".';
    if (!f.centre) return 'Centre: choose the community centre the kiosk stands in.';
    if (!f.languages.length) return 'Languages: offer at least one language.';
    if (!f.languages.includes(f.default_language)) return 'Starts in: choose one of the languages offered.';
    if (!f.layers.length) return 'Layers: show at least one layer.';
    if (!Number.isFinite(f.idle_seconds)) return 'Idle time-out: enter a number of seconds.';
    if (!Number.isFinite(f.radius_m)) return 'Radius: enter a number of metres.';
    return null;
  };

  const onSave = async (e: FormEvent) => {
    e.preventDefault();
    if (!form) return;
    const p = problem(form);
    if (p) return setNotice({ kind: 'error', text: p });
    if (!token) return setNotice({ kind: 'error', text: 'Admin token: enter it above to save.' });
    setBusy(true);
    try {
      const saved = await kioskAdminApi.save(token, form);
      await reload();
      setForm(formOf(saved));
      setIsNew(false);
      setNotice({
        kind: 'ok',
        text: `Saved. The kiosk at /kiosk/${saved.slug} uses it from its next start.`,
      });
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof AdminError ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  const onRemove = async () => {
    if (!form || !token) return setNotice({ kind: 'error', text: 'Admin token: enter it above to remove.' });
    setBusy(true);
    try {
      await kioskAdminApi.remove(token, form.slug);
      const list = await reload();
      const back = list.find((k) => k.slug === form.slug);
      setForm(back ? formOf(back) : null);
      setNotice({
        kind: 'ok',
        text: back
          ? `Removed the configuration: /kiosk/${form.slug} is back to the defaults.`
          : `Removed the kiosk /kiosk/${form.slug}.`,
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
    <div className="admin">
      <header className="admin-bar">
        <h1>Commons Map · Kiosks</h1>
        <label className="token">
          Admin token
          <input
            type="password"
            autoComplete="off"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            aria-describedby={`${ids}-token-help`}
          />
        </label>
        <span id={`${ids}-token-help`} className="token-help">
          The server's ADMIN_TOKEN; kept only while this page is open.
        </span>
      </header>
      <main className="admin-main">
        <section aria-labelledby={`${ids}-list`} className="admin-list">
          <h2 id={`${ids}-list`}>Kiosks</h2>
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">Address</th>
                <th scope="col">Centre</th>
                <th scope="col">Set up</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {kiosks.map((k) => (
                <tr key={k.slug} aria-current={form?.slug === k.slug && !isNew ? 'true' : undefined}>
                  <td>
                    <a href={`/kiosk/${k.slug}`} target="_blank" rel="noreferrer">
                      /kiosk/{k.slug}
                    </a>
                  </td>
                  <td>{k.centre.name}</td>
                  <td>{k.configured ? 'configured' : 'defaults'}</td>
                  <td>
                    <button type="button" className="admin-btn" onClick={() => choose(k)}>
                      Edit <span className="sr-only">/kiosk/{k.slug}</span>
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
            Add a kiosk
          </button>
        </section>

        <section aria-labelledby={`${ids}-form`} className="admin-form">
          <h2 id={`${ids}-form`}>
            {form ? (isNew ? 'New kiosk' : `/kiosk/${form.slug}`) : 'Choose a kiosk'}
          </h2>
          <div role="status" aria-live="polite" className={notice?.kind === 'ok' ? 'notice ok' : 'notice'}>
            {notice?.kind === 'ok' ? notice.text : ''}
          </div>
          <div role="alert" className="notice error">
            {notice?.kind === 'error' ? notice.text : ''}
          </div>
          {form ? (
            <form onSubmit={onSave} noValidate>
              <label>
                Address (/kiosk/…)
                <input
                  value={form.slug}
                  readOnly={!isNew}
                  onChange={(e) => update({ slug: e.target.value.trim().toLowerCase() })}
                  pattern={SLUG.source}
                  required
                />
              </label>
              <label>
                Centre it stands in
                <select value={form.centre} onChange={(e) => update({ centre: e.target.value })} required>
                  {centres.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </label>
              <fieldset>
                <legend>Languages offered</legend>
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
                Starts in
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
                Back to the start screen after (seconds without a touch)
                <input
                  type="number"
                  min={KIOSK_LIMITS.idle_seconds.min}
                  max={KIOSK_LIMITS.idle_seconds.max}
                  value={form.idle_seconds}
                  onChange={(e) => update({ idle_seconds: e.target.valueAsNumber })}
                />
              </label>
              <fieldset>
                <legend>Layers on the map</legend>
                {KIOSK_LAYERS.map((l) => (
                  <label key={l} className="check">
                    <input
                      type="checkbox"
                      checked={form.layers.includes(l)}
                      onChange={(e) => update({ layers: toggle(form.layers, l, e.target.checked) })}
                    />
                    {LAYER_NAMES[l]}
                  </label>
                ))}
              </fieldset>
              <label>
                Shows activities within (metres of the centre)
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
                A printer is attached: offer "Print"
              </label>
              <div className="actions">
                <button type="submit" className="admin-btn primary" disabled={busy}>
                  Save
                </button>
                {current?.configured ? (
                  <button type="button" className="admin-btn" disabled={busy} onClick={onRemove}>
                    Remove configuration
                  </button>
                ) : null}
              </div>
            </form>
          ) : (
            <p>Choose a kiosk to change it, or add one.</p>
          )}
        </section>
      </main>
    </div>
  );
}
