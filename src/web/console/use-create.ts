import { useState } from 'react';
import { v7 as uuidv7 } from 'uuid';
import { ApiError, apiFetch } from '../client/http.js';
import type { Session } from '../client/session.js';

/**
 * `POST .../{resource}` from a form: the code the server gave, or the reason it refused, to show. Each
 * submission carries a new event id (a retry of a lost answer is then recorded once).
 */
export function useCreate(session: Session, resource: string) {
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const create = async (body: Record<string, unknown>): Promise<boolean> => {
    setError(null);
    try {
      const record = await apiFetch<{ code: string }>(
        session,
        `/operations/${session.operationId}/${resource}`,
        {
          method: 'POST',
          body: { ...body, eventId: uuidv7() },
        },
      );
      setCreated(record.code);
      return true;
    } catch (err) {
      setError(err instanceof ApiError || err instanceof Error ? err.message : String(err));
      return false;
    }
  };
  return { created, error, setError, create };
}
