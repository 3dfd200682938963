/**
 * "Who is this for?" — the first, skippable question. The answer ranks what suits the resident
 * first and fills "for you this week"; it is remembered on the device and can be changed any time.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIENCES, audienceLabel } from '../taxonomy.ts';

export function AudienceChooser(props: { initial: string[]; onDone: (audiences: string[]) => void; onSkip: () => void }) {
  const { t, i18n } = useTranslation();
  const [chosen, setChosen] = useState<string[]>(props.initial);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
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
