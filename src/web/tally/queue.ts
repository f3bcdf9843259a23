import { ApiError, apiFetch } from '../client/http.js';
import type { Session } from '../client/session.js';

/**
 * Tallies wait here (IndexedDB) until the API has them. Each carries its event id (UUIDv7) and
 * occurredAt from the moment it was submitted, so a re-send after a lost answer is a no-op on the
 * server and a late send keeps the time of the count.
 */
export interface QueuedTally {
  eventId: string;
  operationId: string;
  body: Record<string, unknown>;
  /** What the enumerator sees in the queue: checkpoint, convoy and people. */
  label: string;
  /** Where it goes under the operation: `passages` (a tally), or `passages/{id}/void`. */
  path?: string;
  createdAt: string;
  state: 'pending' | 'sent' | 'rejected';
  sentAt?: string;
  error?: string;
}

const DB = 'corridor-tally';
const STORE = 'tallies';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'eventId' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB is not available'));
  });
}

async function withStore<T>(
  mode: IDBTransactionMode,
  fn: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = fn(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    });
  } finally {
    db.close();
  }
}

export function putTally(tally: QueuedTally): Promise<IDBValidKey> {
  return withStore('readwrite', (s) => s.put(tally));
}

export async function allTallies(): Promise<QueuedTally[]> {
  const items = await withStore<QueuedTally[]>('readonly', (s) => s.getAll() as IDBRequest<QueuedTally[]>);
  return items.sort((a, b) => a.eventId.localeCompare(b.eventId));
}

let syncing: Promise<number> | null = null;

/**
 * Send every pending tally of the operation, oldest first; stops at the first network failure (still
 * offline) and leaves the rest pending. A 4xx other than a timeout is final: the tally is marked
 * rejected with the API's reason rather than retried for ever. A re-send after a lost answer carries the
 * same event id and content, so the server answers as it did the first time and the tally shows as sent.
 * One sync at a time per page.
 */
export function syncTallies(session: Session): Promise<number> {
  syncing ??= (async () => {
    let sent = 0;
    try {
      for (const tally of await allTallies()) {
        if (tally.state !== 'pending' || tally.operationId !== session.operationId) continue;
        try {
          await apiFetch(session, `/operations/${tally.operationId}/${tally.path ?? 'passages'}`, {
            method: 'POST',
            body: tally.body,
          });
          await putTally({ ...tally, state: 'sent', sentAt: new Date().toISOString() });
          sent++;
        } catch (error) {
          if (
            error instanceof ApiError &&
            error.status >= 400 &&
            error.status < 500 &&
            ![401, 408, 429].includes(error.status)
          ) {
            await putTally({ ...tally, state: 'rejected', error: error.message });
            continue;
          }
          break;
        }
      }
    } finally {
      syncing = null;
    }
    return sent;
  })();
  return syncing;
}
