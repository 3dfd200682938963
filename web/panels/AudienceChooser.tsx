/**
 * The first visit's dialog: the language first — each language the town offers named in its own
 * script, starting from the browser's language when the town offers it — then "who is this for?"
 * (skippable). Choosing a language switches the whole page at once, so the rest of the dialog
 * reads in it. The answer ranks what suits the resident first and fills "for you this week"; it
 * is remembered on the device and can be changed any time.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { autonym, isUiLanguage, languageChosenBefore, UI_LANGUAGES } from '../i18n/index.ts';
import { AUDIENCES, audienceLabel } from '../taxonomy.ts';
import { firstVisitLanguage } from '../words/first-visit.ts';
import { wordsIn } from '../words/strings.ts';
import '../words/words.css';

const RTL = new Set(['he']);

export function AudienceChooser(props: {
  initial: string[];
  onDone: (audiences: string[]) => void;
  onSkip: () => void;
  /** the town's languages (its default first is not needed: the order is the interface's) */
  tenant?: { locales: string[]; defaultLocale: string } | null;
  /** switches the interface's language */
  onLanguage?: (lang: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const [chosen, setChosen] = useState<string[]>(props.initial);
  const dialog = useRef<HTMLDialogElement>(null);
  const groupId = useId();
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  const { tenant, onLanguage } = props;
  // the first visit starts from the browser's languages, among those the town offers
  const preselected = useRef(false);
  useEffect(() => {
    if (!tenant || !onLanguage || preselected.current) return;
    preselected.current = true;
    if (languageChosenBefore()) return;
    const lang = firstVisitLanguage(navigator.languages ?? [navigator.language], tenant);
    if (lang !== i18n.language) onLanguage(lang);
  }, [tenant, onLanguage, i18n]);
  const offered = UI_LANGUAGES.filter((l) => !tenant || tenant.locales.includes(l));
  const current = isUiLanguage(i18n.language) ? i18n.language : 'en';
  const words = wordsIn(current);
  const toggle = (a: string, on: boolean) => setChosen((c) => (on ? [...c, a] : c.filter((x) => x !== a)));
  return (
    <dialog
      ref={dialog}
      className="audience-dialog"
      aria-labelledby="audience-title"
      aria-describedby="audience-intro"
      onCancel={(e) => {
        e.preventDefault();
        props.onSkip();
      }}
    >
      {onLanguage && offered.length > 1 && (
        <fieldset className="first-language" aria-describedby={`${groupId}-hint`}>
          <legend>
            <svg className="globe" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
              <circle cx="12" cy="12" r="9.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
              <ellipse cx="12" cy="12" rx="4.2" ry="9.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
              <path d="M2.5 12h19M4 7h16M4 17h16" fill="none" stroke="currentColor" strokeWidth="1.2" />
            </svg>
            {words.firstVisit.language}
          </legend>
          <p id={`${groupId}-hint`} className="sr-only">
            {words.firstVisit.languageHint}
          </p>
          <div className="first-language-options">
            {offered.map((l) => (
              <label key={l} lang={l} dir={RTL.has(l) ? 'rtl' : 'ltr'}>
                <input
                  type="radio"
                  name={`${groupId}-lang`}
                  value={l}
                  checked={current === l}
                  onChange={() => onLanguage(l)}
                />
                <span>{autonym(l)}</span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <h2 id="audience-title">{t('audience.title')}</h2>
      <p id="audience-intro">{t('audience.intro')}</p>
      <ul className="audience-options">
        {AUDIENCES.filter((a) => a !== 'everyone').map((a) => (
          <li key={a}>
            <label>
              <input type="checkbox" checked={chosen.includes(a)} onChange={(e) => toggle(a, e.currentTarget.checked)} />
              <span>{audienceLabel(a, i18n.language)}</span>
            </label>
          </li>
        ))}
      </ul>
      <div className="dialog-buttons">
        <button type="button" className="secondary" onClick={props.onSkip}>
          {t('audience.skip')}
        </button>
        <button type="button" onClick={() => props.onDone(chosen)} disabled={chosen.length === 0}>
          {t('audience.done')}
        </button>
      </div>
    </dialog>
  );
}
