/**
 * An admin's change to a kiosk's configuration reaches the running kiosk without anyone at the
 * screen: it is read again every five minutes and at each idle reset (the function returned), and applied only
 * between visitors — on the attract screen — never under someone's finger.
 */
import { useCallback, useEffect, useRef } from 'react';
import { type KioskConfig, kioskApi } from './data.ts';

const EVERY_MS = 5 * 60_000;

export function useConfigUpdates(
  slug: string,
  config: KioskConfig | null,
  betweenVisitors: boolean,
  apply: (c: KioskConfig) => void,
): () => void {
  const current = useRef(config);
  current.current = config;
  const idle = useRef(betweenVisitors);
  idle.current = betweenVisitors;
  const applyRef = useRef(apply);
  applyRef.current = apply;
  const pending = useRef<KioskConfig | null>(null);

  const check = useCallback(() => {
    kioskApi.config(slug).then(
      (c) => {
        if (JSON.stringify(c) === JSON.stringify(current.current)) {
          pending.current = null;
        } else if (idle.current) {
          pending.current = null;
          applyRef.current(c);
        } else {
          pending.current = c;
        }
      },
      () => {
        // offline or removed: keep what the kiosk has
      },
    );
  }, [slug]);

  useEffect(() => {
    const id = setInterval(check, EVERY_MS);
    return () => clearInterval(id);
  }, [check]);

  useEffect(() => {
    if (betweenVisitors && pending.current) {
      applyRef.current(pending.current);
      pending.current = null;
    }
  }, [betweenVisitors]);

  return check;
}
