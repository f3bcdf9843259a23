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

/**
 * The JSON text of `toStoredEvent(row)`, with the payload's text as stored (canonical JSON, the bytes
 * its hash covers) written in rather than parsed and written out again: what a node sends of its log.
 */
export function storedEventJson(row: EventRow): string {
  const q = JSON.stringify;
  return (
    `{"seq":${q(row.seq)},"id":${q(row.id)},"operationId":${q(row.operation_id)},"type":${q(row.type)},` +
    `"schemaVersion":${q(row.schema_version)},"occurredAt":${q(row.occurred_at)},"actor":${q(row.actor)},` +
    `"organisation":${q(row.organisation)},"originSite":${q(row.origin_site)},"originSeq":${q(row.origin_seq)},` +
    `"recordedAt":${q(row.recorded_at)},"payload":${row.payload},"prevHash":${q(row.prev_hash)},"hash":${q(row.hash)}}`
  );
}

/** A stored event (or a row about to be) as the projector takes it. */
export function projectableOf(
  row: Pick<EventRow, 'id' | 'operation_id' | 'type' | 'payload' | 'occurred_at' | 'organisation' | 'actor'>,
): ProjectableEvent {
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
