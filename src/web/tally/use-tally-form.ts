import { useState } from 'react';
import { v7 as uuidv7 } from 'uuid';
import { PEOPLE_CATEGORIES, type PeopleCategory } from '../../contracts/kinds.js';
import type { CarriedKind } from '../../contracts/vocabulary.js';
import type { Checkpoint, Convoy } from '../client/records.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { putTally, type QueuedTally } from './queue.js';
import { useHeld, useOnline, usePlaces, useQueue, type HeldTally } from './use-tally.js';

export type Category = PeopleCategory | 'stretcherCases' | 'vehicles';
type Counts = Record<Category, number>;
type Carried = Partial<Record<CarriedKind, number>>;
export const CATEGORIES: Category[] = [...PEOPLE_CATEGORIES, 'stretcherCases', 'vehicles'];
export const ZERO = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Counts;

export const MAY_TALLY = new Set(['coordinator', 'post-officer', 'enumerator']);
const CHECKPOINT_KEY = 'corridor.tally.checkpoint';
const CONVOY_KEY = 'corridor.tally.convoy';

/** What a tally counts: the whole convoy, or the vehicles named. */
export interface Scope {
  kind: 'convoy' | 'vehicles';
  vehicleIds: string[];
}

/** A change as it waits in the queue: its event id and time fixed now, so a re-send is harmless. */
function queued(
  operationId: string,
  path: string,
  body: Record<string, unknown>,
  label: string,
): QueuedTally {
  const eventId = uuidv7();
  const occurredAt = new Date().toISOString();
  return {
    eventId,
    operationId,
    path,
    body: { ...body, eventId, occurredAt },
    label,
    createdAt: occurredAt,
    state: 'pending',
  };
}

/** The passage the API takes for a tally: of the whole convoy or of named vehicles, maybe a correction. */
function tallyBody(
  checkpoint: Checkpoint,
  convoy: Convoy,
  counts: Counts,
  carried: Carried,
  scope: Scope,
  correcting: { id: string; reason: string } | null,
): Record<string, unknown> {
  return {
    checkpointId: checkpoint.id,
    convoyId: convoy.id,
    source: 'enumerator',
    people: Object.fromEntries(PEOPLE_CATEGORIES.map((c) => [c, counts[c]])),
    stretcherCases: counts.stretcherCases,
    ...(Object.keys(carried).length > 0 ? { carried } : {}),
    ...(scope.kind === 'vehicles'
      ? { scope: 'vehicles', vehicleIds: scope.vehicleIds }
      : { scope: 'convoy', vehicles: counts.vehicles }),
    ...(correcting ? { corrects: correcting.id, reason: correcting.reason } : {}),
  };
}

/** People counted by category (and stretcher cases, vehicles), each from 0 to 100,000. */
function useCounts() {
  const [counts, setCounts] = useState(ZERO);
  const people = PEOPLE_CATEGORIES.reduce((s, c) => s + counts[c], 0);
  const setCount = (cat: Category, n: number) =>
    setCounts((c) => ({ ...c, [cat]: Math.max(0, Math.min(100_000, n)) }));
  return { counts, setCounts, setCount, people };
}

/** What people carry, as counted: a kind enters the tally once it is touched (one never touched was not counted). */
function useCarried() {
  const [carried, setCarried] = useState<Carried>({});
  const setItem = (kind: CarriedKind, n: number) =>
    setCarried((c) => ({ ...c, [kind]: Math.max(0, Math.min(100_000, n)) }));
  return { carried, setCarried, setItem };
}

/** The tally's state and what its buttons do: count, correct, void, each queued then sent. */
export function useTallyForm(session: Session) {
  const { t, number } = useI18n();
  const online = useOnline();
  const places = usePlaces(session, online === true);
  const queue = useQueue(session, online === true);
  const [checkpointId, setCheckpointId] = useState(() => localStorage.getItem(CHECKPOINT_KEY) ?? '');
  const [convoyId, setConvoyId] = useState(() => localStorage.getItem(CONVOY_KEY) ?? '');
  const { counts, setCounts, setCount, people } = useCounts();
  const items = useCarried();
  const [scope, setScope] = useState<Scope>({ kind: 'convoy', vehicleIds: [] });
  const [correcting, setCorrecting] = useState<HeldTally | null>(null);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  const checkpoint = places?.checkpoints.find((c) => c.id === checkpointId);
  const convoy = places?.convoys.find((c) => c.id === convoyId);
  const held = useHeld(session, convoy, checkpoint, online === true, queue.revision);

  const fix = correcting ? { id: correcting.id, reason: reason.trim() } : null;
  const actions = tallyActions({ session, t, number, queue, setMessage, reason, setReason, people });
  const submit = async () => {
    if (!checkpoint || !convoy) return;
    if (correcting && !reason.trim()) return setMessage(t('needReason'));
    const body = tallyBody(checkpoint, convoy, counts, items.carried, scope, fix);
    const label = `${checkpoint.code} · ${convoy.code} · ${number(people)} ${t('people')}${fix ? ` · ${t('correct')}` : ''}`;
    setCounts(ZERO);
    items.setCarried({});
    setCorrecting(null);
    setReason('');
    await actions.enqueue(queued(session.operationId, 'passages', body, label), t('queued'));
  };
  const voidTally = (h: HeldTally) =>
    checkpoint && convoy ? actions.voidTally(h, checkpoint, convoy) : undefined;
  const correct = (h: HeldTally) => {
    setCorrecting(h);
    setCounts({ ...ZERO, ...(h.people ?? {}) });
    setScope(
      h.scope === 'vehicles'
        ? { kind: 'vehicles', vehicleIds: h.vehicleIds }
        : { kind: 'convoy', vehicleIds: [] },
    );
  };
  const chooseCheckpoint = (id: string) => {
    setCheckpointId(id);
    localStorage.setItem(CHECKPOINT_KEY, id);
  };
  const chooseConvoy = (id: string) => {
    setConvoyId(id);
    setScope({ kind: 'convoy', vehicleIds: [] });
    setCorrecting(null);
    localStorage.setItem(CONVOY_KEY, id);
  };
  return {
    online,
    places,
    queue,
    checkpointId,
    convoyId,
    checkpoint,
    convoy,
    held,
    counts,
    setCounts,
    setCount,
    ...items,
    people,
    scope,
    setScope,
    correcting,
    setCorrecting,
    reason,
    setReason,
    message,
    submit,
    voidTally,
    correct,
    chooseCheckpoint,
    chooseConvoy,
  };
}

/** Queue a change and, online, send it at once; void a tally with the reason given. */
function tallyActions(d: {
  session: Session;
  t: ReturnType<typeof useI18n>['t'];
  number: (n: number) => string;
  queue: ReturnType<typeof useQueue>;
  setMessage: (m: string) => void;
  reason: string;
  setReason: (r: string) => void;
  people: number;
}) {
  const enqueue = async (tally: QueuedTally, saved: string) => {
    await putTally(tally);
    d.setMessage(saved);
    if (await d.queue.sendNow(tally.eventId)) d.setMessage(d.t('sent'));
  };
  const voidTally = async (h: HeldTally, checkpoint: Checkpoint, convoy: Convoy) => {
    const reason = d.reason.trim();
    if (!reason) return d.setMessage(d.t('needReason'));
    const label = `${d.t('voidTally')} · ${checkpoint.code} · ${convoy.code} · ${d.number(h.total ?? 0)} ${d.t('people')}`;
    d.setReason('');
    await enqueue(
      queued(d.session.operationId, `passages/${h.id}/void`, { reason }, label),
      d.t('voidQueued'),
    );
  };
  return { enqueue, voidTally };
}
