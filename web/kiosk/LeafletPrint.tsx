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
        <PrinterIcon /> {t('kiosk.printLeaflet')}
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

/** a printer, drawn (a kiosk's browser may have no emoji font) */
function PrinterIcon() {
  return (
    <svg
      className="k-leaflet-icon"
      viewBox="0 0 24 24"
      width="28"
      height="28"
      aria-hidden="true"
      focusable="false"
    >
      <path
        fill="currentColor"
        d="M7 3h10v4H7zM5 8h14a3 3 0 0 1 3 3v6h-4v4H6v-4H2v-6a3 3 0 0 1 3-3zm3 8v3h8v-3zm10-5.5a1 1 0 1 0 0 2 1 1 0 0 0 0-2z"
      />
    </svg>
  );
}
