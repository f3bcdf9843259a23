import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../domain/canonical-json.js';
import { canonicalHeader, eventHash, type HashedFields } from './event-hash.js';

const fields: HashedFields = {
  id: '019a1b2c-3d4e-7f00-8000-000000000001',
  operationId: 'aleppo-2016',
  type: 'PassageRecorded',
  schemaVersion: 1,
  occurredAt: '2016-12-15T08:05:00.000Z',
  recordedAt: '2026-11-27T04:00:00.000Z',
  actor: 'token:"quoted" \\ name حلب',
  organisation: null,
  originSite: 'phone-17',
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
});
