import { hash } from 'node:crypto';
import type { EventsTable } from './schema.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface HashedFields {
  id: string;
  operationId: string;
  type: string;
  schemaVersion: number;
  occurredAt: string;
  actor: string;
  organisation: string | null;
  originSite: string;
  originSeq: number;
}

/**
 * The fields of a stored event row that its hash covers, besides the payload text. Not `recordedAt`:
 * each node records when it received an event, and the hash must be the same on every node.
 */
export function hashedFields(
  row: Pick<
    EventsTable,
    | 'id'
    | 'operation_id'
    | 'type'
    | 'schema_version'
    | 'occurred_at'
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
    actor: row.actor,
    organisation: row.organisation,
    originSite: row.origin_site,
    originSeq: row.origin_seq,
  };
}

/**
 * The canonical (RFC 8785) JSON of the hashed fields, written out in their sorted key order: the same
 * text as canonicalJson(fields) (a test holds them equal), without sorting keys for every event.
 */
export function canonicalHeader(f: HashedFields): string {
  const q = JSON.stringify;
  return (
    `{"actor":${q(f.actor)},"id":${q(f.id)},"occurredAt":${q(f.occurredAt)},"operationId":${q(f.operationId)},` +
    `"organisation":${q(f.organisation)},"originSeq":${q(f.originSeq)},"originSite":${q(f.originSite)},` +
    `"schemaVersion":${q(f.schemaVersion)},"type":${q(f.type)}}`
  );
}

/**
 * SHA-256 over the previous hash, the canonical header and the payload text exactly as stored, so that
 * changing any byte of a stored payload (even white space) breaks the chain at that event. The previous
 * hash is that of the event before it from the same origin site (in origin-sequence order): each site's
 * events form one chain per operation, the same on every node that holds them.
 */
export function eventHash(prevHash: string, fields: HashedFields, payloadText: string): string {
  return hash('sha256', `${prevHash}\n${canonicalHeader(fields)}\n${payloadText}`, 'hex');
}
