import { describe, expect, it } from 'vitest';
import type { TallyEntry } from '../client/records.js';
import { mayVoidOf } from './TallyHistory.js';

const organisations = [
  { id: 'cell', code: 'CELL', name: 'Cell', role: 'coordinating-body' },
  { id: 'sarc', code: 'SARC', name: 'SARC', role: 'ngo' },
];
const tally = (by: string | null) => ({ by }) as TallyEntry;

describe('who is offered Void on a tally', () => {
  it('is a coordinator for any tally, and a post officer for its own organisation’s only', () => {
    const coordinator = mayVoidOf({ organisations, role: 'coordinator', organisationId: 'cell' });
    expect([tally('sarc'), tally('cell'), tally(null)].map(coordinator)).toEqual([true, true, true]);
    const sarc = mayVoidOf({ organisations, role: 'post-officer', organisationId: 'sarc' });
    expect([tally('sarc'), tally('cell'), tally(null)].map(sarc)).toEqual([true, false, false]);
    // A tally with no organisation recorded is the coordinating body's, as the server rules.
    const cellOfficer = mayVoidOf({ organisations, role: 'post-officer', organisationId: 'cell' });
    expect([tally('sarc'), tally(null)].map(cellOfficer)).toEqual([false, true]);
    expect(mayVoidOf({ organisations, role: 'post-officer', organisationId: null })(tally(null))).toBe(false);
  });
});
