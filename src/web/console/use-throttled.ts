import { useEffect, useRef, useState } from 'react';

/**
 * A value that follows `value` at most once every `ms` (its latest, when the time comes): a page that
 * reads again on every event of the live stream (the log's newest page, the sheets) reads at most
 * that often while a simulation records many a second.
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const wait = Math.max(0, last.current + ms - Date.now());
    const timer = setTimeout(() => {
      last.current = Date.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, shown, ms]);
  return shown;
}
