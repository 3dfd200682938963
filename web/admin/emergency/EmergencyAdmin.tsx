/**
 * /admin/emergency (admins): the emergency switch with a confirm step, the message in every
 * language of the town side by side (the missing ones marked), the affected neighbourhoods, the
 * places and activities marked for emergencies (found by search; a role and a note each), and the
 * current state. Every change goes through the admin API, which audits it.
 */
import { apiUrl } from '../../state/tenant.ts';
import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { autonym, languageName } from '../../i18n/index.ts';
import type { EmergencyPlace, EmergencyRole } from '../../emergency/api.ts';
import { ROLE_COLORS } from '../../emergency/colors.ts';
import { useEmergencyText } from '../../emergency/i18n.ts';
import '../../emergency/emergency.css';
import { adminFetch } from '../auth/authApi.ts';
import type { AdminPageProps } from '../pages.ts';
import './emergency-admin.css';

const ROLES: EmergencyRole[] = ['shelter', 'distribution_point', 'information_point', 'volunteer_call'];
const RTL = new Set(['he', 'ar', 'fa', 'ur', 'yi']);
const dirOf = (l: string) => (RTL.has(l) ? 'rtl' : 'ltr');

interface AdminState {
  active: boolean;
  activation: number;
  messages: Record<string, string>;
  languages: string[];
  missing_languages: string[];
  area_ids: string[];
  areas: { id: string; name: string }[];
  whole_town: boolean;
  started_at: string | null;
  started_by: string | null;
  ended_at: string | null;
  ended_by: string | null;
  marks: number;
  notices?: { queued: number; mail: boolean };
}

interface Hit {
  id: string;
  type: 'place' | 'opportunity' | 'neighbourhood' | 'street';
  kind: string;
  name: string;
  detail: string | null;
}

interface Neighbourhood {
  id: string;
  name: string;
}

async function json<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const e = (body as { error?: { message?: string } } | null)?.error;
    throw new Error(e?.message ?? `${res.status} ${res.statusText}`);
  }
  return body as T;
}

export function EmergencyAdmin({ me }: AdminPageProps) {
  const { t, i18n } = useEmergencyText();
  const lang = i18n.language;
  const q = useCallback(
    (extra: Record<string, string> = {}) => {
      const p = new URLSearchParams({ ...(me.tenant ? { tenant: me.tenant } : {}), lang, ...extra });
      return `?${p}`;
    },
    [me.tenant, lang],
  );
  const [state, setState] = useState<AdminState | null>(null);
  const [messages, setMessages] = useState<Record<string, string>>({});
  const [areas, setAreas] = useState<string[]>([]);
  const [hoods, setHoods] = useState<Neighbourhood[]>([]);
  const [marks, setMarks] = useState<EmergencyPlace[]>([]);
  const [confirming, setConfirming] = useState<'on' | 'off' | null>(null);
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const ids = useId();

  const load = useCallback(async () => {
    const s = await json<AdminState>(await adminFetch(`/api/admin/emergency${q()}`));
    setState(s);
    setMessages(s.messages);
    setAreas(s.area_ids);
    setMarks(await json<EmergencyPlace[]>(await adminFetch(`/api/admin/emergency/marks${q()}`)));
  }, [q]);
  useEffect(() => {
    load().catch((e: unknown) =>
      setStatus({ text: t('admin.error', { message: (e as Error).message }), error: true }),
    );
  }, [load, t]);
  useEffect(() => {
    const ctl = new AbortController();
    fetch(apiUrl(`/api/layers/neighbourhoods${q()}`), { signal: ctl.signal })
      .then((r) => json<{ features: { id?: string | number; properties: { id: string; name: string } }[] }>(r))
      .then((fc) =>
        setHoods(
          fc.features
            .map((f) => ({ id: String(f.properties.id ?? f.id), name: f.properties.name }))
            .sort((a, b) => a.name.localeCompare(b.name, lang)),
        ),
      )
      .catch(() => {});
    return () => ctl.abort();
  }, [q, lang]);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const save = async (active: boolean) => {
    setBusy(true);
    setStatus(null);
    try {
      const s = await json<AdminState>(
        await adminFetch(`/api/admin/emergency${q()}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ active, message: messages, areas }),
        }),
      );
      const switched = state ? state.active !== s.active : false;
      setState(s);
      setMessages(s.messages);
      setAreas(s.area_ids);
      setConfirming(null);
      setStatus({
        text: switched
          ? s.active
            ? s.notices?.mail === false
              ? t('admin.switchedOnNoMail')
              : t('admin.switchedOn', { count: s.notices?.queued ?? 0 })
            : t('admin.switchedOff')
          : t('admin.saved'),
        error: false,
      });
    } catch (e) {
      setStatus({ text: t('admin.error', { message: (e as Error).message }), error: true });
    } finally {
      setBusy(false);
    }
  };

  const fmt = (iso: string | null) =>
    iso
      ? new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))
      : '';

  if (!state)
    return (
      <main className="admin-page emergency-admin" aria-busy="true">
        <h2>{t('admin.title')}</h2>
        {status ? (
          <p role="alert" className="notice error">
            {status.text}
          </p>
        ) : (
          <p>{t('admin.loading')}</p>
        )}
      </main>
    );

  return (
    <main className="admin-page emergency-admin">
      <h2>{t('admin.title')}</h2>
      <p className="emergency-admin-intro">{t('admin.intro')}</p>

      <section
        aria-labelledby={`${ids}-state`}
        className={`emergency-state ${state.active ? 'on' : 'off'}`}
        data-testid="emergency-admin-state"
      >
        <h3 id={`${ids}-state`}>{t('admin.current')}</h3>
        <p>
          {state.active ? (
            <Sentence
              text={t('admin.isOn', { time: TIME, who: WHO })}
              time={fmt(state.started_at)}
              who={state.started_by ?? ''}
            />
          ) : (
            t('admin.isOff')
          )}
        </p>
        {!state.active && state.ended_at && (
          <p>
            <Sentence
              text={t('admin.lastEnded', { time: TIME, who: WHO })}
              time={fmt(state.ended_at)}
              who={state.ended_by ?? ''}
            />
          </p>
        )}
      </section>

      <form
        className="emergency-switch"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void save(state.active);
        }}
      >
        <fieldset>
          <legend>{t('admin.message')}</legend>
          <p className="help" id={`${ids}-msg-help`}>
            {t('admin.messageHelp')}
          </p>
          <div className="emergency-languages">
            {state.languages.map((l) => {
              const missing = !messages[l]?.trim();
              return (
                <div key={l} className={`emergency-language${missing ? ' missing' : ''}`}>
                  <label htmlFor={`${ids}-msg-${l}`}>
                    <span lang={l}>{autonym(l)}</span>
                    {l !== lang && <span className="language-name"> ({languageName(l, lang)})</span>}
                    {missing && <span className="missing-badge">{t('admin.missing')}</span>}
                  </label>
                  <textarea
                    id={`${ids}-msg-${l}`}
                    lang={l}
                    dir={dirOf(l)}
                    rows={4}
                    maxLength={2000}
                    aria-describedby={`${ids}-msg-help`}
                    value={messages[l] ?? ''}
                    onChange={(e) => setMessages((m) => ({ ...m, [l]: e.target.value }))}
                  />
                </div>
              );
            })}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('admin.areas')}</legend>
          <p className="help">{t('admin.areasHelp')}</p>
          <div className="emergency-areas-list">
            {hoods.map((h) => (
              <label key={h.id} className="check">
                <input
                  type="checkbox"
                  checked={areas.includes(h.id)}
                  onChange={(e) =>
                    setAreas((a) => (e.target.checked ? [...a, h.id] : a.filter((x) => x !== h.id)))
                  }
                />
                <bdi>{h.name}</bdi>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="actions">
          <button type="submit" className="admin-btn" disabled={busy}>
            {t('admin.save')}
          </button>
          {!confirming && (
            <button
              type="button"
              className={`admin-btn ${state.active ? 'primary' : 'danger'}`}
              disabled={busy}
              onClick={() => setConfirming(state.active ? 'off' : 'on')}
            >
              {state.active ? t('admin.switchOff') : t('admin.switchOn')}
            </button>
          )}
        </div>
        {confirming && (
          <fieldset className="emergency-confirm">
            <legend id={`${ids}-confirm`}>
              {confirming === 'on' ? t('admin.confirmOn') : t('admin.confirmOff')}
            </legend>
            <div className="actions">
              <button
                ref={confirmRef}
                type="button"
                className={`admin-btn ${confirming === 'on' ? 'danger' : 'primary'}`}
                disabled={busy}
                onClick={() => void save(confirming === 'on')}
              >
                {confirming === 'on' ? t('admin.confirmOnButton') : t('admin.confirmOffButton')}
              </button>
              <button type="button" className="admin-btn" onClick={() => setConfirming(null)}>
                {t('admin.cancel')}
              </button>
            </div>
          </fieldset>
        )}
        <p
          className={`notice ${status?.error ? 'error' : 'ok'}`}
          role={status?.error ? 'alert' : 'status'}
          aria-live="polite"
        >
          {status?.text ?? ''}
        </p>
      </form>

      <Marks marks={marks} languages={state.languages} q={q} onChange={load} />
    </main>
  );
}

const TIME = '%%TIME%%';
const WHO = '%%WHO%%';

/** a sentence with a time and a name isolated (<bdi>) where the language puts them */
function Sentence({ text, time, who }: { text: string; time: string; who: string }) {
  const parts = text.split(/(%%TIME%%|%%WHO%%)/);
  return (
    <>
      {parts.map((p, i) =>
        p === TIME ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed sentence
          <bdi key={i}>{time}</bdi>
        ) : p === WHO ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed sentence
          <bdi key={i} dir="ltr">
            {who}
          </bdi>
        ) : (
          p
        ),
      )}
    </>
  );
}

function Marks(props: {
  marks: EmergencyPlace[];
  languages: string[];
  q: (extra?: Record<string, string>) => string;
  onChange: () => Promise<void>;
}) {
  const { t } = useEmergencyText();
  const ids = useId();
  const [text, setText] = useState('');
  const [hits, setHits] = useState<Hit[] | null>(null);
  const [chosen, setChosen] = useState<Hit | null>(null);
  const [role, setRole] = useState<EmergencyRole>('shelter');
  const [note, setNote] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);

  const search = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    try {
      const found = await json<Hit[]>(await fetch(apiUrl(`/api/search${props.q({ q: text.trim(), limit: '10' })}`)));
      const usable = found.filter((h) => h.type === 'place' || h.type === 'opportunity');
      setHits(usable);
      setChosen(usable[0] ?? null);
    } catch (err) {
      setStatus({ text: t('admin.error', { message: (err as Error).message }), error: true });
    }
  };
  const mark = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    try {
      await json(
        await adminFetch(`/api/admin/emergency/marks/${chosen.type}/${chosen.id}${props.q()}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ role, note }),
        }),
      );
      setHits(null);
      setChosen(null);
      setText('');
      setNote({});
      await props.onChange();
      setStatus({ text: t('admin.saved'), error: false });
    } catch (err) {
      setStatus({ text: t('admin.error', { message: (err as Error).message }), error: true });
    }
  };
  const remove = async (m: EmergencyPlace) => {
    try {
      await json(
        await adminFetch(`/api/admin/emergency/marks/${m.type}/${m.target_id}${props.q()}`, {
          method: 'DELETE',
        }),
      );
      await props.onChange();
      setStatus({ text: t('admin.saved'), error: false });
    } catch (err) {
      setStatus({ text: t('admin.error', { message: (err as Error).message }), error: true });
    }
  };

  return (
    <section aria-labelledby={`${ids}-marks`} className="emergency-marks">
      <h3 id={`${ids}-marks`}>{t('admin.marks')}</h3>
      <p className="help">{t('admin.marksHelp')}</p>
      {props.marks.length ? (
        <ul className="emergency-mark-list" data-testid="emergency-marks">
          {props.marks.map((m) => (
            <li key={m.id}>
              <span className="emergency-role" style={{ background: ROLE_COLORS[m.role] }}>
                {t(`roles.${m.role}`)}
              </span>
              <span className="emergency-place-text">
                <span className="emergency-place-name">
                  <bdi>{m.name}</bdi>
                </span>
                {m.address && (
                  <span className="emergency-place-meta">
                    <bdi>{m.address}</bdi>
                  </span>
                )}
                {m.note && <span className="emergency-place-note">{m.note}</span>}
              </span>
              <button
                type="button"
                className="admin-btn"
                onClick={() => void remove(m)}
                aria-label={`${t('admin.remove')}: ${m.name}`}
              >
                {t('admin.remove')}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('admin.noMarks')}</p>
      )}
      <form className="emergency-search" onSubmit={search}>
        <label htmlFor={`${ids}-q`}>{t('admin.search')}</label>
        <div className="row">
          <input
            id={`${ids}-q`}
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            maxLength={200}
          />
          <button type="submit" className="admin-btn">
            {t('admin.searchButton')}
          </button>
        </div>
      </form>
      {hits && !hits.length && <p role="status">{t('admin.noHits')}</p>}
      {hits && hits.length > 0 && (
        <form className="emergency-add" onSubmit={mark}>
          <fieldset>
            <legend>{t('admin.search')}</legend>
            {hits.map((h) => (
              <label key={`${h.type}:${h.id}`} className="check">
                <input
                  type="radio"
                  name={`${ids}-hit`}
                  checked={chosen?.id === h.id}
                  onChange={() => setChosen(h)}
                />
                <bdi>{h.name}</bdi>
                {h.detail && (
                  <span className="emergency-place-meta">
                    {' · '}
                    <bdi>{h.detail}</bdi>
                  </span>
                )}
              </label>
            ))}
          </fieldset>
          <label htmlFor={`${ids}-role`}>{t('admin.role')}</label>
          <select id={`${ids}-role`} value={role} onChange={(e) => setRole(e.target.value as EmergencyRole)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
          <div className="emergency-languages compact">
            {props.languages.map((l) => (
              <div key={l} className="emergency-language">
                <label htmlFor={`${ids}-note-${l}`}>
                  {t('admin.note')} · <span lang={l}>{autonym(l)}</span>
                </label>
                <input
                  id={`${ids}-note-${l}`}
                  lang={l}
                  dir={dirOf(l)}
                  maxLength={500}
                  value={note[l] ?? ''}
                  onChange={(e) => setNote((n) => ({ ...n, [l]: e.target.value }))}
                />
              </div>
            ))}
          </div>
          <div className="actions">
            <button type="submit" className="admin-btn primary" disabled={!chosen}>
              {t('admin.add')}
            </button>
          </div>
        </form>
      )}
      <p
        className={`notice ${status?.error ? 'error' : 'ok'}`}
        role={status?.error ? 'alert' : 'status'}
        aria-live="polite"
      >
        {status?.text ?? ''}
      </p>
    </section>
  );
}
