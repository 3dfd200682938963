/**
 * The pieces every participation form shares: the error summary (a live region that takes the
 * focus), a field's error, groups of checkboxes as 44 px chips, the e-mail fields and the
 * honeypot that neither people nor assistive technology meet.
 */
import { type ReactNode, useEffect, useRef } from 'react';
import { autonym, UI_LANGUAGES } from '../i18n/index.ts';
import { useParticipateText } from './i18n.ts';
import type { Problem, Problems } from './validate.ts';

/** the id of a form field's element, so the summary can link to it */
export const fieldId = (form: string, field: string) => `${form}-${field}`;

export function ErrorSummary({ form, problems, order, server, focusKey }: { form: string; problems: Problems; order: string[]; server: string | null; focusKey: number }) {
  const { t } = useParticipateText();
  const ref = useRef<HTMLDivElement>(null);
  const fields = order.filter((f) => problems[f]);
  const count = fields.length + (server ? 1 : 0);
  // each failed attempt moves the focus to the summary, which screen readers then read out
  useEffect(() => {
    if (focusKey > 0) ref.current?.focus();
  }, [focusKey]);
  return (
    <div ref={ref} className="p-errors" role="alert" tabIndex={-1} hidden={count === 0}>
      {count > 0 && (
        <>
          {fields.length > 0 && <h2>{t('form.errorsTitle', { count: fields.length })}</h2>}
          <ul>
            {fields.map((f) => (
              <li key={f}>
                <a href={`#${fieldId(form, f)}`}>{message(t, problems[f])}</a>
              </li>
            ))}
            {server && <li>{server}</li>}
          </ul>
        </>
      )}
    </div>
  );
}

export function message(t: ReturnType<typeof useParticipateText>['t'], p: Problem | undefined): string {
  if (!p) return '';
  if (p.text) return p.text;
  return t(p.key as 'errors.email', p.values ?? {}) as string;
}

export function FieldError({ id, problem }: { id: string; problem: Problem | undefined }) {
  const { t } = useParticipateText();
  if (!problem) return null;
  return (
    <p id={id} className="p-field-error">
      {message(t, problem)}
    </p>
  );
}

export function CheckGroup({
  legend,
  name,
  options,
  values,
  onChange,
  hint,
}: {
  legend: string;
  name: string;
  options: { value: string; label: string; lang?: string }[];
  values: string[];
  onChange: (v: string[]) => void;
  hint?: string;
}) {
  return (
    <fieldset className="p-group">
      <legend>
        {legend} {hint && <span className="p-optional">({hint})</span>}
      </legend>
      <div className="p-chips">
        {options.map((o) => (
          <label key={o.value} className="p-chip">
            <input
              type="checkbox"
              name={name}
              value={o.value}
              checked={values.includes(o.value)}
              onChange={(e) => onChange(e.currentTarget.checked ? [...values, o.value] : values.filter((x) => x !== o.value))}
            />
            <span lang={o.lang}>{o.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function EmailFields({
  form,
  email,
  mailLanguage,
  problem,
  onEmail,
  onMailLanguage,
  languages,
}: {
  form: string;
  email: string;
  mailLanguage: string;
  problem: Problem | undefined;
  onEmail: (v: string) => void;
  /** absent: the form's own language field is the mails' language too */
  onMailLanguage?: (v: string) => void;
  /** the tenant's languages (default: all six of the interface) */
  languages?: readonly string[];
}) {
  const { t } = useParticipateText();
  const id = fieldId(form, 'email');
  const langs = languages?.length ? languages : UI_LANGUAGES;
  return (
    <div className="p-row">
      <label htmlFor={id}>
        {t('form.email')} <span className="p-required">({t('form.required')})</span>
      </label>
      <input
        id={id}
        type="email"
        name="email"
        dir="ltr"
        autoComplete="email"
        required
        value={email}
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-help${problem ? ` ${id}-error` : ''}`}
        onChange={(e) => onEmail(e.currentTarget.value)}
      />
      <p id={`${id}-help`} className="p-help">
        {t('form.emailHelp')}
      </p>
      <FieldError id={`${id}-error`} problem={problem} />
      {onMailLanguage && (
        <>
          <label htmlFor={fieldId(form, 'mail-language')}>{t('form.mailLanguage')}</label>
          <select id={fieldId(form, 'mail-language')} value={mailLanguage} onChange={(e) => onMailLanguage(e.currentTarget.value)}>
            {langs.map((l) => (
              <option key={l} value={l} lang={l}>
                {autonym(l)}
              </option>
            ))}
          </select>
        </>
      )}
    </div>
  );
}

/**
 * The honeypot: a field named `website` that people never see and screen readers never reach
 * (off screen, aria-hidden, out of the tab order, no autofill). A bot that fills it is answered
 * as usual and nothing is kept (server/participation/abuse.ts).
 */
export function Honeypot({ form, value, onChange }: { form: string; value: string; onChange: (v: string) => void }) {
  const { t } = useParticipateText();
  return (
    <div className="p-honeypot" aria-hidden="true">
      <label htmlFor={fieldId(form, 'website')}>{t('form.honeypot')}</label>
      <input id={fieldId(form, 'website')} type="text" name="website" tabIndex={-1} autoComplete="off" value={value} onChange={(e) => onChange(e.currentTarget.value)} />
    </div>
  );
}

export function Done({ title, children }: { title: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div ref={ref} className="p-done" role="status" tabIndex={-1}>
      <h2>{title}</h2>
      {children}
    </div>
  );
}
