import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../domain/accountability/engine.js';
import { DEFAULT_SAFE_PASSAGE } from '../domain/safe-passage/gates.js';
import { AccountabilityPolicy, SafePassagePolicy } from './events.js';

describe('the accountability policy', () => {
  it('defaults as the rules do for logs recorded before operations had one', () => {
    expect(AccountabilityPolicy.parse({})).toEqual(DEFAULT_POLICY);
  });
});

describe('the safe passage policy', () => {
  it('defaults as the gates do for operations that set none', () => {
    expect(SafePassagePolicy.parse({})).toEqual(DEFAULT_SAFE_PASSAGE);
  });
});
