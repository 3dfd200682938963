/**
 * "Get this by e-mail": subscribes the current view (its what's-on filters, passed in as query
 * parameters) to a weekly or daily digest. Double opt-in: the server mails a confirmation link.
 * Says so when the server has no mail (GET /api/config → mail: false). Errors are announced
 * (role="alert", aria-invalid on the field); the outcome is announced as a status.
 */
import { type FormEvent, useEffect, useId, useState } from 'react';
import { autonym, UI_LANGUAGES } from '../i18n/index.ts';
import { useSubscribeText } from './i18n.ts';
import { apiUrl } from '../state/tenant.ts';

/** the what's-on filter parameters (server/opportunities/filters.ts FILTER_KEYS) a digest keeps */
const STORED_FILTERS = [
  'bbox',
  'lon',
  'lat',
  'radius_m',
  'area',
  'category',
  'audience',
  'language',
  'free',
  'wheelchair',
  'q',
  'prefer',
] as const;

export interface SubscribeFormProps {
  /** the current view's filters as query parameters (area, audience, category, …) */
  filters: Record<string, string>;
  /** the tenant's slug, when the app serves one other than the default */
  tenant?: string;
  /** whether the server sends mail; unset: asked from /api/config */
  mailEnabled?: boolean;
  /** the level of the form's heading: 3 inside a panel whose own heading is a level 2 */
  headingLevel?: 2 | 3;
}

type State =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'sent' }
  | { kind: 'invalid' }
  | { kind: 'error'; message: string };

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function viewFilters(filters: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(filters).filter(([k, v]) => (STORED_FILTERS as readonly string[]).includes(k) && v !== ''),
  );
}

export function SubscribeForm({ filters, tenant, mailEnabled, headingLevel = 2 }: SubscribeFormProps) {
  const Heading = headingLevel === 3 ? 'h3' : 'h2';
  const { t, lang } = useSubscribeText();
  const id = useId();
  const [mail, setMail] = useState<boolean | undefined>(mailEnabled);
  const [email, setEmail] = useState('');
  const [language, setLanguage] = useState<string>(
    (UI_LANGUAGES as readonly string[]).includes(lang) ? lang : 'en',
  );
  const [frequency, setFrequency] = useState<'weekly' | 'daily'>('weekly');
  const [state, setState] = useState<State>({ kind: 'idle' });

  useEffect(() => {
    if (mailEnabled !== undefined) {
      setMail(mailEnabled);
      return;
    }
    const ctl = new AbortController();
    fetch(apiUrl(`/api/config${tenant ? `?tenant=${encodeURIComponent(tenant)}` : ''}`), { signal: ctl.signal })
      .then((r) => r.json() as Promise<{ mail?: boolean }>)
      .then((c) => setMail(c.mail === true))
      .catch(() => {
        // aborted or unreachable: the form stays, and says so if submitting fails
      });
    return () => ctl.abort();
  }, [mailEnabled, tenant]);

  const kept = viewFilters(filters);
  const summary = Object.entries(kept)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');

  if (mail === false) {
    return (
      <section aria-labelledby={`${id}-title`} className="subscribe">
        <Heading id={`${id}-title`}>{t('title')}</Heading>
        <p role="status">{t('mailOff')}</p>
      </section>
    );
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!EMAIL_RE.test(email.trim())) {
      setState({ kind: 'invalid' });
      return;
    }
    setState({ kind: 'sending' });
    try {
      const res = await fetch(apiUrl(`/api/subscriptions${tenant ? `?tenant=${encodeURIComponent(tenant)}` : ''}`), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ email: email.trim(), language, frequency, filters: kept }),
      });
      if (res.status === 202) {
        setState({ kind: 'sent' });
        return;
      }
      const body = (await res.json().catch(() => null)) as {
        error?: { code?: string; message?: string };
      } | null;
      if (body?.error?.code === 'mail_disabled') setMail(false);
      setState({ kind: 'error', message: body?.error?.message ?? String(res.status) });
    } catch {
      setState({ kind: 'error', message: t('errorNetwork') });
    }
  }

  const invalid = state.kind === 'invalid';
  return (
    <section aria-labelledby={`${id}-title`} className="subscribe">
      <Heading id={`${id}-title`}>{t('title')}</Heading>
      <p>{t('intro')}</p>
      <form onSubmit={submit} noValidate>
        <label htmlFor={`${id}-email`}>{t('email')}</label>
        <input
          id={`${id}-email`}
          type="email"
          name="email"
          dir="ltr"
          autoComplete="email"
          required
          value={email}
          aria-invalid={invalid || undefined}
          aria-describedby={`${id}-email-help${invalid ? ` ${id}-email-error` : ''}`}
          onChange={(e) => setEmail(e.target.value)}
        />
        <p id={`${id}-email-help`}>{t('emailHelp')}</p>
        {invalid && (
          <p id={`${id}-email-error`} role="alert">
            {t('errorEmail')}
          </p>
        )}
        <label htmlFor={`${id}-language`}>{t('language')}</label>
        <select id={`${id}-language`} value={language} onChange={(e) => setLanguage(e.target.value)}>
          {UI_LANGUAGES.map((l) => (
            <option key={l} value={l} lang={l}>
              {autonym(l)}
            </option>
          ))}
        </select>
        <fieldset>
          <legend>{t('frequency')}</legend>
          {(['weekly', 'daily'] as const).map((f) => (
            <label key={f}>
              <input
                type="radio"
                name={`${id}-frequency`}
                value={f}
                checked={frequency === f}
                onChange={() => setFrequency(f)}
              />{' '}
              {t(f)}
            </label>
          ))}
        </fieldset>
        <p>
          {t('forView')}
          <bdi>{summary || t('allActivities')}</bdi>
        </p>
        <button type="submit" disabled={state.kind === 'sending'}>
          {state.kind === 'sending' ? t('sending') : t('submit')}
        </button>
      </form>
      <p role="status" aria-live="polite">
        {state.kind === 'sent' ? t('sent') : ''}
      </p>
      {state.kind === 'error' && <p role="alert">{t('errorServer', { message: state.message })}</p>}
    </section>
  );
}
