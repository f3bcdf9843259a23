import { useMemo, useState } from 'react';
import { v7 as uuidv7 } from 'uuid';
import { PEOPLE_CATEGORIES, type PeopleCategory } from '../../contracts/common.js';
import type { Checkpoint, Convoy } from '../client/records.js';
import type { Session } from '../client/session.js';
import { LanguageToggle, useI18n } from '../i18n/i18n.js';
import { putTally, type QueuedTally } from './queue.js';
import { useOnline, usePlaces, useQueue, type Places } from './use-tally.js';

type Category = PeopleCategory | 'stretcherCases' | 'vehicles';
type Counts = Record<Category, number>;
const CATEGORIES: Category[] = [...PEOPLE_CATEGORIES, 'stretcherCases', 'vehicles'];
const ZERO = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Counts;

const MAY_TALLY = new Set(['coordinator', 'post-officer', 'enumerator']);
const CHECKPOINT_KEY = 'corridor.tally.checkpoint';

/** A count as it waits in the queue: the passage the API takes, its event id and time fixed now. */
function queuedTally(
  operationId: string,
  checkpoint: Checkpoint,
  convoy: Convoy,
  counts: Counts,
  label: string,
): QueuedTally {
  const eventId = uuidv7();
  const occurredAt = new Date().toISOString();
  const body = {
    checkpointId: checkpoint.id,
    convoyId: convoy.id,
    source: 'enumerator',
    people: Object.fromEntries(PEOPLE_CATEGORIES.map((c) => [c, counts[c]])),
    stretcherCases: counts.stretcherCases,
    vehicles: counts.vehicles,
    eventId,
    occurredAt,
  };
  return { eventId, operationId, body, label, createdAt: occurredAt, state: 'pending' };
}

export function Tally({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const { t, number } = useI18n();
  const online = useOnline();
  const places = usePlaces(session, online);
  const { pending, sent, sync, sendNow } = useQueue(session, online);
  const [checkpointId, setCheckpointId] = useState(() => localStorage.getItem(CHECKPOINT_KEY) ?? '');
  const [convoyId, setConvoyId] = useState('');
  const [counts, setCounts] = useState(ZERO);
  const [message, setMessage] = useState<string | null>(null);

  const checkpoint = places?.checkpoints.find((c) => c.id === checkpointId);
  const convoy = places?.convoys.find((c) => c.id === convoyId);
  const people = PEOPLE_CATEGORIES.reduce((s, c) => s + counts[c], 0);
  const setCount = (cat: Category, n: number) =>
    setCounts((c) => ({ ...c, [cat]: Math.max(0, Math.min(100_000, n)) }));

  const submit = async () => {
    if (!checkpoint || !convoy) return;
    const label = `${checkpoint.code} · ${convoy.code} · ${number(people)} ${t('people')}`;
    const tally = queuedTally(session.operationId, checkpoint, convoy, counts, label);
    await putTally(tally);
    setCounts(ZERO);
    setMessage(t('queued'));
    if (await sendNow(tally.eventId)) setMessage(t('sent'));
  };

  return (
    <div className="tally">
      <TallyHeader online={online} onSignOut={onSignOut} />
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
        <PlacePickers
          places={places}
          checkpoint={checkpoint}
          checkpointId={checkpointId}
          convoyId={convoyId}
          onCheckpoint={(id) => {
            setCheckpointId(id);
            localStorage.setItem(CHECKPOINT_KEY, id);
          }}
          onConvoy={setConvoyId}
        />
        <div className="counters">
          {CATEGORIES.map((cat) => (
            <Counter key={cat} category={cat} value={counts[cat]} onChange={(n) => setCount(cat, n)} />
          ))}
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
      <TallyQueue pending={pending} sent={sent} onSync={() => void sync()} />
    </div>
  );
}

function TallyHeader({ online, onSignOut }: { online: boolean; onSignOut: () => void }) {
  const { t } = useI18n();
  return (
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
  );
}

/** The checkpoint, then the convoy: those of the checkpoint's corridor, not yet arrived. */
function PlacePickers({
  places,
  checkpoint,
  checkpointId,
  convoyId,
  onCheckpoint,
  onConvoy,
}: {
  places: Places | null;
  checkpoint: Checkpoint | undefined;
  checkpointId: string;
  convoyId: string;
  onCheckpoint: (id: string) => void;
  onConvoy: (id: string) => void;
}) {
  const { t, tx } = useI18n();
  const convoys = useMemo(
    () =>
      (places?.convoys ?? [])
        .filter((c) => !checkpoint || c.corridorId === checkpoint.corridorId)
        .filter((c) => c.status !== 'arrived' || c.id === convoyId),
    [places, checkpoint, convoyId],
  );
  return (
    <>
      <label htmlFor="checkpoint">{t('chooseCheckpoint')}</label>
      <select id="checkpoint" value={checkpointId} onChange={(e) => onCheckpoint(e.target.value)}>
        <option value="">{t('pickOne')}</option>
        {places?.checkpoints.map((c) => (
          <option key={c.id} value={c.id}>
            {c.code} {c.name}
          </option>
        ))}
      </select>
      <label htmlFor="convoy">{t('chooseConvoy')}</label>
      <select id="convoy" value={convoyId} onChange={(e) => onConvoy(e.target.value)}>
        <option value="">{t('pickOne')}</option>
        {convoys.map((c) => (
          <option key={c.id} value={c.id}>
            {c.code} ({tx('status', c.status)})
          </option>
        ))}
      </select>
    </>
  );
}

function Counter({
  category,
  value,
  onChange,
}: {
  category: Category;
  value: number;
  onChange: (n: number) => void;
}) {
  const { t, tx } = useI18n();
  const name = tx('cat', category);
  return (
    <div className="counter">
      <label htmlFor={`count-${category}`}>{name}</label>
      <div className="counter-controls">
        <button
          type="button"
          aria-label={t('decrease', { category: name })}
          onClick={() => onChange(value - 1)}
        >
          −
        </button>
        <input
          id={`count-${category}`}
          inputMode="numeric"
          pattern="[0-9]*"
          value={String(value)}
          onChange={(e) => onChange(Number(e.target.value.replace(/\D/g, '')) || 0)}
        />
        <button
          type="button"
          aria-label={t('increase', { category: name })}
          onClick={() => onChange(value + 1)}
        >
          +
        </button>
      </div>
    </div>
  );
}

/** Tallies waiting for the network, and the last few the server took or refused. */
function TallyQueue({
  pending,
  sent,
  onSync,
}: {
  pending: QueuedTally[];
  sent: QueuedTally[];
  onSync: () => void;
}) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="queue-heading">
      <div className="row">
        <h2 id="queue-heading">{t('queue', { count: pending.length })}</h2>
        <button type="button" onClick={onSync} disabled={pending.length === 0}>
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
  );
}
