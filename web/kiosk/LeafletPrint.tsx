/**
 * "Print this week's leaflet" on a kiosk with a printer: the leaflet of the kiosk's neighbourhood
 * (/leaflet?area=…&audience=…&lang=…&print=1), in the kiosk's current language and for the
 * audience chosen, is laid out in an off-screen frame that prints itself once it has fitted its
 * pages, then tells the kiosk (postMessage), which removes the frame: nothing stays behind. The
 * kiosk mounts this component afresh after each visit, so an idle reset also ends a print job.
 * The kiosk's browser prints without a dialog when started with --kiosk-printing (docs/PUSH.md).
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LEAFLET_FAILED, LEAFLET_PRINTED } from '../leaflet/print-messages.ts';
import { leafletLink } from '../state/feed-links.ts';

type Job = { url: string; state: 'preparing' | 'sent' | 'failed' };

export function LeafletPrint(props: { area: { id: string; name: string }; audience: string | null }) {
  const { t, i18n } = useTranslation();
  const [job, setJob] = useState<Job | null>(null);
  const frame = useRef<HTMLIFrameElement>(null);
  const preparing = job?.state === 'preparing';

  useEffect(() => {
    if (!preparing) return;
    const onMessage = (e: MessageEvent) => {
      // only the frame this kiosk opened, from this origin
      if (e.origin !== window.location.origin || e.source !== frame.current?.contentWindow) return;
      const type = (e.data as { type?: unknown } | null)?.type;
      if (type === LEAFLET_PRINTED) setJob((j) => j && { ...j, state: 'sent' });
      else if (type === LEAFLET_FAILED) setJob((j) => j && { ...j, state: 'failed' });
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [preparing]);

  const start = () => {
    const url = `${leafletLink(props.area.id, props.audience ? [props.audience] : [], i18n.language)}&print=1`;
    setJob({ url, state: 'preparing' });
  };

  return (
    <div className="k-leaflet">
      <button type="button" className="k-leaflet-print" onClick={start} disabled={preparing}>
        <span aria-hidden="true">🖨</span> {t('kiosk.printLeaflet')}
      </button>
      <p className="k-leaflet-status" role="status" aria-live="polite">
        {job?.state === 'preparing'
          ? t('kiosk.leafletPreparing')
          : job?.state === 'sent'
            ? t('kiosk.leafletSent')
            : job?.state === 'failed'
              ? t('kiosk.leafletFailed')
              : t('kiosk.leafletFor', { area: `\u2068${props.area.name}\u2069` })}
      </p>
      {preparing && (
        <iframe
          ref={frame}
          className="k-leaflet-frame"
          src={job.url}
          title={t('kiosk.printLeaflet')}
          aria-hidden="true"
          tabIndex={-1}
        />
      )}
    </div>
  );
}
