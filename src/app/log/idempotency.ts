import { createHash } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { canonicalJson } from '../../domain/canonical-json.js';
import { ConflictError, said } from '../../domain/errors.js';
import type { EventRow } from '../../store/store-tx.js';
import { isRecord } from './envelopes.js';

/**
 * One policy for a change sent again, whatever path it comes by: the same event id with the same
 * content is a no-op answered as the first time was; the same id with other content is refused, naming
 * what differs. "The same content" is what the sender sent: fields the server filled in (a code it
 * allocated, the time when the sender gave none) are not the sender's, so they are not compared.
 */

/** A namespace of our own for the ids the server derives (RFC 9562, name-based UUIDs). */
const DERIVED = '6f1c2a7e-3b7d-5a2e-9c41-0d3e8b5f2a90';

/** The id of a record an event creates, derived from the event's id: a re-sent event makes the same record. */
export function derivedId(eventId: string, what = 'record'): string {
  return uuidv5(`${what}:${eventId.toLowerCase()}`, DERIVED);
}

/**
 * An event id made from what an import records (its operation, source and content) rather than drawn at
 * random, so that importing the same thing again is a re-send the log already holds. It has the layout
 * of a UUIDv7, as event ids must, but its "time" bits are the hash's: it orders nothing.
 */
export function contentEventId(key: string): string {
  const b = createHash('sha256').update(key).digest().subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface StoredChange {
  type: string;
  occurredAt: string;
  /** The payload as stored (canonical JSON). */
  payload: string;
}

export interface SentChange {
  type: string;
  /** Absent when the server chose the time. */
  occurredAt?: string | undefined;
  payload: unknown;
}

/**
 * What differs between a stored event and one sent again under its id: `[]` when it is a re-send.
 * `notCompared` names the payload fields the server filled in from the state of the time (they may
 * differ now). An event of another type is told apart by its type alone: the fields of an event the
 * sender may not be allowed to read are never named.
 */
export function differences(
  stored: StoredChange,
  sent: SentChange,
  notCompared: readonly string[] = [],
): string[] {
  if (stored.type !== sent.type) return ['type'];
  const out: string[] = [];
  if (sent.occurredAt !== undefined && sent.occurredAt !== stored.occurredAt) out.push('occurredAt');
  const before = JSON.parse(stored.payload) as unknown;
  if (!isRecord(before) || !isRecord(sent.payload))
    return canonicalJson(sent.payload) === stored.payload ? out : [...out, 'payload'];
  const keys = new Set([...Object.keys(before), ...Object.keys(sent.payload)]);
  for (const key of [...keys].sort())
    if (
      !notCompared.includes(key) &&
      canonicalJson(before[key] ?? null) !== canonicalJson(sent.payload[key] ?? null)
    )
      out.push(`payload.${key}`);
  return out;
}

/** Refuses a change sent with the id of another: what differs is named. */
export function usedFor(index: number, eventId: string, differs: string[]): ConflictError {
  return new ConflictError(
    said('event {index}: the id {id} is already used for another change (it differs in {fields})', {
      index,
      id: eventId,
      fields: differs.join(', '),
    }),
    { index, eventId, differs },
  );
}

/** A stored event as a change, to compare with one sent again. */
export function storedChange(row: EventRow): StoredChange {
  return { type: row.type, occurredAt: row.occurred_at, payload: row.payload };
}
