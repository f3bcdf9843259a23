import { useEffect, useRef, useState } from 'react';
import { apiFetch } from '../client/http.js';
import type { Session } from '../client/session.js';

/** The report is made again at most this often while events arrive (it takes milliseconds). */
const REFRESH_MS = 5000;

/**
 * `GET .../reports/sitrep` as JSON, now (made again as events arrive, at most every 5 s) or as of a
 * past time: the same numbers as the PDF, the HTML and every export.
 */
export function useSitrep<T>(session: Session, revision: number, asOf: string | null) {
  const [report, setReport] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const last = useRef(0);
  // An as-of report does not change as events arrive: made again only when the time changes.
  const changes = asOf ? 0 : revision;
  useEffect(() => {
    const controller = new AbortController();
    const wait = Math.max(0, last.current + REFRESH_MS - Date.now());
    const timer = setTimeout(() => {
      last.current = Date.now();
      const query = asOf ? `?asOf=${encodeURIComponent(asOf)}` : '';
      apiFetch<T>(session, `/operations/${session.operationId}/reports/sitrep${query}`, {
        signal: controller.signal,
      })
        .then((r) => {
          setReport(r);
          setError(null);
        })
        .catch((e: unknown) => {
          if (!controller.signal.aborted) setError(e instanceof Error ? e.message : String(e));
        });
    }, wait);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [session, changes, asOf]);
  return { report, error };
}
