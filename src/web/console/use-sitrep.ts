import { useEffect, useRef, useState } from 'react';
import { apiFetch } from '../client/http.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';

/** What is made from the whole log (a report, recovery per area) is read again at most this often. */
const REFRESH_MS = 5000;

/**
 * `GET path` (under the operation), read again as events arrive (`revision`), at most every 5 s; a
 * new path is read at once and what was shown of the old one goes.
 */
export function useLiveRead<T>(
  session: Session,
  path: string,
  revision: number,
  options: { keep?: boolean } = {},
) {
  const { problem } = useI18n();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  // The path whose read has come back (answered or refused): the one asked for, once it is settled.
  const [settledPath, setSettledPath] = useState<string | null>(null);
  const last = useRef({ at: 0, path: null as string | null });
  useEffect(() => {
    const controller = new AbortController();
    const samePath = last.current.path === path;
    // Unless asked to keep it while the next comes (a replay stepping on), what was of another path goes.
    if (!samePath && !options.keep) setData(null);
    const wait = samePath ? Math.max(0, last.current.at + REFRESH_MS - Date.now()) : 0;
    const timer = setTimeout(() => {
      last.current = { at: Date.now(), path };
      apiFetch<T>(session, `/operations/${session.operationId}${path}`, { signal: controller.signal })
        .then((r) => {
          setData(r);
          setError(null);
          setSettledPath(path);
        })
        .catch((e: unknown) => {
          if (controller.signal.aborted) return;
          setData(null);
          setError(e);
          setSettledPath(path);
        });
    }, wait);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [session, path, revision, options.keep]);
  return { data, error: error === null ? null : problem(error), settled: settledPath === path };
}

/**
 * `GET .../reports/sitrep` as JSON, now (made again as events arrive) or as of a past time (made again
 * only when the time changes): the same numbers as the PDF, the HTML and every export.
 */
export function useSitrep<T>(
  session: Session,
  revision: number,
  asOf: string | null,
  options: { keep?: boolean } = {},
) {
  const query = asOf ? `?asOf=${encodeURIComponent(asOf)}` : '';
  const { data, error, settled } = useLiveRead<T>(
    session,
    `/reports/sitrep${query}`,
    asOf ? 0 : revision,
    options,
  );
  return { report: data, error, settled };
}
