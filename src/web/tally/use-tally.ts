import { useCallback, useEffect, useState } from 'react';
import { apiFetch, listAll } from '../client/http.js';
import type {
  Checkpoint,
  CommandPost,
  Convoy,
  Organisation,
  Snapshot,
  TallyEntry,
  Vehicle,
} from '../client/records.js';
import type { Session } from '../client/session.js';
import { allTallies, syncTallies, type QueuedTally } from './queue.js';

export interface Places {
  checkpoints: Checkpoint[];
  convoys: Convoy[];
  /** Codes and plates of the fleet, to name the vehicles of a convoy. */
  vehicles?: Pick<Vehicle, 'id' | 'code' | 'plate'>[];
  organisations?: Pick<Organisation, 'id' | 'code'>[];
  /** The command posts of the caller's organisation: their checkpoints come first. */
  ownPosts?: string[];
  /** The token's role, so that a role that may not record passages is told before it counts. */
  role?: string;
}

/** Checkpoints, convoys and the fleet, kept for the next time the page opens without a network. */
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
      listAll<Vehicle>(session, 'vehicles'),
      listAll<CommandPost>(session, 'command-posts'),
      listAll<Organisation>(session, 'organisations'),
      apiFetch<Snapshot>(session, `/operations/${session.operationId}/console/snapshot`),
    ])
      .then(([checkpoints, convoys, vehicles, posts, organisations, snapshot]) => {
        const next: Places = {
          checkpoints,
          convoys: convoys.map(({ manifest: _, ...c }) => ({ ...c, manifest: null })),
          vehicles: vehicles.map(({ id, code, plate }) => ({ id, code, plate })),
          organisations: organisations.map(({ id, code }) => ({ id, code })),
          ownPosts: posts
            .filter((p) => snapshot.organisationId && p.organisationId === snapshot.organisationId)
            .map((p) => p.id),
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

const PING_MS = 15_000;

/**
 * Online means the API answers, not only that the browser has a network: a phone on a captive portal
 * or a dead satellite link says it is online. The API's health is asked when the browser says the
 * network is back, and every 15 s; `null` while the first answer is awaited.
 */
export function useOnline(): boolean | null {
  const [online, setOnline] = useState<boolean | null>(navigator.onLine ? null : false);
  useEffect(() => {
    let alive = true;
    const check = () => {
      if (!navigator.onLine) return setOnline(false);
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), 5000);
      fetch('/api/health', { cache: 'no-store', signal: abort.signal })
        .then((res) => alive && setOnline(res.ok))
        .catch(() => alive && setOnline(false))
        .finally(() => clearTimeout(timer));
    };
    check();
    const off = () => setOnline(false);
    addEventListener('online', check);
    addEventListener('offline', off);
    const every = setInterval(check, PING_MS);
    return () => {
      alive = false;
      removeEventListener('online', check);
      removeEventListener('offline', off);
      clearInterval(every);
    };
  }, []);
  return online;
}

/** A tally at the station as the server holds it. */
export type HeldTally = TallyEntry;
export interface Held {
  best: { total: number } | null;
  why: string;
  disputed: boolean;
  tallies: HeldTally[];
}

/** What the server holds for the convoy at the checkpoint, read again whenever `revision` changes. */
export function useHeld(
  session: Session,
  convoy: Convoy | undefined,
  checkpoint: Checkpoint | undefined,
  online: boolean,
  revision: number,
): Held | null | undefined {
  // Kept with what it is of, so that another convoy's tallies never show while this one's load.
  const [held, setHeld] = useState<{ key: string; value: Held | null | undefined }>({
    key: '',
    value: undefined,
  });
  const key = `${convoy?.id ?? ''} ${checkpoint?.id ?? ''}`;
  const ready = convoy !== undefined && checkpoint !== undefined && online;
  useEffect(() => {
    if (!convoy || !checkpoint || !online) return;
    let alive = true;
    apiFetch<{ stations: (Held & { station: string })[] }>(
      session,
      `/operations/${session.operationId}/convoys/${convoy.code}/reconciliation`,
    )
      .then(
        (page) =>
          alive &&
          setHeld({
            key: `${convoy.id} ${checkpoint.id}`,
            value: page.stations.find((s) => s.station === checkpoint.id) ?? null,
          }),
      )
      .catch(() => alive && setHeld({ key: '', value: undefined }));
    return () => {
      alive = false;
    };
  }, [session, convoy, checkpoint, online, revision]);
  return ready && held.key === key ? held.value : undefined;
}

/** The operation's tallies in this browser: those waiting to be sent, and the last few sent or refused. */
export function useQueue(session: Session, online: boolean) {
  const [tallies, setTallies] = useState<QueuedTally[]>([]);
  const [revision, setRevision] = useState(0);
  const refresh = useCallback(() => allTallies().then(setTallies), []);
  const sync = useCallback(
    () =>
      syncTallies(session)
        .catch(() => 0)
        .then(async (sent) => {
          await refresh();
          if (sent > 0) setRevision((r) => r + 1);
        }),
    [session, refresh],
  );
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
  return { pending, sent, sync, sendNow, revision };
}
