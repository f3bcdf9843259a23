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
  const last = useRef({ at: 0, asOf: null as string | null });
  // An as-of report does not change as events arrive: made again only when the time changes.
  const changes = asOf ? 0 : revision;
  useEffect(() => {
    const controller = new AbortController();
    // Another time asked: what is shown is not of that time, so it goes, and the report comes at once.
    const sameTime = last.current.asOf === asOf;
    if (!sameTime) setReport(null);
    const wait = sameTime ? Math.max(0, last.current.at + REFRESH_MS - Date.now()) : 0;
    const timer = setTimeout(() => {
      last.current = { at: Date.now(), asOf };
      const query = asOf ? `?asOf=${encodeURIComponent(asOf)}` : '';
      apiFetch<T>(session, `/operations/${session.operationId}/reports/sitrep${query}`, {
        signal: controller.signal,
      })
        .then((r) => {
          setReport(r);
          setError(null);
        })
        .catch((e: unknown) => {
          if (controller.signal.aborted) return;
          setReport(null);
          setError(e instanceof Error ? e.message : String(e));
        });
    }, wait);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [session, changes, asOf]);
  return { report, error };
}
