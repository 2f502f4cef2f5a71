// The kiosk is a shared device: a session nobody touches for IDLE_MS is ended and the screen wiped,
// after WARN_MS of warning that a touch cancels. The clock runs only while someone is signed in.
import { useEffect, useRef, useState } from 'react';

export const IDLE_MS = 60_000;
export const WARN_MS = 15_000;
const ACTIVITY = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;

/** Seconds left of the warning (null: no warning shown); `onIdle` runs once when time is up. */
export function useIdleTimeout(active: boolean, onIdle: () => void, idleMs = IDLE_MS, warnMs = WARN_MS): number | null {
  const [left, setLeft] = useState<number | null>(null);
  const last = useRef(Date.now());
  const idle = useRef(onIdle);
  idle.current = onIdle;

  useEffect(() => {
    if (!active) {
      setLeft(null);
      return;
    }
    last.current = Date.now();
    const touched = () => {
      last.current = Date.now();
      setLeft(null);
    };
    for (const type of ACTIVITY) window.addEventListener(type, touched, { passive: true, capture: true });
    const timer = window.setInterval(() => {
      const remaining = idleMs - (Date.now() - last.current);
      if (remaining <= 0) {
        window.clearInterval(timer);
        setLeft(null);
        idle.current();
      } else if (remaining <= warnMs) {
        setLeft(Math.ceil(remaining / 1000));
      }
    }, 250);
    return () => {
      window.clearInterval(timer);
      for (const type of ACTIVITY) window.removeEventListener(type, touched, { capture: true });
    };
  }, [active, idleMs, warnMs]);

  return left;
}
