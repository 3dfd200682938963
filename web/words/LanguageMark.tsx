/**
 * "In English": the mark beside a title shown in another language than the reader's (it has no
 * translation yet), in lists, search results and the kiosk as in the details. Nothing when the
 * content is in the reader's language.
 */
import { languageName } from '../i18n/index.ts';
import { fill, wordsIn } from './strings.ts';
import './words.css';

/** whether content in `contentLang` is not in the reader's language `ui` */
export function notInLanguage(contentLang: string | null | undefined, ui: string): contentLang is string {
  return !!contentLang && contentLang.slice(0, 2).toLowerCase() !== ui.slice(0, 2).toLowerCase();
}

export function LanguageMark(props: { lang: string | null | undefined; ui: string; className?: string }) {
  if (!notInLanguage(props.lang, props.ui)) return null;
  const words = wordsIn(props.ui);
  const name = languageName(props.lang, props.ui);
  return (
    <span
      className={`lang-mark${props.className ? ` ${props.className}` : ''}`}
      lang={props.ui}
      title={fill(words.mark.long, { lang: name })}
      data-lang={props.lang}
    >
      <span aria-hidden="true">{fill(words.mark.short, { lang: name })}</span>
      <span className="sr-only">{fill(words.mark.long, { lang: name })}</span>
    </span>
  );
}
