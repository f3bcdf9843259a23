import { createHash } from 'node:crypto';
import { canonicalJson } from '../domain/canonical-json.js';

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
