import type { StoredEvent } from '../../contracts/events.js';
import type { EventRow } from '../../store/store-tx.js';
import { ACCOUNTABILITY_ACTOR } from './derived-events.js';
import type { Conflict, RecordOutcome } from './record-types.js';
import { toStoredEvent } from './stored-event.js';

/**
 * What an append answers: each change sent as it is stored now (the first of an id sent twice is the
 * one appended, a change held already is a duplicate), what the rules derived, and the conflicts named.
 */
export function outcomeOf(
  sent: readonly { id: string }[],
  stored: Map<string, EventRow>,
  chained: readonly EventRow[],
  payloads: readonly unknown[],
  conflicts: Conflict[],
): RecordOutcome {
  const ids = new Set(sent.map((e) => e.id));
  const appended = new Map<string, StoredEvent>();
  const derived: StoredEvent[] = [];
  chained.forEach((r, k) => {
    const event = toStoredEvent(r, payloads[k]);
    appended.set(r.id, event);
    if (r.actor === ACCOUNTABILITY_ACTOR && !ids.has(r.id)) derived.push(event);
  });
  const first = new Map<string, number>();
  sent.forEach((e, i) => first.set(e.id, first.get(e.id) ?? i));
  const outcomes = sent.map((e, i) =>
    appended.has(e.id) && first.get(e.id) === i ? ('appended' as const) : ('duplicate' as const),
  );
  const fresh = outcomes.filter((o) => o === 'appended').length;
  return {
    events: sent.map((e) => appended.get(e.id) ?? toStoredEvent(stored.get(e.id)!)),
    outcomes,
    appended: fresh,
    duplicates: sent.length - fresh,
    derived,
    conflicts,
  };
}
