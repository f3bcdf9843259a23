import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('sorts object keys at every depth and leaves out white space', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('gives the same text for the same value whatever the key order', () => {
    expect(canonicalJson({ x: 1, y: [1, 2] })).toBe(canonicalJson({ y: [1, 2], x: 1 }));
  });

  it('drops undefined members and keeps Arabic text as is', () => {
    expect(canonicalJson({ a: undefined, name: 'حلب' })).toBe('{"name":"حلب"}');
  });

  it('refuses numbers JSON cannot carry', () => {
    expect(() => canonicalJson({ v: Number.NaN })).toThrow(TypeError);
  });
});
