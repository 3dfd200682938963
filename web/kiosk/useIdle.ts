/**
 * After `seconds` without a touch, click, key or wheel, asks "Still there?": `asking` counts down
 * the seconds left (a grace of ASK_SECONDS, at most the idle time itself, at least 10 s); a touch
 * outside the question, or `stay()`, keeps the visit; at 0 `onIdle` runs. With `ask` off (the
 * attract screen, nobody to ask) `onIdle` runs after `seconds` straight away.
 * `expire()` runs `onIdle` at once (the soak test's way to run hundreds of idle cycles without
 * waiting); `askNow()` puts the question at once.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

const EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;
/** how long the question waits for an answer */
export const ASK_SECONDS = 20;
/** elements inside the question do not count as "still there": their own buttons answer */
export const QUESTION_ATTRIBUTE = 'data-idle-question';

export function graceSeconds(idleSeconds: number): number {
  return Math.max(10, Math.min(ASK_SECONDS, idleSeconds));
}

export function useIdle(
  seconds: number,
  onIdle: () => void,
  ask = false,
): { expire: () => void; asking: number | null; stay: () => void; askNow: (seconds?: number) => void } {
  const callback = useRef(onIdle);
  callback.current = onIdle;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const ticker = useRef<ReturnType<typeof setInterval> | null>(null);
  const [asking, setAsking] = useState<number | null>(null);
  const grace = graceSeconds(seconds);

  const stop = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    if (ticker.current) clearInterval(ticker.current);
    timer.current = null;
    ticker.current = null;
  }, []);

  const question = useCallback(
    (seconds?: number) => {
      stop();
      const wait = seconds ?? grace;
      const ends = Date.now() + wait * 1000;
      setAsking(wait);
      ticker.current = setInterval(() => {
        const left = Math.ceil((ends - Date.now()) / 1000);
        if (left > 0) setAsking(left);
        else {
          stop();
          setAsking(null);
          callback.current();
        }
      }, 250);
    },
    [grace, stop],
  );

  const arm = useCallback(() => {
    stop();
    setAsking(null);
    timer.current = setTimeout(() => {
      if (ask) question();
      else callback.current();
    }, seconds * 1000);
  }, [ask, question, seconds, stop]);

  useEffect(() => {
    arm();
    const onActivity = (e: Event) => {
      // the question's own buttons answer it; any other touch means someone is there
      const target = e.target instanceof Element ? e.target : null;
      if (target?.closest(`[${QUESTION_ATTRIBUTE}]`)) return;
      arm();
    };
    for (const e of EVENTS) window.addEventListener(e, onActivity, { passive: true, capture: true });
    return () => {
      stop();
      for (const e of EVENTS) window.removeEventListener(e, onActivity, { capture: true });
    };
  }, [arm, stop]);

  return {
    expire: () => {
      stop();
      setAsking(null);
      callback.current();
    },
    asking,
    stay: arm,
    askNow: question,
  };
}
