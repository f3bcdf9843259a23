import { useRef, useState } from 'react';
import { v7 as uuidv7 } from 'uuid';
import { ApiError, apiFetch } from '../client/http.js';
import type { Session } from '../client/session.js';

/**
 * `POST .../{resource}` from a form: the code the server gave, or the reason it refused, to show. The
 * same body sent again after a failure (an answer lost on a bad link) carries the same event id, so
 * the server records it once; a changed body is a new change with a new id.
 */
export function useCreate(session: Session, resource: string) {
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pending = useRef<{ body: string; eventId: string } | null>(null);
  const create = async (body: Record<string, unknown>): Promise<boolean> => {
    setError(null);
    const text = JSON.stringify(body);
    if (pending.current?.body !== text) pending.current = { body: text, eventId: uuidv7() };
    try {
      const record = await apiFetch<{ code?: string; id: string }>(
        session,
        `/operations/${session.operationId}/${resource}`,
        {
          method: 'POST',
          body: { ...body, eventId: pending.current.eventId },
        },
      );
      pending.current = null;
      setCreated(record.code ?? record.id);
      return true;
    } catch (err) {
      setError(err instanceof ApiError || err instanceof Error ? err.message : String(err));
      return false;
    }
  };
  return { created, error, setError, create };
}
