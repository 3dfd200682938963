/** The interface language, each shown in its own script. */
import { useTranslation } from 'react-i18next';
import { autonym, UI_LANGUAGES } from '../i18n/index.ts';

export function LanguageSwitcher(props: { onChange: (lang: string) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <label className="lang-switch">
      <span className="sr-only">{t('uiLanguage')}</span>
      <select value={i18n.language} onChange={(e) => props.onChange(e.currentTarget.value)} aria-label={t('uiLanguage')}>
        {UI_LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {autonym(l)}
          </option>
        ))}
      </select>
    </label>
  );
}
