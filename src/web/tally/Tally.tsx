import { useCallback, useEffect, useMemo, useState } from 'react';
import { v7 as uuidv7 } from 'uuid';
import { PEOPLE_CATEGORIES, type PeopleCategory } from '../../contracts/common.js';
import { apiFetch, listAll } from '../client/http.js';
import type { Checkpoint, Convoy, Snapshot } from '../client/records.js';
import type { Session } from '../client/session.js';
import { LanguageToggle, useI18n } from '../i18n/i18n.js';
import { allTallies, putTally, syncTallies, type QueuedTally } from './queue.js';

type Category = PeopleCategory | 'stretcherCases' | 'vehicles';
const CATEGORIES: Category[] = [...PEOPLE_CATEGORIES, 'stretcherCases', 'vehicles'];
const ZERO = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;

interface Places {
  checkpoints: Checkpoint[];
  convoys: Convoy[];
  /** The token's role, so that a role that may not record passages is told before it counts. */
  role?: string;
}

const MAY_TALLY = new Set(['coordinator', 'post-officer', 'enumerator']);

/** Checkpoints and convoys, kept for the next time the page opens without a network. */
function usePlaces(session: Session, online: boolean): Places | null {
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

function useOnline(): boolean {
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

export function Tally({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const { t, tx, number } = useI18n();
  const online = useOnline();
  const places = usePlaces(session, online);
  const [checkpointId, setCheckpointId] = useState(
    () => localStorage.getItem('corridor.tally.checkpoint') ?? '',
  );
  const [convoyId, setConvoyId] = useState('');
  const [counts, setCounts] = useState(ZERO);
  const [tallies, setTallies] = useState<QueuedTally[]>([]);
  const [message, setMessage] = useState<string | null>(null);

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

  const checkpoint = places?.checkpoints.find((c) => c.id === checkpointId);
  const convoys = useMemo(
    () =>
      (places?.convoys ?? [])
        .filter((c) => !checkpoint || c.corridorId === checkpoint.corridorId)
        .filter((c) => c.status !== 'arrived' || c.id === convoyId),
    [places, checkpoint, convoyId],
  );
  const convoy = places?.convoys.find((c) => c.id === convoyId);
  const people = PEOPLE_CATEGORIES.reduce((s, c) => s + counts[c], 0);

  const submit = async () => {
    if (!checkpoint || !convoy) return;
    const eventId = uuidv7();
    const body = {
      checkpointId: checkpoint.id,
      convoyId: convoy.id,
      source: 'enumerator',
      people: Object.fromEntries(PEOPLE_CATEGORIES.map((c) => [c, counts[c]])),
      stretcherCases: counts.stretcherCases,
      vehicles: counts.vehicles,
      eventId,
      occurredAt: new Date().toISOString(),
    };
    await putTally({
      eventId,
      operationId: session.operationId,
      body,
      label: `${checkpoint.code} · ${convoy.code} · ${number(people)} ${t('people')}`,
      createdAt: body.occurredAt,
      state: 'pending',
    });
    setCounts(ZERO);
    setMessage(t('queued'));
    await refresh();
    if (navigator.onLine) {
      await sync();
      const after = await allTallies();
      if (after.find((q) => q.eventId === eventId)?.state === 'sent') setMessage(t('sent'));
    }
  };

  const sent = tallies
    .filter((q) => q.state !== 'pending' && q.operationId === session.operationId)
    .slice(-8)
    .reverse();
  return (
    <div className="tally">
      <header className="row tally-head">
        <h1>{t('tallyTitle')}</h1>
        <span className={`net ${online ? 'on' : 'off'}`} role="status" data-testid="network">
          {online ? t('live') : t('offline')}
        </span>
        <LanguageToggle />
        <button type="button" onClick={onSignOut}>
          {t('signOut')}
        </button>
      </header>
      {!places && <p>{t('tallyNeedsData')}</p>}
      {places?.role && !MAY_TALLY.has(places.role) && (
        <p role="alert" className="error">
          {t('roleMayNotTally', { role: places.role })}
        </p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label htmlFor="checkpoint">{t('chooseCheckpoint')}</label>
        <select
          id="checkpoint"
          value={checkpointId}
          onChange={(e) => {
            setCheckpointId(e.target.value);
            localStorage.setItem('corridor.tally.checkpoint', e.target.value);
          }}
        >
          <option value="">{t('pickOne')}</option>
          {places?.checkpoints.map((c) => (
            <option key={c.id} value={c.id}>
              {c.code} {c.name}
            </option>
          ))}
        </select>
        <label htmlFor="convoy">{t('chooseConvoy')}</label>
        <select id="convoy" value={convoyId} onChange={(e) => setConvoyId(e.target.value)}>
          <option value="">{t('pickOne')}</option>
          {convoys.map((c) => (
            <option key={c.id} value={c.id}>
              {c.code} ({tx('status', c.status)})
            </option>
          ))}
        </select>
        <div className="counters">
          {CATEGORIES.map((cat) => {
            const name = tx('cat', cat);
            const set = (n: number) => setCounts((c) => ({ ...c, [cat]: Math.max(0, Math.min(100_000, n)) }));
            return (
              <div className="counter" key={cat}>
                <label htmlFor={`count-${cat}`}>{name}</label>
                <div className="counter-controls">
                  <button
                    type="button"
                    aria-label={t('decrease', { category: name })}
                    onClick={() => set(counts[cat] - 1)}
                  >
                    −
                  </button>
                  <input
                    id={`count-${cat}`}
                    inputMode="numeric"
                    pattern="[0-9]*"
                    value={String(counts[cat])}
                    onChange={(e) => set(Number(e.target.value.replace(/\D/g, '')) || 0)}
                  />
                  <button
                    type="button"
                    aria-label={t('increase', { category: name })}
                    onClick={() => set(counts[cat] + 1)}
                  >
                    +
                  </button>
                </div>
              </div>
            );
          })}
        </div>
        <p className="total">{t('totalPeople', { count: number(people) })}</p>
        <div className="row">
          <button
            type="submit"
            className="primary"
            disabled={!checkpoint || !convoy || (places?.role !== undefined && !MAY_TALLY.has(places.role))}
          >
            {t('submit')}
          </button>
          <button type="button" onClick={() => setCounts(ZERO)}>
            {t('reset')}
          </button>
        </div>
        {message && (
          <p role="status" className="message">
            {message}
          </p>
        )}
      </form>
      <section aria-labelledby="queue-heading">
        <div className="row">
          <h2 id="queue-heading">{t('queue', { count: pending.length })}</h2>
          <button type="button" onClick={() => void sync()} disabled={pending.length === 0}>
            {t('syncNow')}
          </button>
        </div>
        {pending.length === 0 ? (
          <p className="muted">{t('queueEmpty')}</p>
        ) : (
          <ul data-testid="queue">
            {pending.map((q) => (
              <li key={q.eventId} data-event-id={q.eventId}>
                {q.label}
              </li>
            ))}
          </ul>
        )}
        {sent.length > 0 && (
          <>
            <h2>{t('recentlySent')}</h2>
            <ul data-testid="sent">
              {sent.map((q) => (
                <li key={q.eventId} data-event-id={q.eventId} className={q.state}>
                  {q.label} {q.state === 'rejected' ? `— ${q.error}` : '✓'}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </div>
  );
}
