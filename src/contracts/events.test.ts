import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../domain/accountability.js';
import { AccountabilityPolicy } from './events.js';

describe('the accountability policy', () => {
  it('defaults as the rules do for logs recorded before operations had one', () => {
    expect(AccountabilityPolicy.parse({})).toEqual(DEFAULT_POLICY);
  });
});
