import { useCallback, useEffect, useState } from 'react';
import { apiFetch, listAll } from '../client/http.js';
import type { Checkpoint, Convoy, Snapshot } from '../client/records.js';
import type { Session } from '../client/session.js';
import { allTallies, syncTallies, type QueuedTally } from './queue.js';

export interface Places {
  checkpoints: Checkpoint[];
  convoys: Convoy[];
  /** The token's role, so that a role that may not record passages is told before it counts. */
  role?: string;
}

/** Checkpoints and convoys, kept for the next time the page opens without a network. */
export function usePlaces(session: Session, online: boolean): Places | null {
  const key = `corridor.tally.places.${session.operationId}`;
  const [places, setPlaces] = useState<Places | null>(() => {
    try {
      return JSON.parse(localStorage.getItem(key) ?? 'null') as Places | null;
    } catch {
      return null;
    }
  });
  useEffect(() => {
    if (!online) return;
    let alive = true;
    Promise.all([
      listAll<Checkpoint>(session, 'checkpoints'),
      listAll<Convoy>(session, 'convoys'),
      apiFetch<Snapshot>(session, `/operations/${session.operationId}/console/snapshot`),
    ])
      .then(([checkpoints, convoys, snapshot]) => {
        const next: Places = {
          checkpoints,
          convoys: convoys.map(({ manifest: _, ...c }) => ({ ...c, manifest: null })),
          ...(snapshot.role ? { role: snapshot.role } : {}),
        };
        localStorage.setItem(key, JSON.stringify(next));
        if (alive) setPlaces(next);
      })
      .catch(() => {});
    return () => {
      alive = false;
    };
  }, [session, online, key]);
  return places;
}

export function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    addEventListener('online', on);
    addEventListener('offline', off);
    return () => {
      removeEventListener('online', on);
      removeEventListener('offline', off);
    };
  }, []);
  return online;
}

/** The operation's tallies in this browser: those waiting to be sent, and the last few sent or refused. */
export function useQueue(session: Session, online: boolean) {
  const [tallies, setTallies] = useState<QueuedTally[]>([]);
  const refresh = useCallback(() => allTallies().then(setTallies), []);
  const sync = useCallback(async () => {
    await syncTallies(session).catch(() => 0);
    await refresh();
  }, [session, refresh]);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  // Send by itself: when the network comes back, and every few seconds while anything waits.
  useEffect(() => {
    if (online) void sync();
  }, [online, sync]);
  const pending = tallies.filter((q) => q.state === 'pending' && q.operationId === session.operationId);
  useEffect(() => {
    if (pending.length === 0) return;
    const timer = setInterval(() => void sync(), 5000);
    return () => clearInterval(timer);
  }, [pending.length, sync]);
  const sent = tallies
    .filter((q) => q.state !== 'pending' && q.operationId === session.operationId)
    .slice(-8)
    .reverse();
  /** After a tally is queued: shows it and, online, sends it at once; true once the server has it. */
  const sendNow = async (eventId: string) => {
    await refresh();
    if (!navigator.onLine) return false;
    await sync();
    const after = await allTallies();
    return after.find((q) => q.eventId === eventId)?.state === 'sent';
  };
  return { pending, sent, sync, sendNow };
}
