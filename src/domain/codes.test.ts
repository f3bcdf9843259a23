import { describe, expect, it } from 'vitest';
import { formatCode, nextCode } from './codes.js';

describe('codes', () => {
  it('pads convoy numbers to four digits as people read them out', () => {
    expect(formatCode('convoys', 147)).toBe('CVY-0147');
    expect(formatCode('corridors', 3)).toBe('COR-3');
  });

  it('takes the number after the highest in use, ignoring codes of other shapes', () => {
    expect(nextCode('checkpoints', ['CP-1', 'CP-12', 'CP-ALPHA', 'COR-40'])).toBe('CP-13');
    expect(nextCode('command_posts', [])).toBe('POST-1');
    expect(nextCode('corridors', ['COR-2', 'COR-999999999999'])).toBe('COR-3');
  });
});
