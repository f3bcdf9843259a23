import { useRef, useState } from 'react';
import { v7 as uuidv7 } from 'uuid';
import { apiFetch } from '../client/http.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';

/**
 * A change sent from a form, and what came of it: what to show once it is stored, or the reason it
 * was refused. The same change sent again after a failure (an answer lost on a bad link) is the same
 * event, with the same id and time, so the server records it once; a changed one is a new change.
 */
function useOnce() {
  const { problem } = useI18n();
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const pending = useRef<{ key: string; id: string; at: string } | null>(null);
  const run = async (key: string, attempt: (event: { id: string; at: string }) => Promise<string>) => {
    setError(null);
    if (pending.current?.key !== key) pending.current = { key, id: uuidv7(), at: new Date().toISOString() };
    try {
      const shown = await attempt(pending.current);
      pending.current = null;
      setDone(shown);
      return true;
    } catch (err) {
      setError(err);
      return false;
    }
  };
  return { done, error: error === null ? null : problem(error), setError, run };
}

/**
 * `POST` (or `PATCH`) under the operation from a form: what the server made (its code, or its id), or
 * the reason it refused, to show; a retry carries the same event id (useOnce).
 */
export function useSend(session: Session) {
  const { done, run, ...rest } = useOnce();
  const send = (path: string, body: Record<string, unknown>, method = 'POST'): Promise<boolean> =>
    run(`${method} ${path} ${JSON.stringify(body)}`, async ({ id }) => {
      const record = await apiFetch<{ code?: string; id: string }>(
        session,
        `/operations/${session.operationId}/${path}`,
        { method, body: { ...body, eventId: id } },
      );
      return record.code ?? record.id;
    });
  return { ...rest, created: done, send };
}

/** `POST .../{resource}`: a new record, from a form (see useSend). */
export function useCreate(session: Session, resource: string) {
  const { send, ...rest } = useSend(session);
  return { ...rest, create: (body: Record<string, unknown>) => send(resource, body) };
}

/**
 * One event recorded through the log's own route (`POST .../events`), for what has no resource of its
 * own (an organisation's contact, a command post's watch, closing the operation); `done` is what to
 * show once it is stored. A retry is the same event (useOnce).
 */
export function useRecordEvent(session: Session) {
  const { done, run, ...rest } = useOnce();
  const record = (type: string, payload: Record<string, unknown>, shown: string): Promise<boolean> =>
    run(`${type} ${JSON.stringify(payload)}`, async ({ id, at }) => {
      await apiFetch(session, `/operations/${session.operationId}/events`, {
        method: 'POST',
        body: { events: [{ id, type, occurredAt: at, payload }] },
      });
      return shown;
    });
  return { ...rest, recorded: done, record };
}
