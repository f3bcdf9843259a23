import type { StoredEvent } from '../../contracts/events.js';
import { hashedFields } from '../../store/event-hash.js';
import type { EventRow } from '../../store/store-tx.js';

/** An event row as the API shows it; `payload` saves parsing the text again when the caller has it. */
export function toStoredEvent(row: EventRow, payload?: unknown): StoredEvent {
  return {
    seq: row.seq,
    ...hashedFields(row),
    type: row.type as StoredEvent['type'],
    payload: payload ?? (JSON.parse(row.payload) as unknown),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
