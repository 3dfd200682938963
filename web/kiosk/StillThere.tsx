/**
 * "Still there?": asked when nobody has touched the kiosk for its idle time, before it forgets the
 * visit. Two large answers — continue (the default, focused) or start over — and the seconds left,
 * counting down; without an answer the kiosk starts again for the next visitor.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { QUESTION_ATTRIBUTE } from './useIdle.ts';

export function StillThere(props: { secondsLeft: number; onContinue: () => void; onStartOver: () => void }) {
  const { t, i18n } = useTranslation();
  const stay = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    stay.current?.focus();
  }, []);
  const count = new Intl.NumberFormat(i18n.language).format(props.secondsLeft);
  return (
    <div className="k-ask-backdrop" {...{ [QUESTION_ATTRIBUTE]: '' }}>
      <div
        className="k-ask"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="k-ask-title"
        aria-describedby="k-ask-text"
      >
        <h2 id="k-ask-title">{t('kiosk.stillThere')}</h2>
        <p id="k-ask-text">{t('kiosk.stillThereText')}</p>
        <p className="k-ask-count">
          <span className="k-ask-seconds" aria-hidden="true">
            <bdi>{count}</bdi>
          </span>
          <span>{t('kiosk.startingIn', { count: props.secondsLeft })}</span>
        </p>
        <div className="k-ask-buttons">
          <button ref={stay} type="button" className="k-ask-continue" onClick={props.onContinue}>
            {t('kiosk.continue')}
          </button>
          <button type="button" className="k-ask-over" onClick={props.onStartOver}>
            {t('kiosk.startOver')}
          </button>
        </div>
      </div>
    </div>
  );
}
