import { useCallback, useEffect, useRef, useState } from 'react';
import type { READ_PURPOSES } from '../../contracts/protection/personal-data.js';
import { apiFetch } from '../client/http.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';

export type Purpose = (typeof READ_PURPOSES)[number];

/** A registered person as a protection officer reads them (with a purpose): null when erased. */
export interface Registration {
  id: string;
  code: string;
  convoyId: string | null;
  familyGroupId: string | null;
  child: boolean;
  unaccompanied: boolean;
  separated: boolean;
  caseStatus: string | null;
  erasedAt: string | null;
  person: {
    name: { latin?: string; arabic?: string };
    sex?: 'female' | 'male';
    age?: number;
    birthYear?: number;
    relationship?: string;
  } | null;
}
export interface FamilyGroup {
  id: string;
  code: string;
  members: { code: string }[];
}
export interface TracingRequest {
  id: string;
  code: string;
  status: string;
}

/** The name as given, in both scripts when both are known. */
export function personName(r: Registration, erased: string): string {
  if (!r.person) return erased;
  const { latin, arabic } = r.person.name;
  return [latin, arabic].filter(Boolean).join(' · ');
}

/**
 * What a protection officer works on. Codes and statuses (family groups, tracing requests) are read
 * as the page opens; names only when the officer gives a purpose and asks: each such read is recorded
 * (an event), so it is never repeated on its own as events arrive, only after the officer's own change.
 */
export function useProtection(session: Session, revision: number) {
  const op = `/operations/${session.operationId}`;
  const [purpose, setPurpose] = useState<Purpose | null>(null);
  const [registrations, setRegistrations] = useState<Registration[] | null>(null);
  const { problem } = useI18n();
  const [error, setError] = useState<unknown>(null);
  // Stable: the codes are read again when it changes.
  const fail = useCallback((e: unknown) => setError(e), []);

  // Codes and statuses: read again a second after events stop arriving, and after the officer's change.
  const [changes, setChanges] = useState(0);
  const { families, tracing } = useCodes(session, revision, changes, fail);

  const reading = useRef(false);
  const read = useCallback(
    async (why: Purpose) => {
      if (reading.current) return;
      reading.current = true;
      setError(null);
      try {
        const page = await apiFetch<{ items: Registration[] }>(session, `${op}/registrations?purpose=${why}`);
        setPurpose(why);
        setRegistrations(page.items);
      } catch (e) {
        fail(e);
      } finally {
        reading.current = false;
      }
    },
    [session, op, fail],
  );

  /**
   * A change by the officer, once at a time (a second tap while it is on its way is not sent again);
   * then the codes read again and, when it changes people's records (`reread`), the names too, for
   * the purpose given (that read is recorded as well).
   */
  const busy = useRef(false);
  const send = async <T>(path: string, body: unknown, reread = false): Promise<T | null> => {
    if (busy.current) return null;
    busy.current = true;
    setError(null);
    try {
      const result = await apiFetch<T>(session, `${op}/${path}`, { method: 'POST', body });
      setChanges((n) => n + 1);
      if (reread && purpose) await read(purpose);
      return result;
    } catch (e) {
      fail(e);
      return null;
    } finally {
      busy.current = false;
    }
  };
  const get = async <T>(path: string): Promise<T | null> => {
    setError(null);
    try {
      return await apiFetch<T>(session, `${op}/${path}`);
    } catch (e) {
      fail(e);
      return null;
    }
  };
  return {
    purpose,
    read,
    registrations,
    families,
    tracing,
    send,
    get,
    error: error === null ? null : problem(error),
  };
}

export type Protection = ReturnType<typeof useProtection>;

/** Family groups and tracing requests: codes and statuses, no personal data, so no purpose asked. */
function useCodes(session: Session, revision: number, changes: number, fail: (e: unknown) => void) {
  const op = `/operations/${session.operationId}`;
  const [families, setFamilies] = useState<FamilyGroup[]>([]);
  const [tracing, setTracing] = useState<TracingRequest[]>([]);
  useEffect(() => {
    let alive = true;
    const timer = setTimeout(
      () => {
        Promise.all([
          apiFetch<{ items: FamilyGroup[] }>(session, `${op}/family-groups`),
          apiFetch<{ items: TracingRequest[] }>(session, `${op}/tracing-requests`),
        ]).then(([f, t]) => {
          if (!alive) return;
          setFamilies(f.items);
          setTracing(t.items);
        }, fail);
      },
      changes === 0 && revision === 0 ? 0 : 1000,
    );
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [session, op, revision, changes, fail]);

  return { families, tracing };
}
