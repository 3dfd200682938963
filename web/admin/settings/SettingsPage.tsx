/**
 * /admin/settings: the tenant's names per language (the missing ones marked), the languages
 * offered and the default one, the time zone and the clock of the residents' pages (12- or
 * 24-hour, or the custom of each language), the map's home view, the contact address, and the
 * weekday and hour of its e-mail digests (or the install's default).
 */
import { type FormEvent, useEffect, useId, useMemo, useState } from 'react';
import { autonym } from '../../i18n/index.ts';
import type { AdminPageProps } from '../pages.ts';
import { pagesApi, type SettingsAnswer } from '../common/api.ts';
import { usePagesText } from '../common/i18n.ts';
import { errorText, type Notice, Notices } from '../common/ui.tsx';

interface Form {
  names: Record<string, string>;
  locales: string[];
  default_locale: string;
  timezone: string;
  lon: string;
  lat: string;
  zoom: string;
  contact_email: string;
  weekday: string;
  hour: string;
  clock: '' | '12h' | '24h';
}

const HOURS = Array.from({ length: 24 }, (_, h) => h);

const formOf = (s: SettingsAnswer): Form => ({
  names: { ...s.names },
  locales: [...s.locales],
  default_locale: s.default_locale,
  timezone: s.timezone,
  lon: String(s.home.center[0]),
  lat: String(s.home.center[1]),
  zoom: String(s.home.zoom),
  contact_email: s.contact_email ?? '',
  weekday: s.digest.weekday === null ? '' : String(s.digest.weekday),
  hour: s.digest.hour === null ? '' : String(s.digest.hour),
  clock: s.clock ?? '',
});

const timeZones = (): string[] => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
};

export function SettingsPage({ me }: AdminPageProps) {
  const { t, lang } = usePagesText();
  const ids = useId();
  const api = useMemo(() => pagesApi(me.tenant), [me.tenant]);
  const [loaded, setLoaded] = useState<SettingsAnswer | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const zones = useMemo(timeZones, []);

  useEffect(() => {
    const ctl = new AbortController();
    api
      .settings(ctl.signal)
      .then((s) => {
        setLoaded(s);
        setForm(formOf(s));
      })
      .catch((e: unknown) => {
        if (!ctl.signal.aborted) setNotice({ kind: 'error', text: errorText(t, e) });
      });
    return () => ctl.abort();
  }, [api, t]);

  const weekdayName = (d: number) =>
    new Intl.DateTimeFormat(lang, { weekday: 'long', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2024, 0, d)),
    );
  const hourName = (h: number) => `${String(h).padStart(2, '0')}:00`;
  const update = (patch: Partial<Form>) => setForm((f) => (f ? { ...f, ...patch } : f));

  const onSave = async (e: FormEvent) => {
    e.preventDefault();
    if (!form) return;
    if (!form.locales.length) return setNotice({ kind: 'error', text: t('settings.needLanguage') });
    if (!form.locales.includes(form.default_locale))
      return setNotice({ kind: 'error', text: t('settings.needDefault') });
    if (!form.names[form.default_locale]?.trim())
      return setNotice({
        kind: 'error',
        text: t('settings.needName', { language: `\u2068${autonym(form.default_locale)}\u2069` }),
      });
    setBusy(true);
    try {
      const saved = await api.saveSettings({
        names: Object.fromEntries(
          Object.entries(form.names)
            .map(([k, v]) => [k, v.trim()])
            .filter(([, v]) => v),
        ),
        locales: form.locales,
        default_locale: form.default_locale,
        timezone: form.timezone.trim(),
        home: { center: [Number(form.lon), Number(form.lat)], zoom: Number(form.zoom) },
        contact_email: form.contact_email.trim() || null,
        digest: {
          weekday: form.weekday ? Number(form.weekday) : null,
          hour: form.hour ? Number(form.hour) : null,
        },
        clock: form.clock || null,
      });
      setLoaded(saved);
      setForm(formOf(saved));
      setNotice({ kind: 'ok', text: t('settings.saved') });
    } catch (err) {
      setNotice({ kind: 'error', text: errorText(t, err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="admin-page" aria-labelledby={`${ids}-h`}>
      <h1 id={`${ids}-h`}>{t('settings.heading')}</h1>
      <p className="intro">{t('settings.intro')}</p>
      <Notices notice={notice} />
      {!form || !loaded ? (
        <p aria-busy="true">{t('loading')}</p>
      ) : (
        <form className="stack" onSubmit={onSave} noValidate>
          <section className="card" aria-labelledby={`${ids}-names`}>
            <h2 id={`${ids}-names`}>{t('settings.names')}</h2>
            <div className="row">
              {loaded.languages_available.map((l) => {
                const missing = form.locales.includes(l) && !form.names[l]?.trim();
                return (
                  <label key={l}>
                    <span>
                      {t('settings.nameIn', { language: `\u2068${autonym(l)}\u2069` })}
                      {missing ? <span className="tag off">{t('settings.missingName')}</span> : null}
                    </span>
                    <input
                      lang={l}
                      dir={l === 'he' ? 'rtl' : 'ltr'}
                      value={form.names[l] ?? ''}
                      maxLength={200}
                      aria-invalid={missing && l === form.default_locale ? true : undefined}
                      onChange={(e) => update({ names: { ...form.names, [l]: e.target.value } })}
                    />
                  </label>
                );
              })}
              <label>
                {t('settings.contact')}
                <input
                  type="email"
                  dir="ltr"
                  value={form.contact_email}
                  onChange={(e) => update({ contact_email: e.target.value })}
                />
              </label>
            </div>
          </section>
          <section className="card" aria-labelledby={`${ids}-lang`}>
            <h2 id={`${ids}-lang`}>{t('settings.languages')}</h2>
            <div className="stack">
              <fieldset>
                <legend>{t('settings.languages')}</legend>
                {loaded.languages_available.map((l) => (
                  <label key={l} className="check">
                    <input
                      type="checkbox"
                      checked={form.locales.includes(l)}
                      onChange={(e) =>
                        update({
                          locales: e.target.checked
                            ? loaded.languages_available.filter((x) => x === l || form.locales.includes(x))
                            : form.locales.filter((x) => x !== l),
                        })
                      }
                    />
                    <span lang={l}>{autonym(l)}</span>
                  </label>
                ))}
              </fieldset>
              <label>
                {t('settings.defaultLanguage')}
                <select
                  value={form.default_locale}
                  onChange={(e) => update({ default_locale: e.target.value })}
                >
                  {form.locales.map((l) => (
                    <option key={l} value={l} lang={l}>
                      {autonym(l)}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          </section>
          <section className="card" aria-labelledby={`${ids}-place`}>
            <h2 id={`${ids}-place`}>{t('settings.home')}</h2>
            <div className="row">
              <div className="field">
                <label htmlFor={`${ids}-tz`}>{t('settings.timezone')}</label>
                <input
                  id={`${ids}-tz`}
                  dir="ltr"
                  list={`${ids}-zones`}
                  value={form.timezone}
                  aria-describedby={`${ids}-tz-help`}
                  onChange={(e) => update({ timezone: e.target.value })}
                />
                <span id={`${ids}-tz-help`} className="help">
                  {t('settings.timezoneHelp')}
                </span>
                <datalist id={`${ids}-zones`}>
                  {zones.map((z) => (
                    <option key={z} value={z} />
                  ))}
                </datalist>
              </div>
              <label>
                {t('settings.clock')}
                <select
                  value={form.clock}
                  onChange={(e) => update({ clock: e.target.value === '12h' || e.target.value === '24h' ? e.target.value : '' })}
                >
                  <option value="">{t('settings.clockCustom')}</option>
                  <option value="24h">{t('settings.clock24')}</option>
                  <option value="12h">{t('settings.clock12')}</option>
                </select>
              </label>
              <label>
                {t('settings.lon')}
                <input
                  type="number"
                  dir="ltr"
                  step="any"
                  min={-180}
                  max={180}
                  value={form.lon}
                  onChange={(e) => update({ lon: e.target.value })}
                />
              </label>
              <label>
                {t('settings.lat')}
                <input
                  type="number"
                  dir="ltr"
                  step="any"
                  min={-85}
                  max={85}
                  value={form.lat}
                  onChange={(e) => update({ lat: e.target.value })}
                />
              </label>
              <label>
                {t('settings.zoom')}
                <input
                  type="number"
                  dir="ltr"
                  step="0.5"
                  min={0}
                  max={22}
                  value={form.zoom}
                  onChange={(e) => update({ zoom: e.target.value })}
                />
              </label>
            </div>
          </section>
          <section className="card" aria-labelledby={`${ids}-contact`}>
            <h2 id={`${ids}-contact`}>{t('settings.digest')}</h2>
            <div className="row">
              <label>
                {t('settings.weekday')}
                <select value={form.weekday} onChange={(e) => update({ weekday: e.target.value })}>
                  <option value="">
                    {t('settings.installDefault', { value: weekdayName(loaded.digest_default.weekday) })}
                  </option>
                  {[1, 2, 3, 4, 5, 6, 7].map((d) => (
                    <option key={d} value={String(d)}>
                      {weekdayName(d)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('settings.hour')}
                <select value={form.hour} onChange={(e) => update({ hour: e.target.value })}>
                  <option value="">
                    {t('settings.installDefault', { value: hourName(loaded.digest_default.hour) })}
                  </option>
                  {HOURS.map((h) => (
                    <option key={h} value={String(h)}>
                      {hourName(h)}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          </section>
          <div className="actions">
            <button type="submit" className="admin-btn primary" disabled={busy}>
              {busy ? t('busy') : t('save')}
            </button>
          </div>
        </form>
      )}
    </main>
  );
}
