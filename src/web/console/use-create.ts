import { useRef, useState } from 'react';
import { v7 as uuidv7 } from 'uuid';
import { apiFetch } from '../client/http.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';

/**
 * `POST` (or `PATCH`) under the operation from a form: what the server made (its code, or its id), or the reason
 * it refused, to show. The same body sent again to the same place after a failure (an answer lost on
 * a bad link) carries the same event id, so the server records it once; a changed body is a new
 * change with a new id.
 */
export function useSend(session: Session) {
  const { problem } = useI18n();
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const pending = useRef<{ key: string; eventId: string } | null>(null);
  const send = async (path: string, body: Record<string, unknown>, method = 'POST'): Promise<boolean> => {
    setError(null);
    const key = `${method} ${path} ${JSON.stringify(body)}`;
    if (pending.current?.key !== key) pending.current = { key, eventId: uuidv7() };
    try {
      const record = await apiFetch<{ code?: string; id: string }>(
        session,
        `/operations/${session.operationId}/${path}`,
        { method, body: { ...body, eventId: pending.current.eventId } },
      );
      pending.current = null;
      setCreated(record.code ?? record.id);
      return true;
    } catch (err) {
      setError(err);
      return false;
    }
  };
  return { created, error: error === null ? null : problem(error), setError, send };
}

/** `POST .../{resource}`: a new record, from a form (see useSend). */
export function useCreate(session: Session, resource: string) {
  const { send, ...rest } = useSend(session);
  return { ...rest, create: (body: Record<string, unknown>) => send(resource, body) };
}

/**
 * One event recorded through the log's own route (`POST .../events`), for what has no resource of its
 * own (an organisation's contact, a command post's watch, closing the operation): its id is kept until
 * it is stored, so that a retry after a lost answer is the same event, never a second one.
 */
export function useRecordEvent(session: Session) {
  const { problem } = useI18n();
  const [recorded, setRecorded] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const pending = useRef<{ key: string; id: string; occurredAt: string } | null>(null);
  const record = async (type: string, payload: Record<string, unknown>, done: string): Promise<boolean> => {
    setError(null);
    setRecorded(null);
    const key = `${type} ${JSON.stringify(payload)}`;
    // A retry is the same event: its id and its time, or the server takes it for another change.
    if (pending.current?.key !== key)
      pending.current = { key, id: uuidv7(), occurredAt: new Date().toISOString() };
    try {
      await apiFetch(session, `/operations/${session.operationId}/events`, {
        method: 'POST',
        body: {
          events: [{ id: pending.current.id, type, occurredAt: pending.current.occurredAt, payload }],
        },
      });
      pending.current = null;
      setRecorded(done);
      return true;
    } catch (err) {
      setError(err);
      return false;
    }
  };
  return { recorded, error: error === null ? null : problem(error), setError, record };
}
