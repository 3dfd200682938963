/** A QR code of a URL, drawn locally (the qrcode library, loaded when first needed). */
import { useEffect, useState } from 'react';

export function Qr({ url, label, size = 220 }: { url: string; label: string; size?: number }) {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    import('qrcode')
      .then((q) => q.toString(url, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }))
      .then(
        (s) => live && setSvg(s),
        () => {},
      );
    return () => {
      live = false;
    };
  }, [url]);
  return (
    <figure className="k-qr">
      {svg ? (
        <img
          src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
          alt={label}
          width={size}
          height={size}
          data-qr-url={url}
        />
      ) : (
        <span className="k-qr-placeholder" style={{ width: size, height: size }} />
      )}
      <figcaption>{label}</figcaption>
    </figure>
  );
}
