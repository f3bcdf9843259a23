import { describe, expect, it } from 'vitest';
import type { PlanProposedPayload } from '../../contracts/planning/plans.js';
import type { Position } from '../../domain/geo.js';
import { convoysOfPlan, corridorFollowed, corridorProfiles } from './plan-convoys.js';

const line = (coordinates: Position[]) => ({ type: 'LineString' as const, coordinates });
const at = (lon: number, lat: number) => ({ type: 'Point' as const, coordinates: [lon, lat] as Position });
const places: PlanProposedPayload['places'] = [
  { key: 'PICK-1', kind: 'pickup-point', id: 'p1', location: at(37, 36) },
  { key: 'PICK-2', kind: 'pickup-point', id: 'p2', location: at(37, 36.01) },
  { key: 'RP-1', kind: 'reception-point', id: 'r1', location: at(37.1, 36) },
  { key: 'D', kind: 'depot', location: at(37.1, 36) },
];
const path = line([
  [37, 36],
  [37.1, 36],
]);
function leg(from: string, to: string, departMin: number, seated: number, corridorId?: string) {
  return {
    from,
    to,
    departMin,
    arriveMin: departMin + 10,
    seated,
    stretcher: 0,
    path,
    ...(corridorId ? { corridorId } : {}),
  };
}
const vehicle = (vehicleId: string, legs: ReturnType<typeof leg>[]) => ({
  vehicleId,
  kind: 'bus' as const,
  depot: 'D',
  legs,
});

describe('convoys of a plan', () => {
  it('groups loaded legs by pickup point, reception point and half hour of departure', () => {
    const convoys = convoysOfPlan({
      places,
      vehicles: [
        vehicle('v1', [
          leg('D', 'PICK-1', 0, 0),
          leg('PICK-1', 'RP-1', 12, 40, 'c'),
          leg('PICK-1', 'RP-1', 50, 40, 'c'),
        ]),
        vehicle('v2', [leg('PICK-1', 'RP-1', 29, 30, 'c'), leg('PICK-2', 'RP-1', 31, 20, 'c')]),
      ],
    });
    expect(convoys.map((c) => [c.from, c.vehicleIds, c.departMin, c.seated])).toEqual([
      ['PICK-1', ['v1', 'v2'], 12, 70],
      ['PICK-2', ['v2'], 31, 20],
      ['PICK-1', ['v1'], 50, 40],
    ]);
    expect(convoys[0]).toMatchObject({ pickupPointId: 'p1', receptionPointId: 'r1', corridorId: 'c' });
  });

  it('puts a vehicle that makes two trips in one window into two convoys', () => {
    const convoys = convoysOfPlan({
      places,
      vehicles: [vehicle('v1', [leg('PICK-1', 'RP-1', 1, 5, 'c'), leg('PICK-1', 'RP-1', 20, 5, 'c')])],
    });
    expect(convoys.map((c) => [c.vehicleIds, c.departMin])).toEqual([
      [['v1'], 1],
      [['v1'], 20],
    ]);
  });

  it('registers a convoy under the corridor most of its legs follow, or none', () => {
    const convoys = convoysOfPlan({
      places,
      vehicles: [
        vehicle('v1', [leg('PICK-1', 'RP-1', 1, 5, 'a')]),
        vehicle('v2', [leg('PICK-1', 'RP-1', 2, 5, 'b')]),
        vehicle('v3', [leg('PICK-1', 'RP-1', 3, 5, 'b')]),
        vehicle('v4', [leg('PICK-2', 'RP-1', 3, 5)]),
      ],
    });
    expect(convoys.map((c) => c.corridorId)).toEqual(['b', undefined]);
  });
});

describe('the corridor a path follows', () => {
  const corridors = corridorProfiles([
    {
      id: 'north',
      code: 'COR-1',
      route: [
        [37, 36.01],
        [37.1, 36.01],
      ],
    },
    {
      id: 'south',
      code: 'COR-2',
      route: [
        [37, 36],
        [37.1, 36],
      ],
    },
  ]);

  it('is the corridor nearest to most of the path’s vertices', () => {
    const path: Position[] = [
      [37, 36.0005],
      [37.05, 36.001],
      [37.1, 36.009],
    ];
    expect(corridorFollowed(path, corridors)).toBe('south');
    expect(corridorFollowed([[37.05, 36.0095]], corridors)).toBe('north');
  });

  it('is none without corridors', () => {
    expect(corridorFollowed([[37, 36]], [])).toBeUndefined();
  });
});
