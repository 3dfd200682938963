/**
 * /connectors/apply: the public form to become a block connector (no account). The area is chosen
 * as neighbourhoods (ticked in a list, shown on the map) or drawn on the map corner by corner (a
 * click or tap adds a corner; with the keyboard, move the map and add its centre), at most 2 km².
 * The answer asks the person to confirm from the mail; a hidden honeypot field catches robots.
 */
import {
  type FormEvent,
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react';
import { setLanguage, UI_LANGUAGES } from '../i18n/index.ts';
import { type Area, ApiProblem, type Geometry, type MapConfig, mapConfig, publicApi } from './api.ts';
import { formatKm2, iso, useConnectorsText } from './i18n.ts';
import '../admin/common/pages.css';
import './connectors.css';

const AreaMap = lazy(() => import('./AreaMap.tsx'));
const MAX_KM2 = 2;
const LANGUAGE_NAMES: Record<string, string> = {
  en: 'English',
  fr: 'Français',
  he: 'עברית',
  pl: 'Polski',
  uk: 'Українська',
  ru: 'Русский',
};

/** the area of a ring of [lon, lat] in m² (a local flat projection: fine at the size of a block) */
export function ringAreaM2(ring: [number, number][]): number {
  if (ring.length < 3) return 0;
  const lat0 = (ring.reduce((s, p) => s + p[1], 0) / ring.length) * (Math.PI / 180);
  const mx = 111_320 * Math.cos(lat0);
  const my = 110_574;
  let sum = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i] as [number, number];
    const [x2, y2] = ring[(i + 1) % ring.length] as [number, number];
    sum += x1 * mx * (y2 * my) - x2 * mx * (y1 * my);
  }
  return Math.abs(sum) / 2;
}

export function ApplyPage() {
  const { t, lang } = useConnectorsText();
  const [config, setConfig] = useState<MapConfig | null>(null);
  const [blocks, setBlocks] = useState<(Area & { geometry: Geometry })[] | null>(null);
  const [mode, setMode] = useState<'blocks' | 'draw'>('blocks');
  const [chosen, setChosen] = useState<string[]>([]);
  const [corners, setCorners] = useState<[number, number][]>([]);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [mailLang, setMailLang] = useState(lang);
  const [message, setMessage] = useState('');
  const [website, setWebsite] = useState('');
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const centre = useRef<() => [number, number] | null>(() => null);
  const ids = {
    name: useId(),
    email: useId(),
    emailHelp: useId(),
    lang: useId(),
    message: useId(),
    site: useId(),
  };

  useEffect(() => {
    document.title = t('apply.title');
  }, [t]);
  useEffect(() => {
    const ctl = new AbortController();
    Promise.all([mapConfig(ctl.signal), publicApi.neighbourhoods(lang, ctl.signal)])
      .then(([c, b]) => {
        if (ctl.signal.aborted) return;
        setConfig(c);
        setBlocks(b);
        setMailLang((l) => (c.locales.includes(l) ? l : c.defaultLocale));
      })
      .catch((e: unknown) => !ctl.signal.aborted && setError(e instanceof Error ? e.message : String(e)));
    return () => ctl.abort();
  }, [lang]);

  const m2 = mode === 'draw' ? ringAreaM2(corners) : 0;
  const tooLarge = mode === 'draw' && m2 > MAX_KM2 * 1e6;
  const chosenShapes = useMemo(
    () => (blocks ?? []).filter((b) => chosen.includes(b.id)).map((b) => b.geometry),
    [blocks, chosen],
  );
  const onPick = useCallback((lon: number, lat: number) => setCorners((c) => [...c, [lon, lat]]), []);
  const onCentre = useCallback((get: () => [number, number] | null) => {
    centre.current = get;
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if ((mode === 'blocks' && !chosen.length) || (mode === 'draw' && corners.length < 3)) {
      setError(t('apply.needArea'));
      return;
    }
    if (tooLarge) {
      setError(t('apply.tooLarge', { max: MAX_KM2 }));
      return;
    }
    const first = corners[0] as [number, number];
    const area =
      mode === 'blocks'
        ? { block_ids: chosen }
        : { geometry: { type: 'Polygon', coordinates: [[...corners, first]] } };
    setBusy(true);
    try {
      await publicApi.apply({
        name: name.trim(),
        email: email.trim(),
        language: mailLang,
        ...(message.trim() ? { message: message.trim() } : {}),
        area,
        website,
      });
      setSent(email.trim());
    } catch (err) {
      setError(err instanceof ApiProblem ? err.message : t('problem', { error: String(err) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="apply-page connectors-page admin-page" lang={lang}>
      <nav className="segmented" aria-label="Language">
        {UI_LANGUAGES.map((l) => (
          <button
            key={l}
            type="button"
            className="admin-btn small"
            lang={l}
            aria-current={l === lang ? 'true' : undefined}
            onClick={() => void setLanguage(l)}
          >
            {LANGUAGE_NAMES[l]}
          </button>
        ))}
      </nav>
      <h1>{t('apply.title')}</h1>
      <p className="intro">{t('apply.intro')}</p>
      <div role="alert" className="notice error">
        {error ?? ''}
      </div>
      <div role="status" aria-live="polite" className="notice ok">
        {sent ? t('apply.sent', { email: iso(sent) }) : ''}
      </div>
      {!sent && (
        <form className="stack" onSubmit={submit} noValidate={false}>
          <label htmlFor={ids.name}>
            {t('apply.name')}
            <input
              id={ids.name}
              required
              maxLength={100}
              autoComplete="name"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <label htmlFor={ids.email}>
            {t('apply.email')}
            <input
              id={ids.email}
              type="email"
              required
              dir="ltr"
              autoComplete="email"
              aria-describedby={ids.emailHelp}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
            <span id={ids.emailHelp} className="help">
              {t('apply.emailHelp')}
            </span>
          </label>
          <label htmlFor={ids.lang}>
            {t('apply.language')}
            <select id={ids.lang} value={mailLang} onChange={(e) => setMailLang(e.target.value)}>
              {(config?.locales ?? [lang]).map((l) => (
                <option key={l} value={l} lang={l}>
                  {LANGUAGE_NAMES[l] ?? l}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="area-fieldset">
            <legend>{t('apply.area')}</legend>
            <div className="segmented">
              {(['blocks', 'draw'] as const).map((m) => (
                <button
                  key={m}
                  type="button"
                  className="admin-btn"
                  aria-pressed={mode === m}
                  onClick={() => setMode(m)}
                >
                  {t(m === 'blocks' ? 'apply.byBlocks' : 'apply.byDrawing')}
                </button>
              ))}
            </div>
            {mode === 'blocks' ? (
              <div>
                <p className="help">{t('apply.blocksHelp')}</p>
                <div className="blocks-list">
                  {(blocks ?? []).map((b) => (
                    <label key={b.id} className="check">
                      <input
                        type="checkbox"
                        checked={chosen.includes(b.id)}
                        onChange={(e) =>
                          setChosen((c) => (e.target.checked ? [...c, b.id] : c.filter((x) => x !== b.id)))
                        }
                      />
                      <bdi>{b.name}</bdi>
                    </label>
                  ))}
                </div>
              </div>
            ) : (
              <div className="stack">
                <p className="help">{t('apply.drawHelp', { max: MAX_KM2 })}</p>
                <div className="actions">
                  <button
                    type="button"
                    className="admin-btn"
                    onClick={() => {
                      const c = centre.current();
                      if (c) onPick(c[0], c[1]);
                    }}
                  >
                    {t('apply.addCentre')}
                  </button>
                  <button
                    type="button"
                    className="admin-btn"
                    disabled={!corners.length}
                    onClick={() => setCorners((c) => c.slice(0, -1))}
                  >
                    {t('apply.undo')}
                  </button>
                  <button
                    type="button"
                    className="admin-btn"
                    disabled={!corners.length}
                    onClick={() => setCorners([])}
                  >
                    {t('apply.clear')}
                  </button>
                </div>
                <p aria-live="polite">
                  {t('apply.corners', { count: corners.length })}
                  {corners.length >= 3 ? ` · ${t('apply.size', { value: iso(formatKm2(m2, lang)) })}` : ''}
                  {tooLarge ? ` · ${t('apply.tooLarge', { max: MAX_KM2 })}` : ''}
                </p>
              </div>
            )}
            <div className="area-map" style={{ height: 380, marginTop: 8 }}>
              {config && (
                <Suspense fallback={<p aria-busy="true">{t('loading')}</p>}>
                  <AreaMap
                    name="apply"
                    styleUrl={config.mapStyleUrl}
                    label={t('map.area')}
                    home={config.home}
                    bbox={config.bbox}
                    context={mode === 'blocks' ? (blocks ?? []).map((b) => b.geometry) : []}
                    areas={mode === 'blocks' ? chosenShapes : []}
                    draft={mode === 'draw' ? corners : []}
                    {...(mode === 'draw' ? { onPick } : {})}
                    onCentre={onCentre}
                  />
                </Suspense>
              )}
            </div>
          </fieldset>
          <label htmlFor={ids.message}>
            {t('apply.message')}
            <textarea
              id={ids.message}
              maxLength={2000}
              rows={3}
              value={message}
              onChange={(e) => setMessage(e.target.value)}
            />
          </label>
          <div className="honeypot" aria-hidden="true">
            <label htmlFor={ids.site}>
              Website
              <input
                id={ids.site}
                tabIndex={-1}
                autoComplete="off"
                value={website}
                onChange={(e) => setWebsite(e.target.value)}
              />
            </label>
          </div>
          <div className="actions">
            <button type="submit" className="admin-btn primary" disabled={busy}>
              {busy ? t('busy') : t('apply.submit')}
            </button>
          </div>
        </form>
      )}
    </main>
  );
}
