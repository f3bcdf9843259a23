import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../domain/canonical-json.js';
import { canonicalHeader, eventHash, GENESIS_HASH, hashedFields, type HashedFields } from './event-hash.js';

const fields: HashedFields = {
  id: '019a1b2c-3d4e-7f00-8000-000000000001',
  operationId: 'aleppo-2016',
  type: 'PassageRecorded',
  schemaVersion: 1,
  occurredAt: '2016-12-15T08:05:00.000Z',
  actor: 'token:"quoted" \\ name حلب',
  organisation: null,
  originSite: 'POST-3',
  originSeq: 42,
};

describe('event hash', () => {
  it('writes the header exactly as canonical JSON would', () => {
    expect(canonicalHeader(fields)).toBe(canonicalJson(fields));
    expect(canonicalHeader({ ...fields, organisation: 'org' })).toBe(
      canonicalJson({ ...fields, organisation: 'org' }),
    );
  });

  it('is SHA-256 over the previous hash, the header and the payload text, a line each', () => {
    const prev = 'a'.repeat(64);
    const payload = '{"men":3}';
    const expected = createHash('sha256')
      .update(`${prev}\n${canonicalJson(fields)}\n${payload}`)
      .digest('hex');
    expect(eventHash(prev, fields, payload)).toBe(expected);
    expect(eventHash(prev, fields, '{"men":4}')).not.toBe(expected);
    expect(eventHash(prev, { ...fields, originSeq: 43 }, payload)).not.toBe(expected);
  });

  it('is the same whenever and wherever the event was received', () => {
    const row = {
      id: fields.id,
      operation_id: fields.operationId,
      type: fields.type,
      schema_version: fields.schemaVersion,
      occurred_at: fields.occurredAt,
      actor: fields.actor,
      organisation: fields.organisation,
      origin_site: fields.originSite,
      origin_seq: fields.originSeq,
    };
    const atHeadquarters = hashedFields({ ...row, recorded_at: '2016-12-15T09:00:00.000Z' } as typeof row);
    const atPost = hashedFields({ ...row, recorded_at: '2016-12-15T08:05:01.000Z' } as typeof row);
    expect(eventHash(GENESIS_HASH, atHeadquarters, '{}')).toBe(eventHash(GENESIS_HASH, atPost, '{}'));
  });
});
