/** Pieces the back office pages share: the live regions for outcomes and errors, the invitation's outcome, dates. */
import { useState } from 'react';
import { type InviteAnswer, PageError } from './api.ts';
import { type PagesT, usePagesText } from './i18n.ts';
import './pages.css';

export type Notice = { kind: 'ok' | 'error'; text: string } | null;

/** a polite status for outcomes and an alert for errors; both always in the page, so screen readers hear changes */
export function Notices({ notice }: { notice: Notice }) {
  return (
    <>
      <div role="status" aria-live="polite" className="notice ok">
        {notice?.kind === 'ok' ? notice.text : ''}
      </div>
      <div role="alert" className="notice error">
        {notice?.kind === 'error' ? notice.text : ''}
      </div>
    </>
  );
}

export function errorText(t: PagesT, err: unknown): string {
  if (err instanceof PageError) return err.message;
  return t('problem', { error: err instanceof Error ? err.message : String(err) });
}

/** a date and time in the page's language, isolated for right-to-left text */
export function When({ iso, lang }: { iso: string; lang: string }) {
  const d = new Date(iso);
  return (
    <time dateTime={iso}>
      {/* isolated, direction by its own first letter: a Hebrew date reads right to left */}
      <bdi>{new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(d)}</bdi>
    </time>
  );
}

/** what happened to an invitation: mailed, or the link to hand over (mail off or failed) */
export function InviteOutcome({ answer, email }: { answer: InviteAnswer; email: string }) {
  const { t, lang } = usePagesText();
  const [copied, setCopied] = useState(false);
  if (answer.mail.sent || !answer.link) return null;
  const until = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(answer.link.expires_at),
  );
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(answer.link?.url ?? '');
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div className="invite-link">
      <p>
        {t(answer.mail.reason === 'mail_failed' ? 'invite.mailFailed' : 'invite.mailOff', {
          email: `\u2068${email}\u2069`,
          until: `\u2068${until}\u2069`,
        })}
      </p>
      <label>
        {t('invite.link')}
        <input
          type="text"
          readOnly
          dir="ltr"
          value={answer.link.url}
          onFocus={(e) => e.currentTarget.select()}
        />
      </label>
      <button type="button" className="admin-btn" onClick={copy}>
        {t('invite.copy')}
      </button>
      <span role="status" className="invite-copied">
        {copied ? t('invite.copied') : ''}
      </span>
    </div>
  );
}

/** the sentence of an invitation's outcome for the status region */
export function inviteSentence(t: PagesT, answer: InviteAnswer, email: string): string | null {
  if (!answer.membership_created) return t('invite.already', { email: `\u2068${email}\u2069` });
  if (answer.mail.sent) return t('invite.mailed', { email: `\u2068${email}\u2069` });
  return null;
}
