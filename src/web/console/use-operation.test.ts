import { describe, expect, it } from 'vitest';
import { freshOf } from './use-operation.js';

describe('reads of the view answered out of order', () => {
  it('drop a part a later read has shown, and keep what no later read touched', () => {
    const shown = new Map<string, number>();
    // Read 3 (a live refresh of the incidents) answers before read 1 (the first load's incidents and
    // plans) and read 2 (the convoys).
    expect(freshOf(shown, 3, { incidents: ['INC-1', 'INC-2'] })).toEqual({ incidents: ['INC-1', 'INC-2'] });
    expect(freshOf(shown, 1, { incidents: ['INC-1'], plans: ['PLAN-1'] })).toEqual({ plans: ['PLAN-1'] });
    expect(freshOf(shown, 2, { convoys: ['CVY-1'] })).toEqual({ convoys: ['CVY-1'] });
    // A later read of the incidents is shown; the same read twice is too (a page of several parts).
    expect(freshOf(shown, 4, { incidents: [] })).toEqual({ incidents: [] });
    expect(freshOf(shown, 4, { incidents: ['INC-3'] })).toEqual({ incidents: ['INC-3'] });
    expect(shown).toEqual(
      new Map([
        ['incidents', 4],
        ['plans', 1],
        ['convoys', 2],
      ]),
    );
  });
});
