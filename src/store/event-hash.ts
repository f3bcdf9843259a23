import { createHash } from 'node:crypto';
import { canonicalJson } from '../domain/canonical-json.js';
import type { EventsTable } from './schema.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface HashedFields {
  id: string;
  operationId: string;
  type: string;
  schemaVersion: number;
  occurredAt: string;
  recordedAt: string;
  actor: string;
  organisation: string | null;
  originSite: string;
  originSeq: number;
}

/** The fields of a stored event row that its hash covers, besides the payload text. */
export function hashedFields(
  row: Pick<
    EventsTable,
    | 'id'
    | 'operation_id'
    | 'type'
    | 'schema_version'
    | 'occurred_at'
    | 'recorded_at'
    | 'actor'
    | 'organisation'
    | 'origin_site'
    | 'origin_seq'
  >,
): HashedFields {
  return {
    id: row.id,
    operationId: row.operation_id,
    type: row.type,
    schemaVersion: row.schema_version,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    actor: row.actor,
    organisation: row.organisation,
    originSite: row.origin_site,
    originSeq: Number(row.origin_seq),
  };
}

/**
 * SHA-256 over the previous hash, the canonical header and the payload text exactly as stored, so that
 * changing any byte of a stored payload (even white space) breaks the chain at that event.
 */
export function eventHash(prevHash: string, fields: HashedFields, payloadText: string): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(canonicalJson(fields))
    .update('\n')
    .update(payloadText)
    .digest('hex');
}
