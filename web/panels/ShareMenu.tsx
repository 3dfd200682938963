/**
 * Share an activity (or a whole list: `label` names the button) where people talk. On a phone (where the Web Share API is there) the button
 * opens the system share sheet; elsewhere it discloses links for WhatsApp, Telegram, SMS and
 * e-mail, each with a short text in the reader's language (title, next date, place, link), and a
 * copy button. Keyboard: Enter/Space opens, the arrows move between the choices, Escape closes
 * and returns to the button.
 */
import { type KeyboardEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface ShareContent {
  /** the e-mail's subject and the share sheet's title */
  title: string;
  /** the short text, without the link */
  text: string;
  url: string;
}

/** the links of each channel for a text and a URL (the text is sent with the link) */
export function shareLinks({ title, text, url }: ShareContent) {
  const e = encodeURIComponent;
  return {
    whatsapp: `https://wa.me/?text=${e(`${text} ${url}`)}`,
    telegram: `https://t.me/share/url?url=${e(url)}&text=${e(text)}`,
    sms: `sms:?&body=${e(`${text} ${url}`)}`,
    email: `mailto:?subject=${e(title)}&body=${e(`${text}\n${url}`)}`,
  };
}

/** an interpolated name or date isolated (U+2068…U+2069) so it keeps its order in any script */
export const isolate = (s: string) => `\u2068${s}\u2069`;

type Channel = keyof ReturnType<typeof shareLinks>;
const CHANNELS: Channel[] = ['whatsapp', 'telegram', 'sms', 'email'];

export function ShareMenu({ content, label }: { content: ShareContent; label?: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const id = useId();
  const canShare = typeof navigator.share === 'function';

  const choices = () => [...(list.current?.querySelectorAll<HTMLElement>('a, button') ?? [])];
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const onKey = (e: KeyboardEvent) => {
    const all = choices();
    const at = all.indexOf(document.activeElement as HTMLElement);
    if (!open) return;
    if (e.key === 'Escape') {
      // the menu closes, not the details around it (App closes them on Escape)
      e.preventDefault();
      e.stopPropagation();
      close();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      all[(at + step + all.length) % all.length]?.focus();
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      (e.key === 'Home' ? all[0] : all[all.length - 1])?.focus();
    }
  };

  if (canShare) {
    return (
      <button
        type="button"
        className="secondary share-button"
        onClick={() => {
          // the reader may close the sheet without sharing: that is not an error
          navigator.share({ title: content.title, text: content.text, url: content.url }).catch(() => {});
        }}
      >
        {label ?? t('share.button')}
      </button>
    );
  }
  const links = shareLinks(content);
  return (
    <div className="share-menu">
      <button
        ref={button}
        type="button"
        className="secondary share-button"
        aria-expanded={open}
        aria-controls={id}
        onKeyDown={onKey}
        onClick={() => {
          setOpen(!open);
          setCopied(false);
          // focus the first choice once the list is shown
          if (!open) requestAnimationFrame(() => choices()[0]?.focus());
        }}
      >
        {label ?? t('share.button')}
      </button>
      <ul
        id={id}
        ref={list}
        className="share-options"
        hidden={!open}
        aria-label={t('share.options')}
        onKeyDown={onKey}
      >
        {CHANNELS.map((c) => (
          <li key={c}>
            <a
              href={links[c]}
              data-channel={c}
              {...(c === 'whatsapp' || c === 'telegram'
                ? { target: '_blank', rel: 'noopener noreferrer' }
                : {})}
            >
              {t(`share.${c}`)}
            </a>
          </li>
        ))}
        <li>
          <button
            type="button"
            data-channel="copy"
            onClick={() => {
              navigator.clipboard?.writeText(content.url).then(
                () => setCopied(true),
                () => {},
              );
            }}
          >
            {copied ? t('details.copied') : t('details.share')}
          </button>
          <span className="sr-only" aria-live="polite">
            {copied ? t('details.copied') : ''}
          </span>
        </li>
      </ul>
    </div>
  );
}
