import { useCallback, useEffect, useState } from 'react';
import type { READ_PURPOSES } from '../../contracts/protection/personal-data.js';
import { ApiError, apiFetch } from '../client/http.js';
import type { Session } from '../client/session.js';

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
  const [families, setFamilies] = useState<FamilyGroup[]>([]);
  const [tracing, setTracing] = useState<TracingRequest[]>([]);
  const [error, setError] = useState<string | null>(null);
  const fail = (e: unknown) => setError(e instanceof ApiError || e instanceof Error ? e.message : String(e));

  // Codes and statuses: read again a second after events stop arriving, and after the officer's change.
  const [changes, setChanges] = useState(0);
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
  }, [session, op, revision, changes]);

  const read = useCallback(
    async (why: Purpose) => {
      setError(null);
      try {
        const page = await apiFetch<{ items: Registration[] }>(session, `${op}/registrations?purpose=${why}`);
        setPurpose(why);
        setRegistrations(page.items);
      } catch (e) {
        fail(e);
      }
    },
    [session, op],
  );

  /** A change by the officer: sent, then what it changed read again (names only with the purpose given). */
  const send = async <T>(path: string, body: unknown): Promise<T | null> => {
    setError(null);
    try {
      const result = await apiFetch<T>(session, `${op}/${path}`, { method: 'POST', body });
      setChanges((n) => n + 1);
      if (purpose) await read(purpose);
      return result;
    } catch (e) {
      fail(e);
      return null;
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
  return { purpose, read, registrations, families, tracing, send, get, error };
}

export type Protection = ReturnType<typeof useProtection>;
