import { useEffect, useState } from 'react';
import { CORRIDORS_DRAWN } from '../OperationMap.js';

/**
 * Resolves once the corridors are on the canvas, or after two seconds at most (an operation with no
 * corridor yet): the layers that only give context wait for it, so that the first frames the map draws
 * are the operation's own.
 */
export function afterCorridors(): Promise<void> {
  return new Promise<void>((done) => {
    if (document.documentElement.dataset.corridorsDrawn) return done();
    addEventListener(CORRIDORS_DRAWN, () => done(), { once: true });
    setTimeout(done, 2000);
  });
}

/** Whether the corridors are drawn yet (see afterCorridors). */
export function useAfterCorridors(): boolean {
  const [ready, setReady] = useState(() => Boolean(document.documentElement.dataset.corridorsDrawn));
  useEffect(() => {
    if (ready) return;
    let alive = true;
    void afterCorridors().then(() => alive && setReady(true));
    return () => {
      alive = false;
    };
  }, [ready]);
  return ready;
}
