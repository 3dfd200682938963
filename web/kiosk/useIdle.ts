/**
 * Calls `onIdle` after `seconds` without a touch, click, key or wheel. `expire()` runs the same
 * callback at once (the soak test's way to run hundreds of idle cycles without waiting).
 */
import { useEffect, useRef } from 'react';

const EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

export function useIdle(seconds: number, onIdle: () => void): { expire: () => void } {
  const callback = useRef(onIdle);
  callback.current = onIdle;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    const arm = () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => callback.current(), seconds * 1000);
    };
    arm();
    for (const e of EVENTS) window.addEventListener(e, arm, { passive: true, capture: true });
    return () => {
      if (timer.current) clearTimeout(timer.current);
      for (const e of EVENTS) window.removeEventListener(e, arm, { capture: true });
    };
  }, [seconds]);
  return {
    expire: () => {
      if (timer.current) clearTimeout(timer.current);
      callback.current();
    },
  };
}
