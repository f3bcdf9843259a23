import type { StoredEvent } from '../../contracts/events.js';
import type { ProjectableEvent } from '../../domain/projection.js';
import { hashedFields } from '../../store/event-hash.js';
import type { EventRow } from '../../store/store-tx.js';

/** An event row as the API shows it; `payload` saves parsing the text again when the caller has it. */
export function toStoredEvent(row: EventRow, payload?: unknown): StoredEvent {
  return {
    seq: row.seq,
    ...hashedFields(row),
    recordedAt: row.recorded_at,
    type: row.type as StoredEvent['type'],
    payload: payload ?? (JSON.parse(row.payload) as unknown),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** A stored event as the projector takes it. */
export function projectableOf(row: EventRow): ProjectableEvent {
  return {
    id: row.id,
    operationId: row.operation_id,
    type: row.type,
    payload: JSON.parse(row.payload) as unknown,
    occurredAt: row.occurred_at,
    organisation: row.organisation,
    actor: row.actor,
  } as ProjectableEvent;
}
