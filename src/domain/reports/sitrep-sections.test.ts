import { describe, expect, it } from 'vitest';
import { convoysOnTheRoad } from './sitrep-sections.js';

type State = Parameters<typeof convoysOnTheRoad>[0];
const point = (x: number) => JSON.stringify({ type: 'Point', coordinates: [x, 36] });
const passage = (convoy: string, station: { checkpoint?: string; rp?: string }, at: string, voided = false) =>
  ({
    id: `${convoy}-${at}`,
    convoy_id: convoy,
    checkpoint_id: station.checkpoint ?? null,
    reception_point_id: station.rp ?? null,
    observed_at: at,
    voided_at: voided ? '2016-12-16T12:00:00Z' : null,
  }) as unknown as State['passages'][number];

describe('convoys on the sitrep map', () => {
  const state: State = {
    checkpoints: [
      { id: 'cp-in', code: 'CP-1', location: point(1) },
      { id: 'cp-out', code: 'CP-2', location: point(2) },
    ] as unknown as State['checkpoints'],
    reception_points: [
      { id: 'rp', code: 'RP-1', location: point(3) },
    ] as unknown as State['reception_points'],
    convoys: [
      { id: 'a', code: 'CVY-2', status: 'departed' },
      { id: 'b', code: 'CVY-1', status: 'departed' },
      { id: 'c', code: 'CVY-3', status: 'arrived' },
      { id: 'd', code: 'CVY-4', status: 'departed' },
    ] as unknown as State['convoys'],
    passages: [
      passage('a', { checkpoint: 'cp-in' }, '2016-12-16T08:00:00Z'),
      passage('a', { checkpoint: 'cp-out' }, '2016-12-16T09:00:00Z'),
      // A voided tally does not move the convoy on.
      passage('b', { checkpoint: 'cp-in' }, '2016-12-16T08:30:00Z'),
      passage('b', { checkpoint: 'cp-out' }, '2016-12-16T09:30:00Z', true),
      passage('c', { rp: 'rp' }, '2016-12-16T10:00:00Z'),
    ],
  };

  it('puts each departed convoy at the last station that counted it, in code order', () => {
    expect(convoysOnTheRoad(state)).toEqual([
      { code: 'CVY-1', station: 'CP-1', at: '2016-12-16T08:30:00Z', coordinates: [1, 36] },
      { code: 'CVY-2', station: 'CP-2', at: '2016-12-16T09:00:00Z', coordinates: [2, 36] },
    ]);
  });

  it('leaves out arrived convoys and those no station has counted', () => {
    const codes = convoysOnTheRoad(state).map((c) => c.code);
    expect(codes).not.toContain('CVY-3');
    expect(codes).not.toContain('CVY-4');
  });
});
