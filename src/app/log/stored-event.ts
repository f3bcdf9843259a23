import type { StoredEvent } from '../../contracts/events.js';
import type { ProjectableEvent } from '../../domain/projection.js';
import type { EventRow } from '../../store/store-tx.js';

/** An event row as the API shows it; `payload` saves parsing the text again when the caller has it. */
export function toStoredEvent(row: EventRow, payload?: unknown): StoredEvent {
  // Written out, not spread from hashedFields: an object spread into a literal is made member by
  // member (a profile of a replicated page's append found such rows the largest item after SQLite).
  return {
    seq: row.seq,
    id: row.id,
    operationId: row.operation_id,
    type: row.type as StoredEvent['type'],
    schemaVersion: row.schema_version,
    occurredAt: row.occurred_at,
    actor: row.actor,
    organisation: row.organisation,
    originSite: row.origin_site,
    originSeq: row.origin_seq,
    recordedAt: row.recorded_at,
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

/** A stored event as the projector takes it; `payload` saves parsing the text when the caller has it. */
export function projectableOf(
  row: Pick<EventRow, 'id' | 'operation_id' | 'type' | 'payload' | 'occurred_at' | 'organisation' | 'actor'>,
  payload?: unknown,
): ProjectableEvent {
  return {
    id: row.id,
    operationId: row.operation_id,
    type: row.type,
    payload: payload ?? (JSON.parse(row.payload) as unknown),
    occurredAt: row.occurred_at,
    organisation: row.organisation,
    actor: row.actor,
  } as ProjectableEvent;
}
